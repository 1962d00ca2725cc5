package leibniz.autograd;

/**
 * The reductions of {@link Node} over every element or over one axis (negative axes count from the
 * end), optionally keeping the reduced axis as size 1. Their gradients spread back over the reduced axis.
 */
public sealed interface NodeReductions permits Node {
    /** {@code Σ x} over all elements, a scalar. */
    default Node sum() {
        return Node.apply(ReductionOps.Reduce.all(ReductionOps.Kind.SUM), self());
    }

    /** {@code Σ x} over {@code axis}. */
    default Node sum(int axis) {
        return sum(axis, false);
    }

    /** {@code Σ x} over {@code axis}, keeping it as size 1 if {@code keepDims}. */
    default Node sum(int axis, boolean keepDims) {
        return Node.apply(ReductionOps.Reduce.along(ReductionOps.Kind.SUM, axis, keepDims), self());
    }

    /** The mean of all elements, a scalar. */
    default Node mean() {
        return Node.apply(ReductionOps.Reduce.all(ReductionOps.Kind.MEAN), self());
    }

    /** The mean over {@code axis}. */
    default Node mean(int axis) {
        return mean(axis, false);
    }

    /** The mean over {@code axis}, keeping it as size 1 if {@code keepDims}. */
    default Node mean(int axis, boolean keepDims) {
        return Node.apply(ReductionOps.Reduce.along(ReductionOps.Kind.MEAN, axis, keepDims), self());
    }

    /** The largest element; the gradient is split evenly among ties. */
    default Node max() {
        return Node.apply(ReductionOps.Reduce.all(ReductionOps.Kind.MAX), self());
    }

    /** The largest element along {@code axis}. */
    default Node max(int axis) {
        return max(axis, false);
    }

    /** The largest element along {@code axis}, keeping it as size 1 if {@code keepDims}. */
    default Node max(int axis, boolean keepDims) {
        return Node.apply(ReductionOps.Reduce.along(ReductionOps.Kind.MAX, axis, keepDims), self());
    }

    /** The smallest element; the gradient is split evenly among ties. */
    default Node min() {
        return Node.apply(ReductionOps.Reduce.all(ReductionOps.Kind.MIN), self());
    }

    /** The smallest element along {@code axis}. */
    default Node min(int axis) {
        return min(axis, false);
    }

    /** The smallest element along {@code axis}, keeping it as size 1 if {@code keepDims}. */
    default Node min(int axis, boolean keepDims) {
        return Node.apply(ReductionOps.Reduce.along(ReductionOps.Kind.MIN, axis, keepDims), self());
    }

    /** {@code ln Σ e^x} over all elements, stable. */
    default Node logsumexp() {
        return Node.apply(ReductionOps.Reduce.all(ReductionOps.Kind.LOGSUMEXP), self());
    }

    /** {@code ln Σ e^x} over {@code axis}, stable. */
    default Node logsumexp(int axis) {
        return logsumexp(axis, false);
    }

    /** {@code ln Σ e^x} over {@code axis}, stable, keeping it as size 1 if {@code keepDims}. */
    default Node logsumexp(int axis, boolean keepDims) {
        return Node.apply(ReductionOps.Reduce.along(ReductionOps.Kind.LOGSUMEXP, axis, keepDims), self());
    }

    /** The population variance of all elements. */
    default Node variance() {
        return Node.apply(ReductionOps.Reduce.all(ReductionOps.Kind.VARIANCE), self());
    }

    /** The population variance over {@code axis}. */
    default Node variance(int axis) {
        return variance(axis, false);
    }

    /** The population variance over {@code axis}, keeping it as size 1 if {@code keepDims}. */
    default Node variance(int axis, boolean keepDims) {
        return Node.apply(ReductionOps.Reduce.along(ReductionOps.Kind.VARIANCE, axis, keepDims), self());
    }

    /** The flat index of the largest element; no gradient. */
    default Node argmax() {
        return Node.apply(ReductionOps.Reduce.all(ReductionOps.Kind.ARGMAX), self());
    }

    /** The index of the largest element along {@code axis}; no gradient. */
    default Node argmax(int axis) {
        return Node.apply(ReductionOps.Reduce.along(ReductionOps.Kind.ARGMAX, axis, false), self());
    }

    /** The flat index of the smallest element; no gradient. */
    default Node argmin() {
        return Node.apply(ReductionOps.Reduce.all(ReductionOps.Kind.ARGMIN), self());
    }

    /** The index of the smallest element along {@code axis}; no gradient. */
    default Node argmin(int axis) {
        return Node.apply(ReductionOps.Reduce.along(ReductionOps.Kind.ARGMIN, axis, false), self());
    }

    private Node self() {
        return (Node) this;
    }
}
