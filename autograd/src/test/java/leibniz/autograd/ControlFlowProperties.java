package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import leibniz.autograd.check.GradCheck;
import leibniz.autograd.check.TensorArbitraries;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@code cond}, {@code checkpoint} and {@code whileLoop} against the same functions written without them
 * (values and gradients), and against central differences through {@link GradCheck}, first and second
 * order. Method names follow {@link OpCoverageTest}.
 */
class ControlFlowProperties {
    private static final int TRIES = 20;

    /** Operands {@code a [m, n]}, {@code b [n]} and a captured {@code w [n, n]}, and the branch a conditional takes. */
    record Operands(boolean taken, Tensor a, Tensor b, Tensor w) {
        Tensor[] all() {
            return new Tensor[] {a, b, w};
        }
    }

    @Provide
    Arbitrary<Operands> operands() {
        return Combinators.combine(Arbitraries.of(false, true), Arbitraries.integers().between(1, 3),
                Arbitraries.integers().between(1, 3)).flatAs((taken, m, n) ->
                Combinators.combine(TensorArbitraries.tensors(Shape.of(m, n), -1, 1),
                        TensorArbitraries.tensors(Shape.of(n), -1, 1), TensorArbitraries.tensors(Shape.of(n, n), -1, 1))
                        .as((a, b, w) -> new Operands(taken, a, b, w)));
    }

    /** The true branch: two results from the operands and the captured w. */
    static List<Node> onTrue(List<Node> ops, Node w) {
        Node a = ops.get(0);
        Node b = ops.get(1);
        return List.of(a.matmul(w).mul(b).sin(), a.mul(b).sum(0).tanh());
    }

    /** The false branch: the same shapes, another function, reading w too. */
    static List<Node> onFalse(List<Node> ops, Node w) {
        Node a = ops.get(0);
        Node b = ops.get(1);
        return List.of(a.exp().mul(b).add(w.sum(0)), b.square().mul(a.mean()));
    }

    /** Both results of the conditional, projected on fixed weights into one scalar. */
    static Node conditional(Operands o, List<Node> xs) {
        Node w = xs.get(2);
        List<Node> r = ControlFlow.cond(Node.scalar(o.taken() ? 1 : 0), ops -> onTrue(ops, w), ops -> onFalse(ops, w),
                List.of(xs.get(0), xs.get(1)));
        return projected(r);
    }

    static Node projected(List<Node> results) {
        Node total = Node.scalar(0);
        for (int k = 0; k < results.size(); k++) {
            Shape s = results.get(k).shape();
            total = total.add(results.get(k).mul(Node.constant(Tensor.normal(11 + k, 0, 1, s.dims()))).sum());
        }
        return total;
    }

    private static List<Node> leaves(Tensor... values) {
        List<Node> out = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            out.add(Parameter.of("x" + i, values[i]).node());
        }
        return out;
    }

    @Property(tries = TRIES)
    void gradOfCondOpByCentralDifferences(@ForAll("operands") Operands o) {
        GradCheck check = GradCheck.of(xs -> conditional(o, xs));
        check.check(o.all());
        check.checkSecondOrder(o.all());
    }

    @Property(tries = TRIES)
    void gradOfCondOpIsTheGradientOfTheBranchTaken(@ForAll("operands") Operands o) {
        List<Node> in = leaves(o.all());
        Node viaCond = conditional(o, in);
        List<Node> ops = List.of(in.get(0), in.get(1));
        Node direct = projected(o.taken() ? onTrue(ops, in.get(2)) : onFalse(ops, in.get(2)));
        List<Node> all = new ArrayList<>(List.of(viaCond));
        all.addAll(Autograd.grad(viaCond, in));
        List<Node> expected = new ArrayList<>(List.of(direct));
        expected.addAll(Autograd.grad(direct, in));
        assertEquals(Program.of(expected).run(), Program.of(all).run());
    }

    /** Two tanh layers {@code tanh(tanh(a w) + b)} summed against fixed weights. */
    private static Node layers(List<Node> xs) {
        return xs.get(0).matmul(xs.get(2)).tanh().add(xs.get(1)).tanh().matmul(xs.get(2)).square();
    }

    @Property(tries = TRIES)
    void gradOfCheckpointOpByCentralDifferences(@ForAll("operands") Operands o) {
        GradCheck check = GradCheck.of(xs -> projected(Autograd.checkpoint(ControlFlowProperties::layersList, xs)));
        check.check(o.all());
        check.checkSecondOrder(o.all());
    }

    static List<Node> layersList(List<Node> xs) {
        return List.of(layers(xs), xs.get(1).exp());
    }

    @Property(tries = TRIES)
    void gradOfCheckpointOpIsTheSameBitForBit(@ForAll("operands") Operands o) {
        List<Node> in = leaves(o.all());
        Node plain = projected(layersList(in));
        Node remat = projected(Autograd.checkpoint(ControlFlowProperties::layersList, in));
        List<Node> a = new ArrayList<>(List.of(plain));
        a.addAll(Autograd.grad(plain, in));
        List<Node> b = new ArrayList<>(List.of(remat));
        b.addAll(Autograd.grad(remat, in));
        assertEquals(Program.of(a).run(), Program.of(b).run());
        // Second derivatives too: the checkpoint's VJP is itself checkpointed.
        Node va = Node.scalar(0);
        Node vb = Node.scalar(0);
        for (int i = 0; i < in.size(); i++) {
            Node r = Node.constant(Tensor.normal(5 + i, 0, 1, in.get(i).shape().dims()));
            va = va.add(a.get(1 + i).mul(r).sum());
            vb = vb.add(b.get(1 + i).mul(r).sum());
        }
        assertEquals(Program.of(Autograd.grad(va, in)).run(), Program.of(Autograd.grad(vb, in)).run());
    }

    @Property(tries = TRIES)
    void noGradOfWhileLoopOpIsRefusedWithASentence(@ForAll("operands") Operands o) {
        List<Node> in = leaves(o.all());
        // Doubles b until its norm passes 10: the number of steps depends on the data.
        List<Node> out = ControlFlow.whileLoop(c -> c.get(0).square().sum().lt(Node.scalar(100)),
                c -> List.of(c.get(0).mul(2).add(in.get(2).sum(0).mul(0.01)), c.get(1).add(1)),
                List.of(in.get(1).add(0.5), Node.scalar(0)));
        double[] b = o.b().add(0.5).toArray();
        double[] w = o.w().sum(0).mul(0.01).toArray();
        int steps = 0;
        while (Tensor.vector(b).square().sum().item() < 100) {
            for (int j = 0; j < b.length; j++) {
                b[j] = b[j] * 2 + w[j];
            }
            steps++;
        }
        assertEquals(Tensor.vector(b), out.get(0).value());
        assertEquals(steps, out.get(1).value().item());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Autograd.grad(out.get(0).sum(), in.get(1)));
        assertEquals("whileLoop: is not reverse-differentiable, as its number of steps is known only when it runs; for a"
                + " fixed number of steps use ControlFlow.scan, or detach() the loop's inputs to take no gradient"
                + " through it", e.getMessage());
        // The step count reaches no input through a gradient: it is the symbolic zero, not a refusal.
        assertTrue(Autograd.grad(out.get(1), in.get(0)).get(0).isZero());
    }
}
