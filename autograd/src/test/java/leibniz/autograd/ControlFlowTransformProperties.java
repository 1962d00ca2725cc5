package leibniz.autograd;

import static leibniz.autograd.TransformChecks.flat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import leibniz.autograd.ControlFlowProperties.Operands;
import leibniz.autograd.TransformChecks.Batch;
import leibniz.autograd.check.GradCheck;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Forward mode and vmap of {@code cond}, {@code whileLoop} and {@code checkpoint}: JVPs against central
 * differences and the double-VJP result (for the while loop, which has no VJP, against the loop unrolled for
 * as many steps as it takes); vmap against each example alone, with a predicate shared by the batch and with
 * one per example (which selects, or masks finished examples). Method names follow {@link OpCoverageTest}.
 */
class ControlFlowTransformProperties {
    private static final int TRIES = 15;

    @Provide
    Arbitrary<Operands> operands() {
        return new ControlFlowProperties().operands();
    }

    @Provide
    Arbitrary<Batch> batches() {
        return TransformChecks.batches();
    }

    /** Both results of a conditional on {@code p > 0}, where p (the first input) is a scalar kept away from 0. */
    private static Node onSign(List<Node> xs) {
        Node w = xs.get(3);
        return flat(ControlFlow.cond(xs.get(0).gt(Node.scalar(0)), ops -> ControlFlowProperties.onTrue(ops, w),
                ops -> ControlFlowProperties.onFalse(ops, w), List.of(xs.get(1), xs.get(2))));
    }

    private static Tensor sign(Operands o) {
        return Tensor.scalar(o.taken() ? 0.7 : -0.7);
    }

    @Property(tries = TRIES)
    void jvpOfCondOp(@ForAll("operands") Operands o) {
        TransformChecks.jvp(xs -> ControlFlowProperties.conditional(o, xs), o.all());
        TransformChecks.jvp(ControlFlowTransformProperties::onSign, sign(o), o.a(), o.b(), o.w());
    }

    /** Forward over reverse: the JVP of the conditional of the branches' VJPs. */
    @Property(tries = TRIES)
    void jvpOfCondOpOverItsGradient(@ForAll("operands") Operands o) {
        TransformChecks.jvp(xs -> flat(Autograd.grad(ControlFlowProperties.conditional(o, xs), xs)), o.all());
    }

    /** A predicate shared by the batch, or one per example: examples alternate branches when it is batched. */
    @Property(tries = TRIES)
    void vmapOfCondOp(@ForAll("operands") Operands o, @ForAll("batches") Batch b) {
        TransformChecks.vmap(xs -> flat(List.of(ControlFlowProperties.conditional(o, xs))), b, o.all());
        List<Tensor[]> examples = new ArrayList<>();
        Tensor[] signs = new Tensor[b.size()];
        for (int e = 0; e < signs.length; e++) {
            signs[e] = sign(o).mul(e % 2 == 0 ? 1 : -1 - e);
        }
        examples.add(signs);
        for (Tensor x : List.of(o.a(), o.b(), o.w())) {
            Tensor[] parts = new Tensor[b.size()];
            for (int e = 0; e < parts.length; e++) {
                parts[e] = x.mul(1 + e / 2.0);
            }
            examples.add(parts);
        }
        TransformChecks.vmapExamples(ControlFlowTransformProperties::onSign, b, examples);
    }

    /** Two tanh layers and an exponential, checkpointed, against fixed weights. */
    private static Node checkpointed(List<Node> xs) {
        return ControlFlowProperties.projected(Autograd.checkpoint(ControlFlowProperties::layersList, xs));
    }

    @Property(tries = TRIES)
    void jvpOfCheckpointOp(@ForAll("operands") Operands o) {
        TransformChecks.jvp(ControlFlowTransformProperties::checkpointed, o.all());
        TransformChecks.jvp(xs -> flat(Autograd.grad(checkpointed(xs), xs)), o.all());
        TransformChecks.sameJvp(ControlFlowTransformProperties::checkpointed,
                xs -> ControlFlowProperties.projected(ControlFlowProperties.layersList(xs)), o.all(), 1e-12);
    }

    @Property(tries = TRIES)
    void vmapOfCheckpointOp(@ForAll("operands") Operands o, @ForAll("batches") Batch b) {
        TransformChecks.vmap(xs -> flat(Autograd.checkpoint(ControlFlowProperties::layersList, xs)), b, o.all());
    }

    /** The JVP of a checkpointed call is a checkpointed call: the body's values are recomputed there, not kept. */
    @Test
    void jvpOfCheckpointOpIsACheckpointedCall() {
        Node x = Parameter.of("x", Tensor.vector(0.3, -0.2)).node();
        Node y = Autograd.checkpoint(v -> v.tanh().exp(), x);
        Node t = Autograd.jvp(y, List.of(x), List.of(Node.constant(Tensor.vector(1, 2))));
        long calls = Topo.order(List.of(t), false).stream().filter(n -> n.op() instanceof CheckpointOp).count();
        assertTrue(calls == 1, () -> calls + " checkpointed calls in the tangent's graph");
        assertTrue(t.value().allClose(Tensor.vector(1, 2).mul(x.value().tanh().exp())
                .mul(x.value().tanh().square().neg().add(1)), 1e-15));
    }

    /** Steps {@code v ← tanh(v w) + 2v + 0.1} while ‖v‖² < 100 (at most 40 steps); the carries v and the count. */
    private static List<Node> grow(Node v0, Node w) {
        return ControlFlow.whileLoop(
                c -> c.get(0).square().sum().lt(Node.scalar(100)).mul(c.get(1).lt(Node.scalar(40))),
                c -> List.of(step(c.get(0), w), c.get(1).add(1)), List.of(v0, Node.scalar(0)));
    }

    private static Node step(Node v, Node w) {
        return v.matmul(w).tanh().add(v.mul(2)).add(0.1);
    }

    /** The same loop unrolled in Java for the number of steps it takes at {@code v0, w}. */
    private static Function<List<Node>, Node> unrolled(Tensor v0, Tensor w) {
        int steps = (int) grow(Node.constant(v0), Node.constant(w)).get(1).value().item();
        return xs -> {
            Node v = xs.get(0);
            for (int s = 0; s < steps; s++) {
                v = step(v, xs.get(1));
            }
            return v;
        };
    }

    @Property(tries = TRIES)
    void jvpOfWhileLoopOp(@ForAll("operands") Operands o) {
        Function<List<Node>, Node> loop = xs -> grow(xs.get(0), xs.get(1)).get(0);
        GradCheck.of(loop).checkJvp(o.b(), o.w());
        TransformChecks.sameJvp(loop, unrolled(o.b(), o.w()), new Tensor[] {o.b(), o.w()}, 1e-10);
    }

    /** The loop's carries and their JVP along fixed tangents, to batch together. */
    private static List<Node> withJvp(List<Node> carries, List<Node> xs) {
        List<Node> ts = new ArrayList<>();
        for (int i = 0; i < xs.size(); i++) {
            ts.add(Node.constant(Tensor.normal(29 + i, 0, 1, xs.get(i).shape().dims())));
        }
        List<Node> out = new ArrayList<>(carries);
        out.add(Autograd.jvp(carries.get(0), xs, ts));
        return out;
    }

    /** A condition per example: each example stops after its own number of steps, the others carry on. */
    @Property(tries = TRIES)
    void vmapOfWhileLoopOpMasksFinishedExamples(@ForAll("operands") Operands o, @ForAll("batches") Batch b) {
        TransformChecks.Stacked s = TransformChecks.stacked(b, o.b(), o.w());
        TransformChecks.vmapOutputs(xs -> withJvp(grow(xs.get(0), xs.get(1)), xs), s.axes(), s.inputs());
    }

    /** A condition on a shared counter: the batched loop is one loop over batched carries, the counter shared. */
    @Property(tries = TRIES)
    void vmapOfWhileLoopOpWithASharedCondition(@ForAll("operands") Operands o, @ForAll("batches") Batch b) {
        TransformChecks.Stacked s = TransformChecks.stacked(b, o.b(), o.w());
        TransformChecks.vmapOutputs(xs -> withJvp(ControlFlow.whileLoop(c -> c.get(1).lt(Node.scalar(3)),
                c -> List.of(step(c.get(0), xs.get(1)), c.get(1).add(1)), List.of(xs.get(0), Node.scalar(0))), xs),
                s.axes(), s.inputs());
    }
}
