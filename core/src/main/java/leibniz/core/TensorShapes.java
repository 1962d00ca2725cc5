package leibniz.core;

/**
 * The layout operations of {@link Tensor}: reshape, transpose and permute, squeeze and unsqueeze,
 * broadcasting and its reverse, slicing and indexing. Those that make new tensors from several live on
 * {@code Tensor} itself ({@link Tensor#concat}, {@link Tensor#stack}, {@link Tensor#scatterAdd}).
 */
public sealed interface TensorShapes permits Tensor {
    /** The same values in a new shape of the same size; one dimension may be {@code -1} and is inferred. */
    default Tensor reshape(int... dims) {
        return ShapeOps.reshape(self(), dims);
    }

    /** The same values in {@code shape}, which must have the same size. */
    default Tensor reshape(Shape shape) {
        return ShapeOps.reshape(self(), shape.dims());
    }

    /** The last two axes swapped (a matrix transpose); a rank-1 or rank-0 tensor is returned as is. */
    default Tensor transpose() {
        return self().rank() < 2 ? self() : transpose(-2, -1);
    }

    /** Axes {@code a} and {@code b} swapped. */
    default Tensor transpose(int a, int b) {
        return ShapeOps.transpose(self(), a, b);
    }

    /** The axes reordered: output axis i is input axis {@code order[i]}; {@code order} is a permutation. */
    default Tensor permute(int... order) {
        return ShapeOps.permute(self(), order);
    }

    /** Every size-1 dimension removed. */
    default Tensor squeeze() {
        return ShapeOps.squeeze(self());
    }

    /** Dimension {@code axis}, which must have size 1, removed. */
    default Tensor squeeze(int axis) {
        return ShapeOps.squeeze(self(), axis);
    }

    /** A size-1 dimension inserted at {@code axis} (0..rank, negative counts from rank + 1). */
    default Tensor unsqueeze(int axis) {
        return ShapeOps.unsqueeze(self(), axis);
    }

    /** The values repeated along new or size-1 dimensions to fill {@code target}, by NumPy's rules. */
    default Tensor broadcastTo(Shape target) {
        return ShapeOps.broadcastTo(self(), target);
    }

    /**
     * The reverse of broadcasting: the sum over the dimensions that broadcasting {@code target} to this
     * shape would have added or stretched. {@code x.broadcastTo(s).sumTo(x.shape())} is {@code x} times
     * the number of copies.
     */
    default Tensor sumTo(Shape target) {
        return ShapeOps.sumTo(self(), target);
    }

    /** Elements {@code start} (inclusive) to {@code end} (exclusive) along {@code axis}. */
    default Tensor slice(int axis, int start, int end) {
        return ShapeOps.slice(self(), axis, start, end);
    }

    /**
     * The slices at integer {@code indices} along {@code axis}, as NumPy's {@code take}: the result has
     * shape {@code shape[:axis] + indices.shape + shape[axis+1:]}. Indices are whole numbers in
     * {@code [0, dim)}.
     */
    default Tensor gather(int axis, Tensor indices) {
        return Indexing.gather(self(), axis, indices);
    }

    private Tensor self() {
        return (Tensor) this;
    }
}
