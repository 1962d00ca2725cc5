package leibniz.core;

/**
 * The reductions of {@link Tensor} over every element or over one axis (negative axes count from the
 * end), optionally keeping the reduced axis as size 1.
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

    /** The population variance {@code mean((x − mean x)²)} of all elements, as a scalar. */
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

    private Tensor self() {
        return (Tensor) this;
    }
}
