package leibniz.core;

/**
 * The layout operations of {@link Tensor}: reshape, transpose and permute, squeeze and unsqueeze,
 * broadcasting and its reverse, slicing and indexing. Those that make new tensors from several live on
 * {@code Tensor} itself ({@link Tensor#concat}, {@link Tensor#stack}, {@link Tensor#scatterAdd},
 * {@link Tensor#indexAdd}).
 */
public sealed interface TensorShapes permits Tensor {
    /** The same values in a new shape of the same size; one dimension may be {@code -1} and is inferred. */
    default Tensor reshape(int... dims) {
        return ShapeOps.reshape(self(), dims);
    }

    /** The same values in {@code shape}, which must have the same size. */
    default Tensor reshape(Shape shape) {
        return ShapeOps.reshape(self(), Arguments.notNull(shape, "reshape", "shape").dims());
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

    /**
     * Elements {@code start} (inclusive) to {@code end} (exclusive) along {@code axis}: {@code x[start:end]}
     * with Python's bounds, as {@link #slice(int, int, int, int)} with step 1.
     */
    default Tensor slice(int axis, int start, int end) {
        return Slicing.slice(self(), axis, start, end, 1);
    }

    /**
     * Every {@code step}-th element from {@code start} below {@code end} along {@code axis}, as PyTorch's
     * {@code x[start:end:step]}: a negative bound counts from the end, bounds past either end are clamped
     * (so {@code Integer.MAX_VALUE} stands for Python's omitted end), and a range that starts at or after
     * its end is empty. The step is positive: {@code x.slice(0, 1, Integer.MAX_VALUE, 2)} is {@code x[1::2]}.
     */
    default Tensor slice(int axis, int start, int end, int step) {
        return Slicing.slice(self(), axis, start, end, step);
    }

    /**
     * A copy of this tensor whose slice {@code [start:end:step]} along {@code axis} (bounds as in
     * {@link #slice(int, int, int, int)}) holds {@code src}, which has the slice's shape and is converted to
     * this tensor's type, as PyTorch's {@code slice_scatter}; the adjoint of slicing when this tensor is zero.
     */
    default Tensor sliceScatter(Tensor src, int axis, int start, int end, int step) {
        return Slicing.sliceScatter(self(), src, axis, start, end, step);
    }

    /**
     * The slices at integer {@code indices} along {@code axis}, as PyTorch's {@code index_select} and
     * NumPy's {@code take}: the result has shape {@code shape[:axis] + indices.shape + shape[axis+1:]}.
     * Indices are whole numbers in {@code [0, dim)}: {@code x.indexSelect(0, rows)} picks rows.
     */
    default Tensor indexSelect(int axis, Tensor indices) {
        return Indexing.indexSelect(self(), axis, indices);
    }

    /**
     * Values taken along {@code axis} at an index tensor of the output's shape, as PyTorch's
     * {@code gather} and NumPy's {@code take_along_axis}: {@code out[i][j] = x[index[i][j]][j]} along axis 0,
     * {@code out[i][j] = x[i][index[i][j]]} along axis 1. The index has this tensor's rank and, outside
     * {@code axis}, no dimension larger than this tensor's; its values are whole numbers in {@code [0, dim)}.
     * {@code scores.gather(1, labels.unsqueeze(1))} picks each row's score at its label.
     */
    default Tensor gather(int axis, Tensor index) {
        return Indexing.gather(self(), axis, index);
    }

    private Tensor self() {
        return (Tensor) this;
    }
}
