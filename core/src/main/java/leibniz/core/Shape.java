package leibniz.core;

import java.util.Arrays;

/**
 * The dimensions of a tensor: a list of non-negative sizes of any rank; rank 0 is a scalar.
 *
 * <p>Shapes are immutable values compared by their dimensions. {@code Shape.of(2, 3)} prints as
 * {@code [2, 3]}, the scalar shape as {@code []}.
 */
public final class Shape {
    private static final Shape SCALAR = new Shape(new int[0]);

    private final int[] dims;
    private final int size;

    private Shape(int[] dims) {
        this.dims = dims;
        long n = 1;
        for (int d : dims) {
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape: " + Arrays.toString(dims) + " has more than "
                        + Integer.MAX_VALUE + " elements");
            }
        }
        this.size = (int) n;
    }

    /** The shape with the given dimensions, each at least 0: {@code Shape.of(64, 784)}. */
    public static Shape of(int... dims) {
        if (dims.length == 0) {
            return SCALAR;
        }
        for (int d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("shape: negative dimension in " + Arrays.toString(dims));
            }
        }
        return new Shape(dims.clone());
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
        int r = dims.length;
        if (axis < -r || axis >= r) {
            throw new IllegalArgumentException(op + ": axis " + axis + " out of range for rank " + r);
        }
        return axis < 0 ? axis + r : axis;
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
     * The NumPy broadcast of two shapes: align from the right; each pair of dimensions must be equal or
     * one of them 1. {@code op} names the operation in the error:
     * {@code add: [2, 3] and [4]: dimensions 3 and 4 do not broadcast}.
     */
    public static Shape broadcast(Shape a, Shape b, String op) {
        if (a.equals(b)) {
            return a;
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
        return Shape.of(out);
    }

    /** True if this shape broadcasts to {@code target} without changing {@code target}. */
    public boolean broadcastsTo(Shape target) {
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

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
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
