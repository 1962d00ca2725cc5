package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import leibniz.autograd.ReductionOverAxesProperties.Case;
import leibniz.autograd.TransformChecks.Batch;
import leibniz.autograd.check.TensorArbitraries;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The JVP and batching rules of every reduction, over random shapes of rank 0 to 3 and every set of axes (in
 * any order, some negative, kept or dropped), plus the reduction of all elements, which for a batch means
 * every axis but the batch axis (and for a scalar example, a new size-1 axis). Max, min and std get values
 * with no ties. Names follow {@link OpCoverageTest}.
 */
class ReductionTransformProperties {
    private static final int TRIES = 15;

    /** The reduction over the case's axes, over all elements, and over one axis, each checked by {@code check}. */
    private static void forms(Case c, Reduction r, BiConsumer<UnaryOperator<Node>, Tensor> check) {
        check.accept(x -> r.over(x, c.axes(), c.keepDims()), c.x());
        check.accept(r::all, c.x());
        if (c.x().rank() > 0) {
            check.accept(x -> r.over(x, new int[] {c.axes()[0]}, !c.keepDims()), c.x());
        }
    }

    /** A reduction over given axes or over all elements. */
    interface Reduction {
        Node over(Node x, int[] axes, boolean keepDims);

        Node all(Node x);
    }

    private static void jvp(Case c, Reduction r) {
        forms(c, r, (f, x) -> TransformChecks.jvp(xs -> f.apply(xs.get(0)), x));
    }

    private static void vmap(Case c, Reduction r, Batch b) {
        forms(c, r, (f, x) -> TransformChecks.vmap(xs -> f.apply(xs.get(0)), b, x));
    }

    @Provide
    Arbitrary<Case> any() {
        return ReductionOverAxesProperties.cases(TensorArbitraries.tensors(0, 3, 3, -2, 2));
    }

    @Provide
    Arbitrary<Case> distinct() {
        return ReductionOverAxesProperties.cases(TensorArbitraries.distinct(0, 3, 3));
    }

    @Provide
    Arbitrary<Batch> batches() {
        return TransformChecks.batches();
    }

    private static final Reduction SUM = reduction(Node::sum, Node::sum);
    private static final Reduction MEAN = reduction(Node::mean, Node::mean);
    private static final Reduction MAX = reduction(Node::max, Node::max);
    private static final Reduction MIN = reduction(Node::min, Node::min);
    private static final Reduction LSE = reduction(Node::logsumexp, Node::logsumexp);

    interface Over {
        Node apply(Node x, int[] axes, boolean keepDims);
    }

    private static Reduction reduction(Over over, UnaryOperator<Node> all) {
        return new Reduction() {
            public Node over(Node x, int[] axes, boolean keepDims) {
                return over.apply(x, axes, keepDims);
            }

            public Node all(Node x) {
                return all.apply(x);
            }
        };
    }

    private static Reduction variance(double correction) {
        return reduction((x, a, k) -> x.variance(a, below(x, a, correction), k),
                x -> x.variance(x.shape().allAxes(), below(x, x.shape().allAxes(), correction), false));
    }

    private static Reduction std(double correction) {
        return reduction((x, a, k) -> x.std(a, below(x, a, correction), k),
                x -> x.std(x.shape().allAxes(), below(x, x.shape().allAxes(), correction), false));
    }

    /** The correction, or 0 where it would leave no degree of freedom over these axes. */
    private static double below(Node x, int[] axes, double correction) {
        int n = 1;
        for (int a : axes) {
            n *= x.shape().dim(a);
        }
        return correction < n ? correction : 0;
    }

    @Property(tries = TRIES)
    void jvpOfSumAndMean(@ForAll("any") Case c) {
        jvp(c, SUM);
        jvp(c, MEAN);
    }

    @Property(tries = TRIES)
    void vmapOfSumAndMean(@ForAll("any") Case c, @ForAll("batches") Batch b) {
        vmap(c, SUM, b);
        vmap(c, MEAN, b);
    }

    @Property(tries = TRIES)
    void jvpOfMaxAndMin(@ForAll("distinct") Case c) {
        jvp(c, MAX);
        jvp(c, MIN);
    }

    /** Ties as well, where the tangent is the mean over the tied elements. */
    @Property(tries = TRIES)
    void vmapOfMaxAndMin(@ForAll("distinct") Case c, @ForAll("batches") Batch b) {
        vmap(c, MAX, b);
        vmap(c, MIN, b);
        vmap(new Case(c.x().map(v -> Math.rint(v * 2)), c.axes(), c.keepDims(), 0), MAX, b);
    }

    @Property(tries = TRIES)
    void jvpOfLogSumExp(@ForAll("any") Case c) {
        jvp(c, LSE);
    }

    @Property(tries = TRIES)
    void vmapOfLogSumExp(@ForAll("any") Case c, @ForAll("batches") Batch b) {
        vmap(c, LSE, b);
    }

    @Property(tries = TRIES)
    void jvpOfVarianceAndStd(@ForAll("distinct") Case c) {
        jvp(c, variance(c.correction()));
        jvp(c, std(c.correction()));
    }

    /** A constant row too, where std's tangent is 0 rather than 0/0. */
    @Property(tries = TRIES)
    void vmapOfVarianceAndStd(@ForAll("distinct") Case c, @ForAll("batches") Batch b) {
        vmap(c, variance(c.correction()), b);
        vmap(c, std(c.correction()), b);
        vmap(new Case(c.x().map(v -> 1), c.axes(), c.keepDims(), c.correction()), std(c.correction()), b);
    }

    @Property(tries = TRIES)
    void jvpOfArgMaxAndArgMin(@ForAll("distinct") Case c) {
        Node p = Parameter.of("x", c.x()).node();
        Node t = Node.constant(Tensor.ones(c.x().shape()));
        assertTrue(Autograd.jvp(p.argmax(), List.of(p), List.of(t)).isZero());
        for (int a = -c.x().rank(); a < c.x().rank(); a++) {
            assertTrue(Autograd.jvp(p.argmin(a, c.keepDims()), List.of(p), List.of(t)).isZero());
        }
    }

    @Property(tries = TRIES)
    void vmapOfArgMaxAndArgMin(@ForAll("distinct") Case c, @ForAll("batches") Batch b) {
        TransformChecks.vmap(xs -> xs.get(0).argmax(), b, c.x());
        TransformChecks.vmap(xs -> xs.get(0).argmin(), b, c.x());
        for (int a = -c.x().rank(); a < c.x().rank(); a++) {
            int axis = a;
            TransformChecks.vmap(xs -> xs.get(0).argmax(axis, c.keepDims()), b, c.x());
            TransformChecks.vmap(xs -> xs.get(0).argmin(axis, !c.keepDims()), b, c.x());
        }
    }
}
