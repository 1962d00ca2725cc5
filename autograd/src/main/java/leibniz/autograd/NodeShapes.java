package leibniz.autograd;

import java.util.ArrayList;
import java.util.List;
import leibniz.core.Shape;

/**
 * The layout operations of {@link Node}: reshape, transpose and permute, squeeze and unsqueeze,
 * broadcasting and its reverse, slicing and indexing. Those that make a node from several live on
 * {@code Node} itself ({@link Node#concat}, {@link Node#stack}, {@link Node#scatterAdd}).
 */
public sealed interface NodeShapes permits Node {
    /** The same values in a new shape; one dimension may be {@code -1}. */
    default Node reshape(int... dims) {
        return Node.apply(LayoutOps.Reshape.of(self().shape(), dims), self());
    }

    /** The same values in {@code target}, which must have the same size. */
    default Node reshape(Shape target) {
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
        if (self().shape().equals(target)) {
            return self();
        }
        return self().dynamicAxis() >= 0 ? Dynamic.BroadcastAlong.of(self(), target)
                : Node.apply(new LayoutOps.BroadcastTo(target), self());
    }

    /** The sum over the dimensions that broadcasting {@code target} to this shape would add or stretch. */
    default Node sumTo(Shape target) {
        return self().shape().equals(target) ? self() : Node.apply(new LayoutOps.SumTo(target), self());
    }

    /** Elements {@code start} (inclusive) to {@code end} (exclusive) along {@code axis}. */
    default Node slice(int axis, int start, int end) {
        return Node.apply(new LayoutOps.Slice(self().shape().axis(axis, "slice"), start, end), self());
    }

    /** The slices at integer {@code indices} along {@code axis} (NumPy's {@code take}); gradient to this node only. */
    default Node gather(int axis, Node indices) {
        return Node.apply(new IndexOps.Gather(self().shape().axis(axis, "gather")), self(), indices);
    }

    /** A new last axis of size {@code classes} with a 1 at each index; no gradient. */
    default Node oneHot(int classes) {
        return Node.apply(new IndexOps.OneHot(classes), self());
    }

    private Node self() {
        return (Node) this;
    }
}
