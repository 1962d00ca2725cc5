package leibniz.autograd;

import leibniz.core.Shape;

/**
 * The reductions of {@link Node} over every element, over one axis or over several at once (PyTorch's
 * {@code dim} tuple), optionally keeping the reduced axes as size 1; negative axes count from the end and
 * a list names each axis once. Their gradients spread back over the reduced axes.
 *
 * <p>As on {@link leibniz.core.Tensor}, {@link #variance()} and {@link #std()} are the population
 * statistics, and the forms with axes and a correction give PyTorch's {@code torch.var} and
 * {@code torch.std}, whose default is the unbiased {@code correction = 1}:
 * {@code x.std(x.shape().allAxes(), 1, false)}. A lone number is always an axis.
 */
public sealed interface NodeReductions permits Node {
    /** {@code Σ x} over all elements, a scalar. */
    default Node sum() {
        return Node.apply(new ReductionOps.Sum(Axes.all(input())), self());
    }

    /** {@code Σ x} over {@code axis}. */
    default Node sum(int axis) {
        return sum(axis, false);
    }

    /** {@code Σ x} over {@code axis}, keeping it as size 1 if {@code keepDims}. */
    default Node sum(int axis, boolean keepDims) {
        return Node.apply(new ReductionOps.Sum(Axes.one(input(), axis, keepDims, "sum")), self());
    }

    /** {@code Σ x} over {@code axes}, kept as size 1 if {@code keepDims}: {@code x.sum(new int[] {0, 2}, false)}. */
    default Node sum(int[] axes, boolean keepDims) {
        return Node.apply(new ReductionOps.Sum(Axes.of(input(), axes, keepDims, "sum")), self());
    }

    /** The mean of all elements, a scalar. */
    default Node mean() {
        return Node.apply(new ReductionOps.Mean(Axes.all(input())), self());
    }

    /** The mean over {@code axis}. */
    default Node mean(int axis) {
        return mean(axis, false);
    }

    /** The mean over {@code axis}, keeping it as size 1 if {@code keepDims}. */
    default Node mean(int axis, boolean keepDims) {
        return Node.apply(new ReductionOps.Mean(Axes.one(input(), axis, keepDims, "mean")), self());
    }

    /** The mean over {@code axes}, keeping them as size 1 if {@code keepDims}. */
    default Node mean(int[] axes, boolean keepDims) {
        return Node.apply(new ReductionOps.Mean(Axes.of(input(), axes, keepDims, "mean")), self());
    }

    /** The largest element; the gradient is split evenly among ties. */
    default Node max() {
        return Node.apply(new ReductionOps.Max(Axes.all(input())), self());
    }

    /** The largest element along {@code axis}. */
    default Node max(int axis) {
        return max(axis, false);
    }

    /** The largest element along {@code axis}, keeping it as size 1 if {@code keepDims}. */
    default Node max(int axis, boolean keepDims) {
        return Node.apply(new ReductionOps.Max(Axes.one(input(), axis, keepDims, "max")), self());
    }

    /** The largest element over {@code axes}, keeping them as size 1 if {@code keepDims}. */
    default Node max(int[] axes, boolean keepDims) {
        return Node.apply(new ReductionOps.Max(Axes.of(input(), axes, keepDims, "max")), self());
    }

    /** The smallest element; the gradient is split evenly among ties. */
    default Node min() {
        return Node.apply(new ReductionOps.Min(Axes.all(input())), self());
    }

    /** The smallest element along {@code axis}. */
    default Node min(int axis) {
        return min(axis, false);
    }

    /** The smallest element along {@code axis}, keeping it as size 1 if {@code keepDims}. */
    default Node min(int axis, boolean keepDims) {
        return Node.apply(new ReductionOps.Min(Axes.one(input(), axis, keepDims, "min")), self());
    }

    /** The smallest element over {@code axes}, keeping them as size 1 if {@code keepDims}. */
    default Node min(int[] axes, boolean keepDims) {
        return Node.apply(new ReductionOps.Min(Axes.of(input(), axes, keepDims, "min")), self());
    }

    /** {@code ln Σ e^x} over all elements, stable. */
    default Node logsumexp() {
        return Node.apply(new ReductionOps.LogSumExp(Axes.all(input())), self());
    }

    /** {@code ln Σ e^x} over {@code axis}, stable. */
    default Node logsumexp(int axis) {
        return logsumexp(axis, false);
    }

    /** {@code ln Σ e^x} over {@code axis}, stable, keeping it as size 1 if {@code keepDims}. */
    default Node logsumexp(int axis, boolean keepDims) {
        return Node.apply(new ReductionOps.LogSumExp(Axes.one(input(), axis, keepDims, "logsumexp")), self());
    }

    /** {@code ln Σ e^x} over {@code axes}, stable, keeping them as size 1 if {@code keepDims}. */
    default Node logsumexp(int[] axes, boolean keepDims) {
        return Node.apply(new ReductionOps.LogSumExp(Axes.of(input(), axes, keepDims, "logsumexp")), self());
    }

    /** The population variance {@code Σ (x − mean x)² / n} of all elements. */
    default Node variance() {
        return Node.apply(new ReductionOps.Variance(Axes.all(input()), 0), self());
    }

    /** The population variance over {@code axis}. */
    default Node variance(int axis) {
        return variance(axis, false);
    }

    /** The population variance over {@code axis}, keeping it as size 1 if {@code keepDims}. */
    default Node variance(int axis, boolean keepDims) {
        return Node.apply(new ReductionOps.Variance(Axes.one(input(), axis, keepDims, "variance"), 0), self());
    }

    /**
     * {@code Σ (x − mean x)² / max(0, n − correction)} over {@code axes}, kept as size 1 if {@code keepDims},
     * as PyTorch's {@code torch.var(x, dim, correction=c)}: {@code x.variance(x.shape().allAxes(), 1, false)}
     * is the unbiased estimate over every element.
     */
    default Node variance(int[] axes, double correction, boolean keepDims) {
        Axes a = Axes.of(input(), axes, keepDims, "variance");
        return Node.apply(new ReductionOps.Variance(a, correction(correction, "variance")), self());
    }

    /** The population standard deviation {@code √variance()} of all elements. */
    default Node std() {
        return Node.apply(new ReductionOps.Std(Axes.all(input()), 0), self());
    }

    /** The population standard deviation over {@code axis}. */
    default Node std(int axis) {
        return std(axis, false);
    }

    /** The population standard deviation over {@code axis}, keeping it as size 1 if {@code keepDims}. */
    default Node std(int axis, boolean keepDims) {
        return Node.apply(new ReductionOps.Std(Axes.one(input(), axis, keepDims, "std"), 0), self());
    }

    /**
     * {@code √variance(axes, correction, keepDims)}, as PyTorch's {@code torch.std(x, dim, correction=c)}. Where
     * the deviation is 0 its gradient is taken to be 0, as in PyTorch (the derivative of √ at 0 is infinite).
     */
    default Node std(int[] axes, double correction, boolean keepDims) {
        Axes a = Axes.of(input(), axes, keepDims, "std");
        return Node.apply(new ReductionOps.Std(a, correction(correction, "std")), self());
    }

    /** The flat index of the largest element; no gradient. */
    default Node argmax() {
        return Node.apply(new ReductionOps.ArgMax(Axes.all(input())), self());
    }

    /** The index of the largest element along {@code axis}; no gradient. */
    default Node argmax(int axis) {
        return argmax(axis, false);
    }

    /** The index of the largest element along {@code axis}, keeping it as size 1 if {@code keepDims}; no gradient. */
    default Node argmax(int axis, boolean keepDims) {
        return Node.apply(new ReductionOps.ArgMax(Axes.one(input(), axis, keepDims, "argmax")), self());
    }

    /** The flat index of the smallest element; no gradient. */
    default Node argmin() {
        return Node.apply(new ReductionOps.ArgMin(Axes.all(input())), self());
    }

    /** The index of the smallest element along {@code axis}; no gradient. */
    default Node argmin(int axis) {
        return argmin(axis, false);
    }

    /** The index of the smallest element along {@code axis}, keeping it as size 1 if {@code keepDims}; no gradient. */
    default Node argmin(int axis, boolean keepDims) {
        return Node.apply(new ReductionOps.ArgMin(Axes.one(input(), axis, keepDims, "argmin")), self());
    }

    /** The correction, refused with a sentence unless finite and at least 0 (as the core kernels refuse it). */
    private static double correction(double c, String op) {
        if (!(c >= 0) || Double.isInfinite(c)) {
            throw new IllegalArgumentException(op + ": correction must be finite and at least 0, got " + c);
        }
        return c;
    }

    private Shape input() {
        return self().shape();
    }

    private Node self() {
        return (Node) this;
    }
}
