package leibniz.autograd;

import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import leibniz.autograd.LayoutOpsProperties.Strided;
import leibniz.autograd.TransformChecks.Batch;
import leibniz.autograd.check.ShapePair;
import leibniz.autograd.check.TensorArbitraries;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
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
    Arbitrary<Tensor> nonScalar() {
        return TensorArbitraries.tensors(1, 3, 3, -2, 2);
    }

    /** A pair of shapes that broadcast, a tensor of the first and one of their broadcast, for broadcastTo and sumTo. */
    record Pair(ShapePair shapes, Tensor small, Tensor full) {}

    @Provide
    Arbitrary<Pair> pairs() {
        return TensorArbitraries.broadcastPairs(3, 3).flatMap(p -> Combinators.combine(
                TensorArbitraries.tensors(p.a(), -2, 2), TensorArbitraries.tensors(p.broadcast(), -2, 2))
                .as((s, f) -> new Pair(p, s, f)));
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
    void jvpOfPermute(@ForAll("nonScalar") Tensor x, @ForAll long seed) {
        int[] order = Samples.permutation(new SplittableRandom(seed), x.rank());
        jvp(n -> n.permute(order), x);
    }

    @Property(tries = TRIES)
    void vmapOfPermute(@ForAll("nonScalar") Tensor x, @ForAll("batches") Batch b, @ForAll long seed) {
        int[] order = Samples.permutation(new SplittableRandom(seed), x.rank());
        order[0] -= x.rank();
        vmap(n -> n.permute(order), x, b);
        vmap(Node::transpose, x, b);
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
    void jvpOfConcat(@ForAll("nonScalar") Tensor x, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int axis = rng.nextInt(x.rank());
        Tensor y = Samples.uniform(rng, x.shape().withDim(axis, rng.nextInt(1, 3)));
        Tensor z = Samples.uniform(rng, x.shape().withDim(axis, 1));
        TransformChecks.jvp(xs -> Node.concat(axis, xs.get(0), xs.get(1), xs.get(2), xs.get(0)).square(), x, y, z);
    }

    /** Three parts, each batched, shared, or batched along another axis; the first part appears twice. */
    @Property(tries = TRIES)
    void vmapOfConcat(@ForAll("nonScalar") Tensor x, @ForAll("batches") Batch b, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int axis = rng.nextInt(x.rank());
        Tensor y = Samples.uniform(rng, x.shape().withDim(axis, rng.nextInt(1, 3)));
        Tensor z = Samples.uniform(rng, x.shape().withDim(axis, 1));
        TransformChecks.vmap(xs -> Node.concat(axis - x.rank(), xs.get(0), xs.get(1), xs.get(2), xs.get(0)), b,
                x, y, z);
        TransformChecks.vmap(xs -> Node.stack(0, xs.get(0), xs.get(0).neg()), b, x);
    }
}
