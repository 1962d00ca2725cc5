package leibniz.autograd;

import java.util.ArrayList;
import java.util.List;
import leibniz.core.Arguments;
import leibniz.core.Shape;

/**
 * The layout operations of {@link Node}: reshape, transpose and permute, squeeze and unsqueeze,
 * broadcasting and its reverse, slicing and indexing. Those that make a node from several live on
 * {@code Node} itself ({@link Node#concat}, {@link Node#stack}, {@link Node#indexAdd}, {@link Node#scatterAdd}).
 */
public sealed interface NodeShapes permits Node {
    /** The same values in a new shape; one dimension may be {@code -1}. */
    default Node reshape(int... dims) {
        Arguments.notNull(dims, "reshape", "dims");
        return Node.apply(LayoutOps.Reshape.of(self().shape(), dims), self());
    }

    /** The same values in {@code target}, which must have the same size. */
    default Node reshape(Shape target) {
        Arguments.notNull(target, "reshape", "target");
        return reshape(target.dims());
    }

    /** The last two axes swapped; rank 0 and 1 are returned as they are. */
    default Node transpose() {
        return self().rank() < 2 ? self() : transpose(-2, -1);
    }

    /** Axes {@code a} and {@code b} swapped. */
    default Node transpose(int a, int b) {
        int[] order = new int[self().rank()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        int x = self().shape().axis(a, "transpose");
        int y = self().shape().axis(b, "transpose");
        order[x] = y;
        order[y] = x;
        return permute(order);
    }

    /** The axes reordered: output axis i is input axis {@code order[i]}. */
    default Node permute(int... order) {
        Arguments.notNull(order, "permute", "order");
        // Shape.permuted accepts negative axes but the core kernel does not: check, then normalise, so
        // that a permute which builds also runs.
        self().shape().permuted(order);
        int[] o = order.clone();
        for (int i = 0; i < o.length; i++) {
            o[i] = o[i] < 0 ? o[i] + o.length : o[i];
        }
        return Node.apply(new LayoutOps.Permute(o), self());
    }

    /** Every size-1 dimension removed. */
    default Node squeeze() {
        List<Integer> kept = new ArrayList<>();
        for (int d : self().shape().dims()) {
            if (d != 1) {
                kept.add(d);
            }
        }
        return reshape(kept.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Dimension {@code axis}, which must have size 1, removed. */
    default Node squeeze(int axis) {
        Shape shape = self().shape();
        int a = shape.axis(axis, "squeeze");
        if (shape.dim(a) != 1) {
            throw new IllegalArgumentException("squeeze: axis " + axis + " has size " + shape.dim(a) + ", not 1");
        }
        return reshape(shape.without(a));
    }

    /** A size-1 dimension inserted at {@code axis} (0..rank; negative counts from rank + 1). */
    default Node unsqueeze(int axis) {
        int r = self().rank();
        if (axis < -(r + 1) || axis > r) {
            throw new IllegalArgumentException("unsqueeze: axis " + axis + " out of range for rank " + r);
        }
        return reshape(self().shape().inserting(axis < 0 ? axis + r + 1 : axis, 1));
    }

    /** The value repeated to fill {@code target} by NumPy's broadcasting rules. */
    default Node broadcastTo(Shape target) {
        Arguments.notNull(target, "broadcastTo", "target");
        if (self().shape().equals(target)) {
            return self();
        }
        return self().dynamicAxis() >= 0 ? Dynamic.BroadcastAlong.of(self(), target)
                : Node.apply(new LayoutOps.BroadcastTo(target), self());
    }

    /** The sum over the dimensions that broadcasting {@code target} to this shape would add or stretch. */
    default Node sumTo(Shape target) {
        Arguments.notNull(target, "sumTo", "target");
        return self().shape().equals(target) ? self() : Node.apply(new LayoutOps.SumTo(target), self());
    }

    /**
     * Elements {@code start} (inclusive) to {@code end} (exclusive) along {@code axis}: {@code x[start:end]}
     * with Python's bounds, as {@link #slice(int, int, int, int)} with step 1.
     */
    default Node slice(int axis, int start, int end) {
        return slice(axis, start, end, 1);
    }

    /**
     * Every {@code step}-th element from {@code start} below {@code end} along {@code axis}, as PyTorch's
     * {@code x[start:end:step]}: a negative bound counts from the end, bounds past either end are clamped
     * ({@code Integer.MAX_VALUE} stands for an omitted end), the step is positive. The gradient is scattered
     * back to the same positions: {@code x.slice(1, 0, Integer.MAX_VALUE, 2)} is {@code x[:, ::2]}.
     */
    default Node slice(int axis, int start, int end, int step) {
        Shape s = self().shape();
        s.sliced(axis, start, end, step, "slice"); // refuses a bad axis or step now, on the line that built the node
        int a = s.axis(axis, "slice");
        // Python's bound b is the length of [0:b]: the op keeps bounds in [0, size], so that equal slices are equal ops
        int from = s.sliced(a, 0, start, 1, "slice").dim(a);
        int to = Math.max(from, s.sliced(a, 0, end, 1, "slice").dim(a));
        return Node.apply(new LayoutOps.Slice(a, from, to, step), self());
    }

    /**
     * The slices at integer {@code indices} along {@code axis}, as PyTorch's {@code index_select} and
     * NumPy's {@code take} ({@link leibniz.core.Tensor#indexSelect}); the gradient flows to this node only.
     */
    default Node indexSelect(int axis, Node indices) {
        Arguments.notNull(indices, "indexSelect", "indices");
        return Node.apply(new IndexOps.IndexSelect(self().shape().axis(axis, "indexSelect")), self(), indices);
    }

    /**
     * Values taken along {@code axis} at an index of the output's shape, as PyTorch's {@code gather}
     * ({@link leibniz.core.Tensor#gather}): {@code out[i][j] = x[i][index[i][j]]} along axis 1. The gradient
     * flows to this node only, by {@link Node#scatterAdd}.
     */
    default Node gather(int axis, Node index) {
        Arguments.notNull(index, "gather", "index");
        return Node.apply(new IndexOps.Gather(self().shape().axis(axis, "gather")), self(), index);
    }

    /** A new last axis of size {@code classes} with a 1 at each index; no gradient. */
    default Node oneHot(int classes) {
        return Node.apply(new IndexOps.OneHot(classes), self());
    }

    private Node self() {
        return (Node) this;
    }
}
