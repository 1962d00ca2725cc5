package leibniz.core;

import java.util.Arrays;

/**
 * The dimensions of a tensor: a list of non-negative sizes of any rank; rank 0 is a scalar.
 *
 * <p>Shapes are immutable values compared by their dimensions. {@code Shape.of(2, 3)} prints as
 * {@code [2, 3]}, the scalar shape as {@code []}.
 */
public final class Shape {
    private static final Shape SCALAR = new Shape(new int[0], 1);

    private final int[] dims;
    private final int size;

    private Shape(int[] dims, int size) {
        this.dims = dims;
        this.size = size;
    }

    /** The shape with the given dimensions, each at least 0: {@code Shape.of(64, 784)}. */
    public static Shape of(int... dims) {
        return of(dims, "shape");
    }

    /**
     * The shape with the given dimensions, or an exception naming {@code op} if a dimension is negative or
     * the shape has more elements than a tensor can hold ({@code Integer.MAX_VALUE - 8}, the longest Java
     * array): {@code add: [65536, 65536] has 4294967296 elements, more than the 2147483639 a tensor can hold}.
     * A shape with a zero dimension has no elements, however large the others.
     */
    public static Shape of(int[] dims, String op) {
        Arguments.notNull(op, "shape", "op");
        Arguments.notNull(dims, op, "dims");
        if (dims.length == 0) {
            return SCALAR;
        }
        return new Shape(dims.clone(), Storage.count(op, dims));
    }

    /** The rank-0 shape of a scalar. */
    public static Shape scalar() {
        return SCALAR;
    }

    /** The number of dimensions (0 for a scalar). */
    public int rank() {
        return dims.length;
    }

    /** The number of elements: the product of the dimensions (1 for a scalar). */
    public int size() {
        return size;
    }

    /** The size of dimension {@code axis}; negative axes count from the end ({@code -1} is the last). */
    public int dim(int axis) {
        return dims[axis(axis, "dim")];
    }

    /** A copy of the dimensions. */
    public int[] dims() {
        return dims.clone();
    }

    /** True for rank 0. */
    public boolean isScalar() {
        return dims.length == 0;
    }

    /**
     * The axis {@code axis} made non-negative, or an exception naming {@code op} if it is out of range:
     * {@code sum: axis 3 out of range for rank 2}.
     */
    public int axis(int axis, String op) {
        Arguments.notNull(op, "axis", "op");
        int r = dims.length;
        if (axis < -r || axis >= r) {
            throw new IllegalArgumentException(op + ": axis " + axis + " out of range for rank " + r);
        }
        return axis < 0 ? axis + r : axis;
    }

    /** Every axis, {@code [0, 1, ..., rank − 1]}: {@code x.variance(x.shape().allAxes(), 1, false)}. */
    public int[] allAxes() {
        int[] all = new int[rank()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return all;
    }

    /**
     * The axes a list names, made non-negative and sorted, or an exception naming {@code op} for an axis out
     * of range, one named twice ({@code sum: axis 0 appears twice in [0, -2]}), or an empty list for a shape
     * of rank 1 or more: NumPy reduces nothing over {@code ()}, PyTorch everything, so the ambiguity is
     * refused. For a scalar the empty list is all its axes.
     */
    public int[] axes(int[] axes, String op) {
        Arguments.notNull(op, "axes", "op");
        Arguments.notNull(axes, op, "axes");
        if (axes.length == 0 && rank() > 0) {
            throw new IllegalArgumentException(op + ": axes [] name no axis; " + op + "() reduces every element");
        }
        boolean[] named = new boolean[rank()];
        for (int axis : axes) {
            int a = axis(axis, op);
            if (named[a]) {
                throw new IllegalArgumentException(op + ": axis " + a + " appears twice in " + Arrays.toString(axes));
            }
            named[a] = true;
        }
        int[] out = new int[axes.length];
        for (int a = 0, i = 0; a < named.length; a++) {
            if (named[a]) {
                out[i++] = a;
            }
        }
        return out;
    }

    /** Row-major strides in elements: the last axis has stride 1. */
    public int[] strides() {
        int[] s = new int[dims.length];
        int acc = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= dims[i];
        }
        return s;
    }

    /** The product of dimensions {@code from} (inclusive) to {@code to} (exclusive). */
    public int sizeBetween(int from, int to) {
        int n = 1;
        for (int i = from; i < to; i++) {
            n *= dims[i];
        }
        return n;
    }

    /** This shape with dimension {@code axis} replaced by {@code size}. */
    public Shape withDim(int axis, int size) {
        int[] d = dims.clone();
        d[axis(axis, "withDim")] = size;
        return Shape.of(d);
    }

    /** This shape with dimension {@code axis} removed. */
    public Shape without(int axis) {
        int a = axis(axis, "without");
        int[] d = new int[dims.length - 1];
        System.arraycopy(dims, 0, d, 0, a);
        System.arraycopy(dims, a + 1, d, a, dims.length - a - 1);
        return Shape.of(d);
    }

    /** This shape with a new dimension of the given size inserted before position {@code axis} (0..rank). */
    public Shape inserting(int axis, int size) {
        if (axis < 0 || axis > dims.length) {
            throw new IllegalArgumentException("inserting: position " + axis + " out of range for rank " + dims.length);
        }
        int[] d = new int[dims.length + 1];
        System.arraycopy(dims, 0, d, 0, axis);
        d[axis] = size;
        System.arraycopy(dims, axis, d, axis + 1, dims.length - axis);
        return Shape.of(d);
    }

    /**
     * This shape sliced {@code [start:end:step]} along {@code axis}, with Python's bounds (negative counting
     * from the end, clamped to the dimension) and a positive step, as {@link Tensor#slice(int, int, int, int)}
     * gives; {@code op} names the refusal: {@code slice: step must be positive, got 0}.
     */
    public Shape sliced(int axis, int start, int end, int step, String op) {
        Arguments.notNull(op, "sliced", "op");
        Slicing.Range r = Slicing.Range.of(this, axis, start, end, step, op);
        return withDim(r.axis(), r.length());
    }

    /**
     * {@code this[:axis] + indices + this[axis+1:]}: the shape of {@link Tensor#indexSelect} taking
     * {@code indices} along {@code axis}, or an exception naming {@code op}.
     */
    public Shape taken(int axis, Shape indices, String op) {
        Arguments.notNull(op, "taken", "op");
        Arguments.notNull(indices, op, "indices");
        int a = axis(axis, op);
        int[] m = indices.dims;
        int[] out = new int[dims.length - 1 + m.length];
        System.arraycopy(dims, 0, out, 0, a);
        System.arraycopy(m, 0, out, a, m.length);
        System.arraycopy(dims, a + 1, out, a + m.length, dims.length - a - 1);
        return Shape.of(out, op);
    }

    /**
     * The shape of {@link Tensor#gather} along {@code axis} with an index of shape {@code index}: the index's
     * own, once checked to have this rank and no dimension larger than this one's but along {@code axis}.
     */
    public Shape gathered(int axis, Shape index, String op) {
        Arguments.notNull(op, "gathered", "op");
        Arguments.notNull(index, op, "index");
        int a = axis(axis, op);
        index.fits(this, op, "x", a);
        return index;
    }

    /**
     * The shape of {@link Tensor#scatterAdd} into this shape along {@code axis}: this one, once the index is
     * checked to fit it as in {@link #gathered} and to be no larger than {@code src} along any axis.
     */
    public Shape scattered(int axis, Shape index, Shape src, String op) {
        Arguments.notNull(op, "scattered", "op");
        Arguments.notNull(index, op, "index");
        Arguments.notNull(src, op, "src");
        int a = axis(axis, op);
        index.fits(this, op, "the target", a);
        index.fits(src, op, "src", -1);
        return this;
    }

    /** Refuses this index shape if its rank is not {@code other}'s, or it is larger along any axis but {@code free}. */
    private void fits(Shape other, String op, String name, int free) {
        if (rank() != other.rank()) {
            throw new IllegalArgumentException(op + ": index " + this + " has rank " + rank() + ", " + name + " "
                    + other + " has rank " + other.rank() + "; they must be equal");
        }
        for (int d = 0; d < rank(); d++) {
            if (d != free && dims[d] > other.dims[d]) {
                throw new IllegalArgumentException(op + ": index " + this + " is larger than " + name + " " + other
                        + " along axis " + d + " (" + dims[d] + " vs " + other.dims[d] + ")"
                        + (free >= 0 ? "; only axis " + free + " may be larger" : ""));
            }
        }
    }

    /**
     * The NumPy broadcast of two shapes: align from the right; each pair of dimensions must be equal or
     * one of them 1. {@code op} names the operation in the error:
     * {@code add: [2, 3] and [4]: dimensions 3 and 4 do not broadcast}.
     */
    public static Shape broadcast(Shape a, Shape b, String op) {
        Arguments.notNull(op, "broadcast", "op");
        Arguments.notNull(a, op, "a");
        Arguments.notNull(b, op, "b");
        // The common cases (equal shapes, a scalar or a bias-like operand) return an existing shape: this
        // runs for every elementwise op of every program run, where a new Shape per op was a third of W2's time.
        if (a.equals(b) || b.broadcastsTo(a)) {
            return a;
        }
        if (a.broadcastsTo(b)) {
            return b;
        }
        int r = Math.max(a.rank(), b.rank());
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int da = i < r - a.rank() ? 1 : a.dims[i - (r - a.rank())];
            int db = i < r - b.rank() ? 1 : b.dims[i - (r - b.rank())];
            if (da == db || db == 1) {
                out[i] = da;
            } else if (da == 1) {
                out[i] = db;
            } else {
                throw new IllegalArgumentException(op + ": " + a + " and " + b + ": dimensions " + da + " and " + db
                        + " do not broadcast");
            }
        }
        return Shape.of(out, op);
    }

    /**
     * Whether the shapes broadcast together by NumPy's rules: aligned from the right, the sizes in each
     * column are all equal or 1. Says nothing about whether the result fits a tensor ({@link #broadcast} does).
     */
    public static boolean compatible(Shape... shapes) {
        Arguments.noNulls(shapes, "compatible", "shapes");
        int r = 0;
        for (Shape s : shapes) {
            r = Math.max(r, s.rank());
        }
        for (int i = 1; i <= r; i++) {
            int size = 1;
            for (Shape s : shapes) {
                int d = i <= s.rank() ? s.dims[s.rank() - i] : 1;
                if (d != 1 && size != 1 && d != size) {
                    return false;
                }
                size = d == 1 ? size : d;
            }
        }
        return true;
    }

    /** True if this shape broadcasts to {@code target} without changing {@code target}. */
    public boolean broadcastsTo(Shape target) {
        Arguments.notNull(target, "broadcastsTo", "target");
        if (rank() > target.rank()) {
            return false;
        }
        int off = target.rank() - rank();
        for (int i = 0; i < rank(); i++) {
            if (dims[i] != 1 && dims[i] != target.dims[i + off]) {
                return false;
            }
        }
        return true;
    }

    /**
     * This shape's elements laid out as {@code dims}, where one dimension may be {@code -1} and is
     * inferred: {@code reshape: cannot view 12 elements as [5, -1]}.
     */
    public Shape reshaped(int... dims) {
        int[] d = Arguments.notNull(dims, "reshape", "dims").clone();
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < d.length; i++) {
            if (d[i] == -1) {
                if (inferred >= 0) {
                    throw new IllegalArgumentException("reshape: more than one -1 in " + Arrays.toString(dims));
                }
                inferred = i;
            } else if (d[i] < 0) {
                throw new IllegalArgumentException("reshape: negative dimension in " + Arrays.toString(dims));
            } else {
                known *= d[i];
            }
        }
        if (inferred >= 0) {
            if (known == 0 || size % known != 0) {
                throw new IllegalArgumentException("reshape: cannot view " + size + " elements as " + Arrays.toString(dims));
            }
            d[inferred] = (int) (size / known);
        } else if (known != size) {
            throw new IllegalArgumentException("reshape: cannot view " + size + " elements as " + Arrays.toString(dims));
        }
        return Shape.of(d);
    }

    /**
     * This shape with its axes reordered: output axis i is axis {@code order[i]}. Refuses anything but
     * a permutation: {@code permute: [0, 0] is not a permutation of 2 axes}.
     */
    public Shape permuted(int... order) {
        Arguments.notNull(order, "permute", "order");
        boolean[] seen = new boolean[dims.length];
        boolean ok = order.length == dims.length;
        int[] d = new int[order.length];
        for (int i = 0; ok && i < order.length; i++) {
            int a = order[i] < 0 ? order[i] + dims.length : order[i];
            ok = a >= 0 && a < dims.length && !seen[a];
            if (ok) {
                seen[a] = true;
                d[i] = dims[a];
            }
        }
        if (!ok) {
            throw new IllegalArgumentException("permute: " + Arrays.toString(order) + " is not a permutation of "
                    + dims.length + " axes");
        }
        return Shape.of(d);
    }

    /**
     * The shape of {@code op(a) · op(b)} under NumPy's matmul rules, where {@code op} swaps the last two
     * axes when its flag is set: a vector is a one-row (left) or one-column (right) matrix whose extra
     * axis is dropped from the result, and leading batch dimensions broadcast. Refuses bad shapes:
     * {@code matmul: [64, 784] x [256, 10]: inner dimensions differ (784 vs 256)}.
     */
    public static Shape matmul(Shape a, Shape b, boolean transposeA, boolean transposeB) {
        Arguments.notNull(a, "matmul", "a");
        Arguments.notNull(b, "matmul", "b");
        String pair = "matmul: " + a + (transposeA ? "^T" : "") + " x " + b + (transposeB ? "^T" : "") + ": ";
        if (a.rank() == 0 || b.rank() == 0) {
            throw new IllegalArgumentException(pair + "scalars have no matrix product");
        }
        if (transposeA && a.rank() < 2) {
            throw new IllegalArgumentException(pair + "transposeA needs rank 2 or more, got rank " + a.rank());
        }
        if (transposeB && b.rank() < 2) {
            throw new IllegalArgumentException(pair + "transposeB needs rank 2 or more, got rank " + b.rank());
        }
        int ra = a.rank();
        int rb = b.rank();
        int m = ra == 1 ? 1 : transposeA ? a.dims[ra - 1] : a.dims[ra - 2];
        int ka = ra == 1 ? a.dims[0] : transposeA ? a.dims[ra - 2] : a.dims[ra - 1];
        int kb = rb == 1 ? b.dims[0] : transposeB ? b.dims[rb - 1] : b.dims[rb - 2];
        int n = rb == 1 ? 1 : transposeB ? b.dims[rb - 2] : b.dims[rb - 1];
        if (ka != kb) {
            throw new IllegalArgumentException(pair + "inner dimensions differ (" + ka + " vs " + kb + ")");
        }
        Shape batchA = Shape.of(Arrays.copyOfRange(a.dims, 0, Math.max(0, ra - 2)));
        Shape batchB = Shape.of(Arrays.copyOfRange(b.dims, 0, Math.max(0, rb - 2)));
        Shape batch;
        try {
            batch = broadcast(batchA, batchB, "matmul");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(pair + "batch dimensions " + batchA + " and " + batchB
                    + " do not broadcast");
        }
        int[] out = Arrays.copyOf(batch.dims, batch.rank() + (ra == 1 ? 0 : 1) + (rb == 1 ? 0 : 1));
        int i = batch.rank();
        if (ra != 1) {
            out[i++] = m;
        }
        if (rb != 1) {
            out[i] = n;
        }
        return Shape.of(out, "matmul");
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** The dimensions in brackets: {@code [64, 784]}. */
    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
