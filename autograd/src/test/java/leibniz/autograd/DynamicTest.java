package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Dynamic axes: one graph for sequences of any length, equal to the graph built for each length; refusals. */
class DynamicTest {
    private static final Parameter W = Parameter.of("w", Tensor.normal(1, 0, 0.4, 3, 4));
    private static final Parameter U = Parameter.of("u", Tensor.normal(2, 0, 0.4, 4, 4));
    private static final Parameter B = Parameter.of("b", Tensor.normal(3, 0, 0.4, 4));

    private static void assertMessage(String expected, Executable bad) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, bad).getMessage());
    }

    /**
     * A recurrent model over x [2, T, 3]: projections by a product before the loop, a scan along time, a
     * softmax-like normalisation along the last axis of its outputs, and a loss from the final state.
     */
    private static List<Node> model(Node x) {
        Node projected = x.matmul(W.node()).add(B.node());
        ControlFlow.Scanned run = ControlFlow.scan((c, s) -> {
            Node h = c.get(0).matmul(U.node()).add(s.get(0)).tanh();
            return new ControlFlow.Step(List.of(h), List.of(h));
        }, List.of(Node.constant(Tensor.zeros(2, 4))), List.of(projected), 1);
        Node hs = run.outputs().get(0);
        Node scores = hs.sub(hs.logsumexp(-1, true)).exp().mul(hs.max(2, true)).sum(2).mean(0);
        // A sum over the dynamic axis is a loop too.
        Node total = ControlFlow.scan((c, s) -> new ControlFlow.Step(List.of(c.get(0).add(s.get(0))), List.of()),
                List.of(Node.scalar(0)), List.of(scores)).carry().get(0);
        Node loss = total.mul(run.carry().get(0).sum(0).sum());
        List<Node> out = new ArrayList<>(List.of(loss, hs));
        out.addAll(Autograd.grad(loss.sum(), List.of(W.node(), U.node(), B.node(), x)));
        return out;
    }

    @Test
    void oneGraphGivesWhatTheGraphForEachLengthGives() {
        Node x = Node.placeholder("x", 2, Node.ANY, 3);
        assertEquals(1, x.dynamicAxis());
        assertEquals(Shape.of(2, 0, 3), x.shape());
        assertEquals("placeholder[2, ?, 3]", x.toString());
        List<Node> dynamic = model(x);
        assertEquals("mul[]", dynamic.get(0).toString());
        assertEquals("result 1[2, ?, 4]", dynamic.get(1).toString());
        Program p = Program.of(dynamic);
        for (int n : new int[] {1, 3, 7}) {
            Tensor data = Tensor.normal(10 + n, 0, 1, 2, n, 3);
            Node fixed = Node.placeholder("x" + n, 2, n, 3);
            List<Tensor> expected = Program.of(model(fixed)).run(Map.of(fixed, data));
            assertEquals(expected, p.run(Map.of(x, data)), n + " steps");
        }
    }

    @Test
    void secondDerivativesThroughADynamicLoop() {
        Node x = Node.placeholder("x", 2, Node.ANY, 3);
        Node v = Node.constant(Tensor.normal(4, 0, 1, 3, 4));
        Node loss = model(x).get(0);
        Node hv = Autograd.hvp(loss, W.node(), v);
        for (int n : new int[] {1, 4}) {
            Tensor data = Tensor.normal(20 + n, 0, 1, 2, n, 3);
            Node fixed = Node.placeholder("x" + n, 2, n, 3);
            Tensor expected = Program.of(Autograd.hvp(model(fixed).get(0), W.node(), v))
                    .run(Map.of(fixed, data)).get(0);
            assertEquals(expected, Program.of(hv).run(Map.of(x, data)).get(0), n + " steps");
        }
    }

    @Test
    void feedsAreCheckedAgainstTheDynamicShape() {
        Node x = Node.placeholder("x", 2, Node.ANY, 3);
        Program p = Program.of(x.exp());
        assertMessage("run: placeholder 'x' expects shape [2, ?, 3], was fed [2, 4, 5]",
                () -> p.run(Map.of(x, Tensor.zeros(2, 4, 5))));
        assertMessage("run: placeholder 'x' expects shape [2, ?, 3], was fed [2, 0, 3]",
                () -> p.run(Map.of(x, Tensor.zeros(2, 0, 3))));
        assertMessage("run: placeholder 'x' [2, ?, 3] was not fed", () -> p.run(Map.of()));
        assertEquals(Shape.of(2, 6, 3), p.run(Map.of(x, Tensor.zeros(2, 6, 3))).get(0).shape());
    }

    @Test
    void opsThatNeedStaticShapesRefuseADynamicAxisWhenBuilt() {
        Node x = Node.placeholder("x", 2, Node.ANY, 3);
        assertMessage("placeholder 'y': more than one dynamic dimension in [ANY, 2, ANY]",
                () -> Node.placeholder("y", Node.ANY, 2, Node.ANY));
        assertMessage("slice: [2, ?, 3] has a dynamic axis, whose length is known only when the program runs, and slice"
                + " needs static shapes here; scan along it, or work on its steps in the scan's body",
                () -> x.slice(1, 0, 1));
        assertMessage("sum: [2, ?, 3] has a dynamic axis, whose length is known only when the program runs, and sum"
                + " needs static shapes here; scan along it, or work on its steps in the scan's body", () -> x.sum(1));
        assertMessage("mean: [2, ?, 3] has a dynamic axis, whose length is known only when the program runs, and mean"
                + " needs static shapes here; scan along it, or work on its steps in the scan's body", x::mean);
        assertMessage("add: [2, ?, 3] and [5, 3]: a dynamic dimension broadcasts only against 1 or another dynamic one",
                () -> x.add(Node.placeholder("z", 5, 3)));
        assertMessage("reshape: [2, ?, 3] has a dynamic axis, whose length is known only when the program runs, and"
                + " reshape needs static shapes here; scan along it, or work on its steps in the scan's body",
                () -> x.reshape(-1, 3));
        assertMessage("scan: sequence 0 [2, ?, 3] has its dynamic axis at 1, not along the scanned axis 0",
                () -> ControlFlow.scan((c, s) -> new ControlFlow.Step(c, List.of()), List.of(Node.scalar(0)), List.of(x)));
        assertMessage("scan: sequence 1 [2, 5, 3] has 5 steps, sequence 0 [2, ?, 3] a dynamic length",
                () -> ControlFlow.scan((c, s) -> new ControlFlow.Step(c, List.of()), List.of(Node.scalar(0)),
                        List.of(x, Node.placeholder("y", 2, 5, 3)), 1));
        assertMessage("scan: carry 0 [2, ?, 3] has a dynamic axis; a carry keeps one shape from step to step",
                () -> ControlFlow.scan((c, s) -> new ControlFlow.Step(c, List.of()), List.of(x), 3));
        assertMessage("cond: placeholder[2, ?, 3] has a dynamic axis; a conditional takes static shapes",
                () -> ControlFlow.cond(Node.scalar(1), o -> o, o -> o, List.of(x)));
        assertMessage("peakBytes: placeholder[2, ?, 3] has a dynamic axis: the peak depends on the length the program"
                + " is fed", () -> Program.of(x.exp()).peakBytes());
        // Along the other axes, what keeps the dynamic one is accepted.
        assertEquals("sum[2, ?]", x.sum(2).toString());
        assertEquals("reshape[2, ?, 1, 3]", x.unsqueeze(2).toString());
        assertEquals("matmul[2, ?, 4]", x.matmul(W.node()).toString());
    }

    /**
     * The gradient with respect to a sequence of dynamic length that the loss does not read, or reads only for
     * its length, is zeros of the length fed, as PyTorch and JAX give; so is a tangent that nothing moves.
     */
    @Test
    void anInputTheLossDoesNotReadGetsZerosOfItsFedLength() {
        Node xs = Node.placeholder("xs", Node.ANY, 2);
        Node w = Parameter.of("w", Tensor.of(new double[] {1, 2}, 2)).node();
        // The carry is w^(T+1) after T steps, so d(Σ carry)/dw = (T+1) w^T.
        Node loop = ControlFlow.scan((c, x) -> new ControlFlow.Step(List.of(c.get(0).mul(w)), List.of()),
                List.of(w), List.of(xs)).carry().get(0).sum();
        Node call = Autograd.checkpoint(a -> List.of(a.get(1).mul(2)), List.of(xs, w)).get(0).sum();
        List<Node> outputs = new ArrayList<>(Autograd.grad(w.square().sum(), List.of(xs, w)));
        outputs.addAll(Autograd.grad(loop, List.of(xs, w)));
        outputs.addAll(Autograd.grad(call, List.of(xs, w)));
        outputs.add(Autograd.jvp(xs.mul(2), List.of(w), List.of(w)));
        Program p = Program.of(outputs);
        for (int n : new int[] {1, 3}) {
            Tensor zeros = Tensor.zeros(n, 2);
            double[] dLoop = n == 1 ? new double[] {2, 4} : new double[] {4, 32};
            assertEquals(List.of(zeros, Tensor.of(new double[] {2, 4}, 2), zeros, Tensor.of(dLoop, 2), zeros,
                    Tensor.of(new double[] {2, 2}, 2), zeros), p.run(Map.of(xs, Tensor.ones(n, 2))), n + " steps");
        }
    }
}
