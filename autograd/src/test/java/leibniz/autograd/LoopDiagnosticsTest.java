package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Debug mode through loops, conditionals and checkpointed calls: their bodies run in debug mode too, so a NaN
 * made inside a body is reported at the op there, with the loop, the body and the step, and what debug mode lets
 * through outside a loop (an infinity from an infinite input) it lets through inside one. This JVM runs without
 * {@code -Dleibniz.debug}, so no node records its site.
 */
class LoopDiagnosticsTest {
    private static final Program.Options DEBUG = Program.Options.defaults().debug(true);

    private static Program debug(Node... outputs) {
        return Program.of(List.of(outputs), List.of(), DEBUG);
    }

    /** The report of the run of {@code p} on {@code feed}, which stops. */
    private static NonFiniteException stop(Program p, Map<Node, Tensor> feed) {
        return assertThrows(NonFiniteException.class, () -> p.run(feed));
    }

    private static ControlFlow.Step step(Node carry, Node... outputs) {
        return new ControlFlow.Step(List.of(carry), List.of(outputs));
    }

    @Test
    void aMaskOfMinusInfinityInAScanIsLetThroughAsOneOpPerNodeIs() {
        Node xs = Node.placeholder("xs", 3, 2);
        Node mask = Node.constant(Tensor.vector(0, Double.NEGATIVE_INFINITY));
        Node ys = ControlFlow.scan((c, x) -> step(c.get(0), x.get(0).add(mask)),
                List.of(Node.constant(Tensor.zeros(2))), List.of(xs)).outputs().get(0);
        Tensor in = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 3, 2);
        Tensor expected = Tensor.of(new double[] {1, Double.NEGATIVE_INFINITY, 3, Double.NEGATIVE_INFINITY, 5,
            Double.NEGATIVE_INFINITY}, 3, 2);
        assertEquals(expected, debug(xs.add(mask)).run(Map.of(xs, in)).get(0));
        assertEquals(expected, debug(ys).run(Map.of(xs, in)).get(0));
    }

    @Test
    void aNanInAScanIsReportedAtTheOpInTheBodyWithItsStep() {
        Parameter w = Parameter.of("w", Tensor.vector(0.5, -0.3));
        Node xs = Node.placeholder("xs", 3, 2);
        Node[] log = new Node[1];
        ControlFlow.Scanned s = ControlFlow.scan((c, x) -> {
            log[0] = c.get(0).mul(w.node()).add(x.get(0)).log();
            return step(log[0]);
        }, List.of(Node.constant(Tensor.ones(2))), List.of(xs));
        Node loss = s.carry().get(0).sum();
        Program p = Program.of(List.of(loss, Autograd.grad(loss, w.node()).get(0)), List.of(), DEBUG);
        // Step 0 is finite; step 1 takes the log of a negative number.
        Tensor data = Tensor.of(new double[] {2, 3, -2, 3, 2, 3}, 3, 2);
        NonFiniteException e = stop(p, Map.of(xs, data));
        assertEquals("NaN in log[2]: 1 of 2 elements, first at [0]\n"
                + "  input 0, add[2]: min -1.54185, max 2.70202, no NaN, no infinity\n"
                + "  depends on parameter 'w'\n"
                + "  in step 1 of 3 of scan", e.getMessage());
        // The node in the body: the user's, rebuilt over the stand-in of the parameter it read.
        assertEquals(log[0].op(), e.node().op());
        assertEquals(List.of(s.carry().get(0).input(0)), e.loops());
        assertEquals(List.of(w), e.parameters());
    }

    @Test
    void aNanInTheGradientOfAScanNamesTheReverseLoopAndTheForwardOne() {
        Node xs = Node.placeholder("xs", 3, 2);
        Node loss = ControlFlow.scan((c, x) -> step(c.get(0).add(x.get(0).sqrt())),
                List.of(Node.constant(Tensor.zeros(2))), List.of(xs)).carry().get(0).sum();
        Node dxs = Autograd.grad(loss, xs).get(0);
        Tensor data = Tensor.of(new double[] {1, 4, 0, 9, 16, 25}, 3, 2);
        NonFiniteException e = stop(debug(loss, dxs), Map.of(xs, data));
        assertEquals("infinity in div[2]: 1 of 2 elements, first at [0]\n"
                + "  input 0, placeholder 'scan cotangent 0' [2]: min 1.0, max 1.0, no NaN, no infinity\n"
                + "  input 1, mul[2]: min 0.0, max 6.0, no NaN, no infinity\n"
                + "  in step 1 of 3 of scan reverse, in the derivative of scan", e.getMessage());
    }

    @Test
    void aNanInABranchNamesTheBranch() {
        Node x = Node.placeholder("x", 2);
        Node y = ControlFlow.cond(x.sum().gt(Node.scalar(0)), v -> List.of(v.get(0).log()),
                v -> List.of(v.get(0).neg().log()), List.of(x)).get(0);
        assertEquals(Tensor.vector(0, Math.log(2)), debug(y).run(Map.of(x, Tensor.vector(1, 2))).get(0));
        NonFiniteException e = stop(debug(y), Map.of(x, Tensor.vector(-1, 2)));
        assertEquals("NaN in log[2]: 1 of 2 elements, first at [0]\n"
                + "  input 0, placeholder 'cond operand 0' [2]: min -1.0, max 2.0, no NaN, no infinity\n"
                + "  in the true branch of cond", e.getMessage());
    }

    @Test
    void aNanInAWhileLoopNamesTheBodyAndTheStep() {
        Node x = Node.placeholder("x", 1);
        // 4, 2, 0, -2: sqrt of -2 at step 3 of the body, before the condition sees it.
        List<Node> out = ControlFlow.whileLoop(c -> c.get(0).sum().gt(Node.scalar(-1)),
                c -> List.of(c.get(0).sub(2), c.get(0).sub(2).sqrt()), List.of(x, Node.constant(Tensor.vector(0))));
        NonFiniteException e = stop(debug(out.get(1)), Map.of(x, Tensor.vector(6)));
        assertEquals("NaN in sqrt[1]: 1 of 1 element, first at [0]\n"
                + "  input 0, sub[1]: min -2.0, max -2.0, no NaN, no infinity\n"
                + "  in step 3 of the body of whileLoop", e.getMessage());
        assertEquals(List.of(out.get(1).input(0)), e.loops());
    }

    @Test
    void aNanInACheckpointInAScanNamesBoth() {
        Node xs = Node.placeholder("xs", 3, 2);
        Node ys = ControlFlow.scan((c, x) -> step(c.get(0), Autograd.checkpoint(v -> v.log(), x.get(0))),
                List.of(Node.constant(Tensor.zeros(2))), List.of(xs)).outputs().get(0);
        NonFiniteException e = stop(debug(ys), Map.of(xs, Tensor.of(new double[] {1, 2, 3, 4, 5, -6}, 3, 2)));
        assertEquals("NaN in log[2]: 1 of 2 elements, first at [1]\n"
                + "  input 0, placeholder 'checkpoint input 0' [2]: min -6.0, max 5.0, no NaN, no infinity\n"
                + "  in checkpoint\n"
                + "  in step 2 of 3 of scan", e.getMessage());
        assertEquals(List.of("checkpoint", "scan"), e.loops().stream().map(n -> n.op().name()).toList());
    }
}
