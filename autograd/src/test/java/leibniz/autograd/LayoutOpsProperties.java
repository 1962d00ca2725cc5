package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
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
 * attributes, and their F32 twins ({@link OpChecks#linear}). These ops are linear, so their own second
 * derivative is zero; the second-order check runs on {@code L(x)²}, whose gradient {@code Lᵀ(2 L(x) ⊙ r)}
 * goes through the op's VJP and the VJP of that VJP (slice's VJP is pad, pad's is slice, broadcastTo's is
 * sumTo and back). Inputs and attributes are generated together, so a failure shrinks to a small case.
 */
class LayoutOpsProperties {
    private static final int TRIES = 25;

    private static void gradients(Tensor x, UnaryOperator<Node> linear) {
        OpChecks.linear(xs -> linear.apply(xs.get(0)), x);
    }

    @Provide
    Arbitrary<Tensor> any() {
        return TensorArbitraries.tensors(0, 3, 4, -1, 1);
    }

    private static Arbitrary<Tensor> uniform(Shape s) {
        return TensorArbitraries.tensors(s, -1, 1);
    }

    /** A tensor of rank 1 to 4 and a number, for the attributes each property derives from it. */
    record WithInt(Tensor x, int i) {}

    /** A tensor of rank 1 to 4 and a permutation of its axes. */
    record Permuted(Tensor x, List<Integer> order) {
        int[] axes() {
            return order.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    @Provide
    Arbitrary<Permuted> permuted() {
        return permuted(4, 1);
    }

    /** Tensors of rank 1 to {@code maxRank}, values in [−range, range], each with a permutation, some axes negative. */
    static Arbitrary<Permuted> permuted(int maxRank, double range) {
        return TensorArbitraries.shapes(1, maxRank, 3).flatMap(s -> Combinators.combine(
                TensorArbitraries.tensors(s, -range, range),
                TensorArbitraries.permutations(s.rank()), Arbitraries.integers().between(0, (1 << s.rank()) - 1))
                .as((x, order, negative) -> {
                    List<Integer> axes = new ArrayList<>();
                    for (int t = 0; t < order.length; t++) {
                        axes.add(order[t] - ((negative >> t & 1) != 0 ? s.rank() : 0));
                    }
                    return new Permuted(x, axes);
                }));
    }

    @Provide
    Arbitrary<WithInt> insertions() {
        return TensorArbitraries.shapes(0, 3, 4).flatMap(s -> Combinators.combine(uniform(s),
                Arbitraries.integers().between(0, s.rank())).as(WithInt::new));
    }

    /** A pair of shapes that broadcast, and a tensor of each: the first's and their broadcast's. */
    record Pair(ShapePair shapes, Tensor small, Tensor full) {}

    @Provide
    Arbitrary<Pair> pairs() {
        return pairs(1);
    }

    /** Pairs of rank up to 3 with values in [−range, range]. */
    static Arbitrary<Pair> pairs(double range) {
        return TensorArbitraries.broadcastPairs(3, 3).flatMap(p -> Combinators.combine(
                TensorArbitraries.tensors(p.a(), -range, range),
                TensorArbitraries.tensors(p.broadcast(), -range, range)).as((a, full) -> new Pair(p, a, full)));
    }

    /** A tensor, an axis of it and a non-empty range [start, end) along it. */
    record Slice(Tensor x, int axis, int start, int end) {}

    @Provide
    Arbitrary<Slice> slices() {
        return TensorArbitraries.shapes(1, 4, 3).flatMap(s -> Arbitraries.integers().between(0, s.rank() - 1)
                .flatMap(axis -> Arbitraries.integers().between(0, s.dim(axis) - 1).flatMap(start ->
                        Combinators.combine(uniform(s), Arbitraries.integers().between(start + 1, s.dim(axis)))
                                .as((x, end) -> new Slice(x, axis, start, end)))));
    }

    /** A tensor, an axis of it, and the zeros padded before and after it along the axis (0 to 2 each). */
    record Padding(Tensor x, int axis, int before, int after) {}

    @Provide
    Arbitrary<Padding> paddings() {
        return TensorArbitraries.shapes(1, 4, 3).flatMap(s -> Combinators.combine(uniform(s),
                Arbitraries.integers().between(0, s.rank() - 1), Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, 2)).as(Padding::new));
    }

    /** Parts to concatenate along an axis: a, b with 1 to maxSize along it, c with 1. */
    record Parts(int axis, Tensor a, Tensor b, Tensor c) {}

    @Provide
    Arbitrary<Parts> parts() {
        return parts(4, 3, 1);
    }

    /** Parts of rank 1 to {@code maxRank} with values in [−range, range]. */
    static Arbitrary<Parts> parts(int maxRank, int maxSize, double range) {
        return TensorArbitraries.shapes(1, maxRank, 3).flatMap(s -> Combinators.combine(
                Arbitraries.integers().between(0, s.rank() - 1), Arbitraries.integers().between(1, maxSize))
                .flatAs((axis, size) -> Combinators.combine(TensorArbitraries.tensors(s, -range, range),
                        TensorArbitraries.tensors(s.withDim(axis, size), -range, range),
                        TensorArbitraries.tensors(s.withDim(axis, 1), -range, range))
                        .as((a, b, c) -> new Parts(axis, a, b, c))));
    }

    /** Two parts of one shape of rank 0 to 3 to stack along a new axis. */
    @Provide
    Arbitrary<Parts> stackable() {
        return TensorArbitraries.shapes(0, 3, 4).flatMap(s -> Combinators.combine(
                Arbitraries.integers().between(0, s.rank()), uniform(s), uniform(s))
                .as((axis, a, b) -> new Parts(axis, a, b, a)));
    }

    @Property(tries = TRIES)
    void gradOfReshape(@ForAll("any") Tensor x) {
        int[] reversed = new int[x.rank()];
        for (int i = 0; i < reversed.length; i++) {
            reversed[i] = x.shape().dim(x.rank() - 1 - i);
        }
        gradients(x, n -> n.reshape(reversed));
        gradients(x, n -> n.reshape(-1));
    }

    @Property(tries = TRIES)
    void gradOfReshapeBySqueezeAndUnsqueeze(@ForAll("insertions") WithInt c) {
        gradients(c.x(), n -> n.unsqueeze(c.i()).squeeze(c.i()));
        gradients(c.x(), n -> n.unsqueeze(-1).squeeze());
    }

    @Property(tries = TRIES)
    void gradOfPermute(@ForAll("permuted") Permuted c) {
        int[] order = c.order().stream().mapToInt(a -> a < 0 ? a + c.x().rank() : a).toArray();
        gradients(c.x(), n -> n.permute(order));
        gradients(c.x(), Node::transpose);
    }

    @Property(tries = TRIES)
    void gradOfPermuteWithNegativeAxes(@ForAll("permuted") Permuted c) {
        gradients(c.x(), n -> n.permute(c.axes()));
    }

    @Property(tries = TRIES)
    void gradOfBroadcastTo(@ForAll("pairs") Pair p) {
        gradients(p.small(), n -> n.broadcastTo(p.shapes().broadcast()));
    }

    @Property(tries = TRIES)
    void gradOfSumTo(@ForAll("pairs") Pair p) {
        gradients(p.full(), n -> n.sumTo(p.shapes().a()));
    }

    @Property(tries = TRIES)
    void gradOfSlice(@ForAll("slices") Slice c) {
        gradients(c.x(), n -> n.slice(c.axis(), c.start(), c.end()));
        gradients(c.x(), n -> n.slice(c.axis() - c.x().rank(), c.start(), c.end()));
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
        gradients(c.x(), slice);
        assertEquals(c.x().slice(c.axis(), c.start(), c.end(), c.step()), slice.apply(Node.constant(c.x())).value());
    }

    @Property(tries = TRIES)
    void gradOfPadWithAStep(@ForAll("strided") Strided c) {
        Shape target = c.x().shape();
        // The slice's own bounds, clamped by the fluent method, are the ones its VJP pads with.
        LayoutOps.Slice s = (LayoutOps.Slice) Node.constant(c.x()).slice(c.axis(), c.start(), c.end(), c.step()).op();
        LayoutOps.Pad pad = new LayoutOps.Pad(target, s.axis(), s.start(), s.end(), s.step());
        Tensor g = c.x().slice(c.axis(), c.start(), c.end(), c.step());
        gradients(g, n -> Node.apply(pad, n));
        assertEquals(Tensor.zeros(target).sliceScatter(g, c.axis(), c.start(), c.end(), c.step()),
                Node.apply(pad, Node.constant(g)).value());
    }

    @Property(tries = TRIES)
    void gradOfPad(@ForAll("paddings") Padding c) {
        Shape s = c.x().shape();
        int d = s.dim(c.axis());
        LayoutOps.Pad pad = new LayoutOps.Pad(s.withDim(c.axis(), c.before() + d + c.after()), c.axis(),
                c.before(), c.before() + d, 1);
        gradients(c.x(), n -> Node.apply(pad, n));
    }

    @Property(tries = TRIES)
    void gradOfConcat(@ForAll("parts") Parts p) {
        int axis = p.axis();
        Function<List<Node>, Node> concat = xs -> Node.concat(axis, xs.get(0), xs.get(1), xs.get(2), xs.get(0));
        GradCheck.of(concat).check(p.a(), p.b(), p.c());
        GradCheck.of(xs -> Node.concat(axis - p.a().rank(), xs.get(0), xs.get(1), xs.get(2)).square())
                .checkSecondOrder(p.a(), p.b(), p.c());
        OpChecks.twin(concat, p.a(), p.b(), p.c());
    }

    @Property(tries = TRIES)
    void gradOfConcatByStack(@ForAll("stackable") Parts p) {
        int axis = p.axis();
        Function<List<Node>, Node> stack = xs -> Node.stack(axis, xs.get(0), xs.get(1), xs.get(0));
        GradCheck.of(stack).check(p.a(), p.b());
        GradCheck.of(xs -> Node.stack(axis - p.a().rank() - 1, xs.get(0), xs.get(1)).square())
                .checkSecondOrder(p.a(), p.b());
        OpChecks.twin(stack, p.a(), p.b());
    }
}
