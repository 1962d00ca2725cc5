package leibniz.core;

/**
 * The reductions of {@link Tensor} over every element, over one axis or over several at once (PyTorch's
 * {@code dim} tuple), optionally keeping the reduced axes as size 1. Negative axes count from the end;
 * a list names each axis once and at least one ({@link Shape#axes}; a scalar's list is empty).
 *
 * <p>{@link #variance()} and {@link #std()} without a correction are the population statistics, as in
 * NumPy; PyTorch's {@code torch.var} and {@code torch.std} default to the unbiased {@code correction = 1},
 * which the forms with axes and a correction give: {@code x.variance(x.shape().allAxes(), 1, false)}.
 * There is deliberately no form taking the correction alone: a positional number is an axis, as in both
 * libraries, and {@code x.variance(1)} next to {@code x.variance(1.0)} would be a trap.
 */
public sealed interface TensorReductions permits Tensor {
    /** {@code Σ x} over all elements, as a scalar. */
    default Tensor sum() {
        return Reductions.all(self(), Reductions.Kind.SUM);
    }

    /** {@code Σ x} over {@code axis} (negative counts from the end), dropping it. */
    default Tensor sum(int axis) {
        return sum(axis, false);
    }

    /** {@code Σ x} over {@code axis}, keeping it as size 1 if {@code keepDims}. */
    default Tensor sum(int axis, boolean keepDims) {
        return Reductions.along(self(), axis, keepDims, Reductions.Kind.SUM);
    }

    /** {@code Σ x} over {@code axes}, kept as size 1 if {@code keepDims}: {@code x.sum(new int[] {0, 2}, false)}. */
    default Tensor sum(int[] axes, boolean keepDims) {
        return Reductions.over(self(), axes, keepDims, Reductions.Kind.SUM, 0);
    }

    /** The mean of all elements, as a scalar (NaN for an empty tensor). */
    default Tensor mean() {
        return Reductions.all(self(), Reductions.Kind.MEAN);
    }

    /** The mean over {@code axis}. */
    default Tensor mean(int axis) {
        return mean(axis, false);
    }

    /** The mean over {@code axis}, keeping it as size 1 if {@code keepDims}. */
    default Tensor mean(int axis, boolean keepDims) {
        return Reductions.along(self(), axis, keepDims, Reductions.Kind.MEAN);
    }

    /** The mean over {@code axes}, keeping them as size 1 if {@code keepDims}. */
    default Tensor mean(int[] axes, boolean keepDims) {
        return Reductions.over(self(), axes, keepDims, Reductions.Kind.MEAN, 0);
    }

    /** The largest element, as a scalar; refused for an empty tensor. */
    default Tensor max() {
        return Reductions.all(self(), Reductions.Kind.MAX);
    }

    /** The largest element along {@code axis}. */
    default Tensor max(int axis) {
        return max(axis, false);
    }

    /** The largest element along {@code axis}, keeping it as size 1 if {@code keepDims}. */
    default Tensor max(int axis, boolean keepDims) {
        return Reductions.along(self(), axis, keepDims, Reductions.Kind.MAX);
    }

    /** The largest element over {@code axes}, keeping them as size 1 if {@code keepDims}. */
    default Tensor max(int[] axes, boolean keepDims) {
        return Reductions.over(self(), axes, keepDims, Reductions.Kind.MAX, 0);
    }

    /** The smallest element, as a scalar; refused for an empty tensor. */
    default Tensor min() {
        return Reductions.all(self(), Reductions.Kind.MIN);
    }

    /** The smallest element along {@code axis}. */
    default Tensor min(int axis) {
        return min(axis, false);
    }

    /** The smallest element along {@code axis}, keeping it as size 1 if {@code keepDims}. */
    default Tensor min(int axis, boolean keepDims) {
        return Reductions.along(self(), axis, keepDims, Reductions.Kind.MIN);
    }

    /** The smallest element over {@code axes}, keeping them as size 1 if {@code keepDims}. */
    default Tensor min(int[] axes, boolean keepDims) {
        return Reductions.over(self(), axes, keepDims, Reductions.Kind.MIN, 0);
    }

    /** The flat row-major index of the largest element (the first on ties), as a scalar. */
    default Tensor argmax() {
        return Reductions.all(self(), Reductions.Kind.ARGMAX);
    }

    /** The index of the largest element along {@code axis} (the first on ties). */
    default Tensor argmax(int axis) {
        return argmax(axis, false);
    }

    /** The index of the largest element along {@code axis}, keeping it as size 1 if {@code keepDims}. */
    default Tensor argmax(int axis, boolean keepDims) {
        return Reductions.along(self(), axis, keepDims, Reductions.Kind.ARGMAX);
    }

    /** The flat row-major index of the smallest element (the first on ties), as a scalar. */
    default Tensor argmin() {
        return Reductions.all(self(), Reductions.Kind.ARGMIN);
    }

    /** The index of the smallest element along {@code axis} (the first on ties). */
    default Tensor argmin(int axis) {
        return argmin(axis, false);
    }

    /** The index of the smallest element along {@code axis}, keeping it as size 1 if {@code keepDims}. */
    default Tensor argmin(int axis, boolean keepDims) {
        return Reductions.along(self(), axis, keepDims, Reductions.Kind.ARGMIN);
    }

    /** {@code ln Σ e^x} over all elements, computed as {@code m + ln Σ e^(x − m)} with m the max so it never overflows. */
    default Tensor logsumexp() {
        return Reductions.all(self(), Reductions.Kind.LOGSUMEXP);
    }

    /** {@code ln Σ e^x} over {@code axis}, stable. */
    default Tensor logsumexp(int axis) {
        return logsumexp(axis, false);
    }

    /** {@code ln Σ e^x} over {@code axis}, stable, keeping it as size 1 if {@code keepDims}. */
    default Tensor logsumexp(int axis, boolean keepDims) {
        return Reductions.along(self(), axis, keepDims, Reductions.Kind.LOGSUMEXP);
    }

    /** {@code ln Σ e^x} over {@code axes}, stable, keeping them as size 1 if {@code keepDims}. */
    default Tensor logsumexp(int[] axes, boolean keepDims) {
        return Reductions.over(self(), axes, keepDims, Reductions.Kind.LOGSUMEXP, 0);
    }

    /** The population variance {@code Σ (x − mean x)² / n} of all elements, as a scalar (NaN for no elements). */
    default Tensor variance() {
        return Reductions.all(self(), Reductions.Kind.VARIANCE);
    }

    /** The population variance over {@code axis}. */
    default Tensor variance(int axis) {
        return variance(axis, false);
    }

    /** The population variance over {@code axis}, keeping it as size 1 if {@code keepDims}. */
    default Tensor variance(int axis, boolean keepDims) {
        return Reductions.along(self(), axis, keepDims, Reductions.Kind.VARIANCE);
    }

    /**
     * {@code Σ (x − mean x)² / max(0, n − correction)} over {@code axes}, kept as size 1 if {@code keepDims},
     * as PyTorch's {@code torch.var(x, dim, correction=c)}: {@code x.variance(x.shape().allAxes(), 1, false)}
     * is the unbiased estimate over every element, correction 0 the population variance. With
     * {@code n ≤ correction} the result is NaN (no spread) or infinity, as in PyTorch. The correction is
     * finite and at least 0.
     */
    default Tensor variance(int[] axes, double correction, boolean keepDims) {
        return Reductions.over(self(), axes, keepDims, Reductions.Kind.VARIANCE, correction);
    }

    /** The population standard deviation {@code √variance()} of all elements, as a scalar. */
    default Tensor std() {
        return Reductions.all(self(), Reductions.Kind.STD);
    }

    /** The population standard deviation over {@code axis}. */
    default Tensor std(int axis) {
        return std(axis, false);
    }

    /** The population standard deviation over {@code axis}, keeping it as size 1 if {@code keepDims}. */
    default Tensor std(int axis, boolean keepDims) {
        return Reductions.along(self(), axis, keepDims, Reductions.Kind.STD);
    }

    /** {@code √variance(axes, correction, keepDims)}, as PyTorch's {@code torch.std(x, dim, correction=c)}. */
    default Tensor std(int[] axes, double correction, boolean keepDims) {
        return Reductions.over(self(), axes, keepDims, Reductions.Kind.STD, correction);
    }

    private Tensor self() {
        return (Tensor) this;
    }
}
