package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import leibniz.autograd.check.GradCheck;
import leibniz.autograd.check.ShapePair;
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
 * First and second derivatives of the layout ops ({@link LayoutOps}) over random shapes and
 * attributes. These ops are linear, so their own second derivative is zero; the second-order check
 * runs on {@code L(x)²}, whose gradient {@code Lᵀ(2 L(x) ⊙ r)} goes through the op's VJP and the VJP
 * of that VJP (slice's VJP is pad, pad's is slice, broadcastTo's is sumTo and back).
 */
class LayoutOpsProperties {
    private static final int TRIES = 25;

    /** The first-order check of L and the second-order check of L(x)², at x of {@code shape} from {@code rng}. */
    private static void gradients(SplittableRandom rng, Shape shape, UnaryOperator<Node> linear) {
        Tensor x = Samples.uniform(rng, shape);
        GradCheck.of(xs -> linear.apply(xs.get(0))).check(x);
        GradCheck.of(xs -> linear.apply(xs.get(0)).square()).checkSecondOrder(x);
    }

    @Provide
    Arbitrary<Shape> shapes() {
        return TensorArbitraries.shapes(0, 3, 4);
    }

    @Provide
    Arbitrary<Shape> nonScalar() {
        return TensorArbitraries.shapes(1, 4, 3);
    }

    @Provide
    Arbitrary<ShapePair> pairs() {
        return TensorArbitraries.broadcastPairs(3, 3);
    }

    @Property(tries = TRIES)
    void gradOfReshape(@ForAll("shapes") Shape s, @ForAll long seed) {
        int[] reversed = new int[s.rank()];
        for (int i = 0; i < reversed.length; i++) {
            reversed[i] = s.dim(s.rank() - 1 - i);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        gradients(rng, s, x -> x.reshape(reversed));
        gradients(rng, s, x -> x.reshape(-1));
    }

    @Property(tries = TRIES)
    void gradOfReshapeBySqueezeAndUnsqueeze(@ForAll("shapes") Shape s, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int at = rng.nextInt(s.rank() + 1);
        gradients(rng, s, x -> x.unsqueeze(at).squeeze(at));
        gradients(rng, s, x -> x.unsqueeze(-1).squeeze());
    }

    @Property(tries = TRIES)
    void gradOfPermute(@ForAll("nonScalar") Shape s, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] order = Samples.permutation(rng, s.rank());
        gradients(rng, s, x -> x.permute(order));
        gradients(rng, s, Node::transpose);
    }

    @Property(tries = TRIES)
    void gradOfPermuteWithNegativeAxes(@ForAll("nonScalar") Shape s, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] order = Samples.permutation(rng, s.rank());
        for (int i = 0; i < order.length; i++) {
            order[i] -= rng.nextBoolean() ? s.rank() : 0;
        }
        gradients(rng, s, x -> x.permute(order));
    }

    @Property(tries = TRIES)
    void gradOfBroadcastTo(@ForAll("pairs") ShapePair pair, @ForAll long seed) {
        Shape target = pair.broadcast();
        gradients(new SplittableRandom(seed), pair.a(), x -> x.broadcastTo(target));
    }

    @Property(tries = TRIES)
    void gradOfSumTo(@ForAll("pairs") ShapePair pair, @ForAll long seed) {
        Shape target = pair.a();
        gradients(new SplittableRandom(seed), pair.broadcast(), x -> x.sumTo(target));
    }

    @Property(tries = TRIES)
    void gradOfSlice(@ForAll("nonScalar") Shape s, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int axis = rng.nextInt(s.rank());
        int start = rng.nextInt(s.dim(axis));
        int end = rng.nextInt(start + 1, s.dim(axis) + 1);
        gradients(rng, s, x -> x.slice(axis, start, end));
        gradients(rng, s, x -> x.slice(axis - s.rank(), start, end));
    }

    /** A tensor, an axis of it (maybe negative), and Python slice bounds from well before to well after it. */
    record Strided(Tensor x, int axis, int start, int end, int step) {}

    @Provide
    Arbitrary<Strided> strided() {
        return TensorArbitraries.tensors(1, 3, 4, -2, 2).flatMap(x -> Combinators.combine(
                Arbitraries.integers().between(-x.rank(), x.rank() - 1), Arbitraries.integers().between(-5, 5),
                Arbitraries.integers().between(-5, 6), Arbitraries.integers().between(1, 3))
                .as((axis, start, end, step) -> new Strided(x, axis, start, end, step)));
    }

    @Property(tries = TRIES)
    void gradOfSliceWithAStep(@ForAll("strided") Strided c) {
        UnaryOperator<Node> slice = x -> x.slice(c.axis(), c.start(), c.end(), c.step());
        GradCheck.of(xs -> slice.apply(xs.get(0))).check(c.x());
        GradCheck.of(xs -> slice.apply(xs.get(0)).square()).checkSecondOrder(c.x());
        assertEquals(c.x().slice(c.axis(), c.start(), c.end(), c.step()), slice.apply(Node.constant(c.x())).value());
    }

    @Property(tries = TRIES)
    void gradOfPadWithAStep(@ForAll("strided") Strided c) {
        Shape target = c.x().shape();
        // The slice's own bounds, clamped by the fluent method, are the ones its VJP pads with.
        LayoutOps.Slice s = (LayoutOps.Slice) Node.constant(c.x()).slice(c.axis(), c.start(), c.end(), c.step()).op();
        LayoutOps.Pad pad = new LayoutOps.Pad(target, s.axis(), s.start(), s.end(), s.step());
        Tensor g = c.x().slice(c.axis(), c.start(), c.end(), c.step());
        GradCheck.of(xs -> Node.apply(pad, xs.get(0))).check(g);
        GradCheck.of(xs -> Node.apply(pad, xs.get(0)).square()).checkSecondOrder(g);
        assertEquals(Tensor.zeros(target).sliceScatter(g, c.axis(), c.start(), c.end(), c.step()),
                Node.apply(pad, Node.constant(g)).value());
    }

    @Property(tries = TRIES)
    void gradOfPad(@ForAll("nonScalar") Shape s, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int axis = rng.nextInt(s.rank());
        int start = rng.nextInt(3);
        int size = s.dim(axis) + start + rng.nextInt(3);
        gradients(rng, s, x -> Node.apply(new LayoutOps.Pad(s.withDim(axis, size), axis, start, start + s.dim(axis), 1), x));
    }

    @Property(tries = TRIES)
    void gradOfConcat(@ForAll("nonScalar") Shape s, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int axis = rng.nextInt(s.rank());
        Tensor a = Samples.uniform(rng, s);
        Tensor b = Samples.uniform(rng, s.withDim(axis, rng.nextInt(1, 4)));
        Tensor c = Samples.uniform(rng, s.withDim(axis, 1));
        GradCheck.of(xs -> Node.concat(axis, xs.get(0), xs.get(1), xs.get(2), xs.get(0))).check(a, b, c);
        GradCheck.of(xs -> Node.concat(axis - s.rank(), xs.get(0), xs.get(1), xs.get(2)).square())
                .checkSecondOrder(a, b, c);
    }

    @Property(tries = TRIES)
    void gradOfConcatByStack(@ForAll("shapes") Shape s, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int axis = rng.nextInt(s.rank() + 1);
        Tensor a = Samples.uniform(rng, s);
        Tensor b = Samples.uniform(rng, s);
        GradCheck.of(xs -> Node.stack(axis, xs.get(0), xs.get(1), xs.get(0))).check(a, b);
        GradCheck.of(xs -> Node.stack(axis - s.rank() - 1, xs.get(0), xs.get(1)).square()).checkSecondOrder(a, b);
    }
}
