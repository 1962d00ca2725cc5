package leibniz.autograd;

import java.util.function.UnaryOperator;
import leibniz.autograd.LayoutOpsProperties.Pair;
import leibniz.autograd.LayoutOpsProperties.Parts;
import leibniz.autograd.LayoutOpsProperties.Permuted;
import leibniz.autograd.LayoutOpsProperties.Strided;
import leibniz.autograd.TransformChecks.Batch;
import leibniz.autograd.check.TensorArbitraries;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The JVP and batching rules of the layout ops: each JVP is the op applied to the tangent, checked with a
 * square after it (so the tangent meets a value); each batch moves the same way past the batch axis. Names
 * follow {@link OpCoverageTest}.
 */
class LayoutTransformProperties {
    private static final int TRIES = 15;

    /** The JVP of L(x)² (so the tangent meets a value). */
    private static void jvp(UnaryOperator<Node> linear, Tensor x) {
        TransformChecks.jvp(xs -> linear.apply(xs.get(0)).square(), x);
    }

    private static void vmap(UnaryOperator<Node> linear, Tensor x, Batch b) {
        TransformChecks.vmap(xs -> linear.apply(xs.get(0)), b, x);
    }

    @Provide
    Arbitrary<Tensor> any() {
        return TensorArbitraries.tensors(0, 3, 3, -2, 2);
    }

    @Provide
    Arbitrary<Pair> pairs() {
        return LayoutOpsProperties.pairs(2);
    }

    @Provide
    Arbitrary<Permuted> permuted() {
        return LayoutOpsProperties.permuted(3, 2);
    }

    @Provide
    Arbitrary<Parts> parts() {
        return LayoutOpsProperties.parts(3, 2, 2);
    }

    @Provide
    Arbitrary<Strided> strided() {
        return new LayoutOpsProperties().strided();
    }

    @Provide
    Arbitrary<Batch> batches() {
        return TransformChecks.batches();
    }

    private static int[] reversed(Tensor x) {
        int[] r = new int[x.rank()];
        for (int i = 0; i < r.length; i++) {
            r[i] = x.shape().dim(x.rank() - 1 - i);
        }
        return r;
    }

    @Property(tries = TRIES)
    void jvpOfReshape(@ForAll("any") Tensor x) {
        jvp(n -> n.reshape(reversed(x)), x);
        jvp(n -> n.reshape(-1).unsqueeze(0), x);
    }

    @Property(tries = TRIES)
    void vmapOfReshape(@ForAll("any") Tensor x, @ForAll("batches") Batch b) {
        vmap(n -> n.reshape(reversed(x)), x, b);
        vmap(n -> n.reshape(-1).unsqueeze(0), x, b);
    }

    @Property(tries = TRIES)
    void jvpOfPermute(@ForAll("permuted") Permuted c) {
        jvp(n -> n.permute(c.axes()), c.x());
    }

    @Property(tries = TRIES)
    void vmapOfPermute(@ForAll("permuted") Permuted c, @ForAll("batches") Batch b) {
        vmap(n -> n.permute(c.axes()), c.x(), b);
        vmap(Node::transpose, c.x(), b);
    }

    @Property(tries = TRIES)
    void jvpOfBroadcastTo(@ForAll("pairs") Pair p) {
        jvp(n -> n.broadcastTo(p.shapes().broadcast()), p.small());
    }

    @Property(tries = TRIES)
    void vmapOfBroadcastTo(@ForAll("pairs") Pair p, @ForAll("batches") Batch b) {
        vmap(n -> n.broadcastTo(p.shapes().broadcast()), p.small(), b);
    }

    @Property(tries = TRIES)
    void jvpOfSumTo(@ForAll("pairs") Pair p) {
        jvp(n -> n.sumTo(p.shapes().a()), p.full());
    }

    /** The target may have lower rank than the input: the axes it drops lie after the batch axis. */
    @Property(tries = TRIES)
    void vmapOfSumTo(@ForAll("pairs") Pair p, @ForAll("batches") Batch b) {
        vmap(n -> n.sumTo(p.shapes().a()), p.full(), b);
    }

    @Property(tries = TRIES)
    void jvpOfSlice(@ForAll("strided") Strided c) {
        jvp(n -> n.slice(c.axis(), c.start(), c.end(), c.step()), c.x());
    }

    @Property(tries = TRIES)
    void vmapOfSlice(@ForAll("strided") Strided c, @ForAll("batches") Batch b) {
        vmap(n -> n.slice(c.axis(), c.start(), c.end(), c.step()), c.x(), b);
    }

    /** The pad that is the VJP of the case's slice, applied to a tensor of the slice's shape. */
    private static UnaryOperator<Node> pad(Strided c) {
        LayoutOps.Slice s = (LayoutOps.Slice) Node.constant(c.x()).slice(c.axis(), c.start(), c.end(), c.step()).op();
        LayoutOps.Pad pad = new LayoutOps.Pad(c.x().shape(), s.axis(), s.start(), s.end(), s.step());
        return n -> Node.apply(pad, n);
    }

    @Property(tries = TRIES)
    void jvpOfPad(@ForAll("strided") Strided c) {
        jvp(pad(c), c.x().slice(c.axis(), c.start(), c.end(), c.step()));
    }

    @Property(tries = TRIES)
    void vmapOfPad(@ForAll("strided") Strided c, @ForAll("batches") Batch b) {
        vmap(pad(c), c.x().slice(c.axis(), c.start(), c.end(), c.step()), b);
    }

    @Property(tries = TRIES)
    void jvpOfConcat(@ForAll("parts") Parts p) {
        int axis = p.axis();
        TransformChecks.jvp(xs -> Node.concat(axis, xs.get(0), xs.get(1), xs.get(2), xs.get(0)).square(),
                p.a(), p.b(), p.c());
    }

    /** Three parts, each batched, shared, or batched along another axis; the first part appears twice. */
    @Property(tries = TRIES)
    void vmapOfConcat(@ForAll("parts") Parts p, @ForAll("batches") Batch b) {
        int axis = p.axis() - p.a().rank();
        TransformChecks.vmap(xs -> Node.concat(axis, xs.get(0), xs.get(1), xs.get(2), xs.get(0)), b,
                p.a(), p.b(), p.c());
        TransformChecks.vmap(xs -> Node.stack(0, xs.get(0), xs.get(0).neg()), b, p.a());
    }
}
