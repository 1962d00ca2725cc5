package leibniz.core;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;

/**
 * An immutable, dense, row-major tensor of any rank holding float64 ({@link DType#F64}, the default) or
 * float32 ({@link DType#F32}) values.
 *
 * <p>Every operation returns a new tensor and leaves its inputs untouched. Binary operations
 * broadcast by NumPy's rules. Bad arguments are refused with an {@link IllegalArgumentException}
 * whose message names the operation and the shapes, for example
 * {@code matmul: [64, 784] x [256, 10]: inner dimensions differ (784 vs 256)}.
 *
 * <pre>{@code
 * Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
 * Tensor y = x.mul(Tensor.scalar(2)).sum(0);   // [10, 14, 18]
 * }</pre>
 *
 * <p>Every operation keeps its operands' element type, and mixes them by the rule of {@link DType}: an
 * F32 tensor times an F64 scalar is F32, times an F64 matrix F64. Values in and out are {@code double}
 * whatever the type ({@link #toArray()}, {@link #item()}), and {@link #toFloatArray()} reads F32 values
 * without widening: {@code Tensor.of(new float[] {1, 2}, 2).mul(0.5)} is F32 {@code [0.5, 1.0]}.
 *
 * <p>The methods are grouped by concept in the sealed interfaces this class implements:
 * {@link TensorMath} (elementwise functions and products), {@link TensorReductions} and
 * {@link TensorShapes}; factories and operations on several tensors are here. The kernels live in
 * package-private classes, one per family.
 */
public final class Tensor implements TensorMath, TensorReductions, TensorShapes {
    private static final int PRINT_LIMIT = 20;

    final Shape shape;
    /** The F64 storage, or null for an F32 tensor. */
    final double[] data;
    /** The F32 storage, or null for an F64 tensor. */
    final float[] floats;

    /** Wraps {@code data} without copying; callers in this package hand over ownership. */
    Tensor(Shape shape, double[] data) {
        if (data.length != shape.size()) {
            throw new IllegalStateException("tensor: " + data.length + " values for shape " + shape);
        }
        this.shape = shape;
        this.data = data;
        this.floats = null;
    }

    /** Wraps F32 {@code floats} without copying. */
    Tensor(Shape shape, float[] floats) {
        if (floats.length != shape.size()) {
            throw new IllegalStateException("tensor: " + floats.length + " values for shape " + shape);
        }
        this.shape = shape;
        this.data = null;
        this.floats = floats;
    }

    /** The same storage, shared, seen in another shape of the same size. */
    Tensor withShape(Shape s) {
        return floats == null ? new Tensor(s, data) : new Tensor(s, floats);
    }

    /** This tensor as F64: itself, or its values widened (exactly) into new storage. */
    Tensor f64() {
        if (floats == null) {
            return this;
        }
        double[] d = Storage.doubles("to", shape);
        for (int i = 0; i < d.length; i++) {
            d[i] = floats[i];
        }
        return new Tensor(shape, d);
    }

    /** The storage array, {@code double[]} or {@code float[]}, for type-blind copies with {@link System#arraycopy}. */
    Object storage() {
        return floats == null ? data : floats;
    }

    /** The element at flat row-major position {@code i}, widened to double. */
    double at(int i) {
        return floats == null ? data[i] : floats[i];
    }

    /**
     * A tensor holding a copy of {@code values} laid out row-major in the given shape:
     * {@code Tensor.of(new double[] {1, 2, 3, 4}, 2, 2)}.
     */
    public static Tensor of(double[] values, int... dims) {
        Arguments.notNull(values, "of", "values");
        return of(values, Shape.of(Arguments.notNull(dims, "of", "dims"), "of"));
    }

    /** A tensor holding a copy of {@code values} laid out row-major in {@code shape}. */
    public static Tensor of(double[] values, Shape shape) {
        Arguments.notNull(values, "of", "values");
        Arguments.notNull(shape, "of", "shape");
        if (values.length != shape.size()) {
            throw new IllegalArgumentException("of: " + values.length + " values do not fill shape " + shape
                    + " (" + shape.size() + " elements)");
        }
        return new Tensor(shape, Storage.copy("of", shape, values));
    }

    /** A rank-1 tensor of the given values: {@code Tensor.vector(1, 2, 3)} has shape {@code [3]}. */
    public static Tensor vector(double... values) {
        Shape shape = Shape.of(Arguments.notNull(values, "vector", "values").length);
        return new Tensor(shape, Storage.copy("vector", shape, values));
    }

    /** A rank-2 tensor from rows of equal length. */
    public static Tensor matrix(double[][] rows) {
        return Creation.matrix(rows);
    }

    /** The rank-0 tensor holding {@code value}. */
    public static Tensor scalar(double value) {
        return new Tensor(Shape.scalar(), new double[] {value});
    }

    /** A tensor of zeros. */
    public static Tensor zeros(int... dims) {
        return zeros(Shape.of(Arguments.notNull(dims, "zeros", "dims"), "zeros"));
    }

    /** A tensor of zeros of the given shape. */
    public static Tensor zeros(Shape shape) {
        return new Tensor(shape, Storage.doubles("zeros", Arguments.notNull(shape, "zeros", "shape")));
    }

    /** A tensor of zeros of the given shape and element type: {@code Tensor.zeros(Shape.of(2, 3), DType.F32)}. */
    public static Tensor zeros(Shape shape, DType dtype) {
        Arguments.notNull(shape, "zeros", "shape");
        Arguments.notNull(dtype, "zeros", "dtype");
        return Storage.zeros("zeros", shape, dtype);
    }

    /**
     * An F32 tensor holding a copy of {@code values} laid out row-major in the given shape:
     * {@code Tensor.of(new float[] {1, 2, 3, 4}, 2, 2)}.
     */
    public static Tensor of(float[] values, int... dims) {
        Arguments.notNull(values, "of", "values");
        return of(values, Shape.of(Arguments.notNull(dims, "of", "dims"), "of"));
    }

    /** An F32 tensor holding a copy of {@code values} laid out row-major in {@code shape}. */
    public static Tensor of(float[] values, Shape shape) {
        Arguments.notNull(values, "of", "values");
        Arguments.notNull(shape, "of", "shape");
        if (values.length != shape.size()) {
            throw new IllegalArgumentException("of: " + values.length + " values do not fill shape " + shape
                    + " (" + shape.size() + " elements)");
        }
        return new Tensor(shape, Storage.copy("of", shape, values));
    }

    /** A tensor of ones. */
    public static Tensor ones(int... dims) {
        return Creation.full("ones", Shape.of(Arguments.notNull(dims, "ones", "dims"), "ones"), 1.0, DType.F64);
    }

    /** A tensor of ones of the given shape. */
    public static Tensor ones(Shape shape) {
        return Creation.full("ones", Arguments.notNull(shape, "ones", "shape"), 1.0, DType.F64);
    }

    /** A tensor of the given shape with every element equal to {@code value}. */
    public static Tensor full(Shape shape, double value) {
        return Creation.full("full", Arguments.notNull(shape, "full", "shape"), value, DType.F64);
    }

    /** A tensor of the given shape and element type with every element equal to {@code value} (rounded for F32). */
    public static Tensor full(Shape shape, double value, DType dtype) {
        Arguments.notNull(shape, "full", "shape");
        return Creation.full("full", shape, value, Arguments.notNull(dtype, "full", "dtype"));
    }

    /**
     * The values {@code start, start + step, ...} below {@code stop} (above it for a negative step), as
     * NumPy's {@code arange}: {@code arange(0, 1, 0.25)} is {@code [0, 0.25, 0.5, 0.75]}.
     */
    public static Tensor arange(double start, double stop, double step) {
        return Creation.arange(start, stop, step);
    }

    /** The integers {@code 0, 1, ..., n - 1}. */
    public static Tensor arange(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("arange: negative length " + n);
        }
        return arange(0, n, 1);
    }

    /**
     * {@code n} evenly spaced values from {@code start} to {@code stop}, both included:
     * {@code linspace(0, 1, 5)} is {@code [0, 0.25, 0.5, 0.75, 1]}.
     */
    public static Tensor linspace(double start, double stop, int n) {
        return Creation.linspace(start, stop, n);
    }

    /** The {@code n x n} identity matrix. */
    public static Tensor eye(int n) {
        return Creation.eye(n);
    }

    /** Independent samples from the uniform distribution on {@code [lo, hi)}, drawn from {@code rng}. */
    public static Tensor uniform(RandomGenerator rng, double lo, double hi, int... dims) {
        return Creation.uniform(rng, lo, hi, dims);
    }

    /** Uniform samples on {@code [lo, hi)} from a generator seeded with {@code seed}; the same seed gives the same tensor. */
    public static Tensor uniform(long seed, double lo, double hi, int... dims) {
        return uniform(new SplittableRandom(seed), lo, hi, dims);
    }

    /** Independent samples from the normal distribution N(mean, std²), drawn from {@code rng}. */
    public static Tensor normal(RandomGenerator rng, double mean, double std, int... dims) {
        return Creation.normal(rng, mean, std, dims);
    }

    /** Normal samples N(mean, std²) from a generator seeded with {@code seed}. */
    public static Tensor normal(long seed, double mean, double std, int... dims) {
        return normal(new SplittableRandom(seed), mean, std, dims);
    }

    /** The shape. */
    public Shape shape() {
        return shape;
    }

    /** The number of dimensions. */
    public int rank() {
        return shape.rank();
    }

    /** The number of elements. */
    public int size() {
        return shape.size();
    }

    /** The element type. */
    public DType dtype() {
        return floats == null ? DType.F64 : DType.F32;
    }

    /**
     * The values converted to {@code dtype}: this tensor itself if it has that type already, otherwise a
     * copy, rounded to nearest when narrowing to F32 (as a Java {@code (float)} cast).
     */
    public Tensor to(DType dtype) {
        Arguments.notNull(dtype, "to", "dtype");
        if (dtype == dtype()) {
            return this;
        }
        if (dtype == DType.F64) {
            return f64();
        }
        float[] f = Storage.floats("to", shape);
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) data[i];
        }
        return new Tensor(shape, f);
    }

    /** A copy of the values, row-major, widened to double for an F32 tensor. */
    public double[] toArray() {
        return floats == null ? Storage.copy("toArray", shape, data) : f64().data;
    }

    /** A copy of the values, row-major, as floats: exact for an F32 tensor, rounded to nearest for F64. */
    public float[] toFloatArray() {
        return floats != null ? Storage.copy("toFloatArray", shape, floats) : to(DType.F32).floats;
    }

    /** True if no element is NaN or ±∞; reads the values where they are, without a copy. */
    public boolean isFinite() {
        if (floats != null) {
            for (float v : floats) {
                if (!Float.isFinite(v)) {
                    return false;
                }
            }
            return true;
        }
        for (double v : data) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** The value of a one-element tensor (a scalar, or any shape of size 1). */
    public double item() {
        if (size() != 1) {
            throw new IllegalArgumentException("item: needs a single element, got shape " + shape);
        }
        return at(0);
    }

    /** The element at the given index, one coordinate per dimension: {@code x.get(1, 2)}. */
    public double get(int... index) {
        Arguments.notNull(index, "get", "index");
        if (index.length != shape.rank()) {
            throw new IllegalArgumentException("get: index " + Arrays.toString(index) + " has " + index.length
                    + " coordinates for shape " + shape);
        }
        int flat = 0;
        for (int i = 0; i < index.length; i++) {
            int d = shape.dim(i);
            if (index[i] < 0 || index[i] >= d) {
                throw new IllegalArgumentException("get: index " + Arrays.toString(index) + " out of bounds for shape "
                        + shape);
            }
            flat = flat * d + index[i];
        }
        return at(flat);
    }

    /** {@code cond ? a : b} elementwise, where cond is non-zero; all three broadcast together. */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        return Elementwise.where(cond, a, b);
    }

    // ---------------------------------------------------------------- EJML interop (Ejml)

    /** An F64 copy of an EJML matrix; the tensor is unaffected by later changes to {@code m}. */
    public static Tensor of(DMatrixRMaj m) { return Ejml.of(m); }

    /** An F32 copy of an EJML matrix. */
    public static Tensor of(FMatrixRMaj m) { return Ejml.of(m); }

    /** An F64 tensor sharing {@code m}'s array (copied only if longer than rows × cols): hand m over, never modify it again. */
    public static Tensor wrap(DMatrixRMaj m) { return Ejml.wrap(m); }

    /** An F32 tensor sharing {@code m}'s array, as {@link #wrap(DMatrixRMaj)}. */
    public static Tensor wrap(FMatrixRMaj m) { return Ejml.wrap(m); }

    /** A rank-3 F64 stack {@code [count, rows, cols]} copied from equally sized matrices. */
    public static Tensor ofBatch(DMatrixRMaj... ms) { return Ejml.ofBatch(ms); }

    /** A rank-3 F32 stack copied from equally sized matrices. */
    public static Tensor ofBatch(FMatrixRMaj... ms) { return Ejml.ofBatch(ms); }

    /** A new {@code DMatrixRMaj} holding a copy of this rank-2 tensor, the caller's to modify. */
    public DMatrixRMaj toDMatrix() { return Ejml.toDMatrix(this); }

    /** A new {@code FMatrixRMaj} holding a copy of this rank-2 tensor (F64 values rounded to nearest). */
    public FMatrixRMaj toFMatrix() { return Ejml.toFMatrix(this); }

    /** A {@code DMatrixRMaj} viewing this F64 rank-2 tensor's array without copying (a copy for F32): read-only. */
    public DMatrixRMaj asDMatrix() { return Ejml.asDMatrix(this); }

    /** An {@code FMatrixRMaj} viewing this F32 rank-2 tensor's array without copying (a copy for F64): read-only. */
    public FMatrixRMaj asFMatrix() { return Ejml.asFMatrix(this); }

    /** Copies of the matrices of this rank-3 stack. */
    public DMatrixRMaj[] toDMatrices() { return Ejml.toDMatrices(this); }

    /** F32 copies of the matrices of this rank-3 stack. */
    public FMatrixRMaj[] toFMatrices() { return Ejml.toFMatrices(this); }

    /** The tensors joined along an existing {@code axis}; all other dimensions must agree. */
    public static Tensor concat(int axis, Tensor... parts) {
        return Joins.concat(axis, parts);
    }

    /** The tensors, all of one shape, joined along a new {@code axis}. */
    public static Tensor stack(int axis, Tensor... parts) {
        return Joins.stack(axis, parts);
    }

    /**
     * The adjoint of {@link #indexSelect}: a zero tensor of {@code shape} into which each slice of
     * {@code updates} is added at its index along {@code axis}, as PyTorch's {@code index_add}; repeated
     * indices accumulate. {@code updates} has shape {@code shape[:axis] + indices.shape + shape[axis+1:]}.
     */
    public static Tensor indexAdd(Shape shape, int axis, Tensor indices, Tensor updates) {
        return Indexing.indexAdd(shape, axis, indices, updates);
    }

    /**
     * The adjoint of {@link #gather}: a zero tensor of {@code shape} into which each element of {@code src}
     * is added at the position whose coordinate along {@code axis} its {@code index} element gives, as
     * PyTorch's {@code zeros(shape).scatter_add(axis, index, src)}: {@code out[index[i][j]][j] += src[i][j]}
     * along axis 0. Repeated positions accumulate; {@code src} may be larger than {@code index}, whose part
     * alone is read.
     */
    public static Tensor scatterAdd(Shape shape, int axis, Tensor index, Tensor src) {
        return Indexing.scatterAdd(shape, axis, index, src);
    }

    /** A new last axis of size {@code classes} with a 1 at each index and 0 elsewhere. */
    public static Tensor oneHot(Tensor indices, int classes) {
        return Indexing.oneHot(indices, classes);
    }

    /**
     * True if the shapes are equal and every pair of elements satisfies
     * {@code |a − b| <= atol + rtol · |b|} (NaNs in the same places count as equal); the element types
     * may differ, values compare as doubles.
     */
    public boolean allClose(Tensor other, double rtol, double atol) {
        Arguments.notNull(other, "allClose", "other");
        if (!shape.equals(other.shape)) {
            return false;
        }
        for (int i = 0, n = size(); i < n; i++) {
            double a = at(i);
            double b = other.at(i);
            if (Double.isNaN(a) || Double.isNaN(b)) {
                if (Double.isNaN(a) != Double.isNaN(b)) {
                    return false;
                }
            } else if (a != b && !(Math.abs(a - b) <= atol + rtol * Math.abs(b))) {
                return false;
            }
        }
        return true;
    }

    /** {@link #allClose(Tensor, double, double)} with one absolute tolerance. */
    public boolean allClose(Tensor other, double tol) {
        return allClose(other, 0, tol);
    }

    /** Exact equality of element type, shape and values. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && shape.equals(t.shape) && Arrays.equals(data, t.data)
                && Arrays.equals(floats, t.floats);
    }

    @Override
    public int hashCode() {
        return 31 * shape.hashCode() + (floats == null ? Arrays.hashCode(data) : Arrays.hashCode(floats));
    }

    /**
     * The shape, the element type unless it is F64, and the values nested by dimension; abridged with
     * "..." past 20 per dimension: {@code Tensor[2] F32 [0.1, 0.2]}.
     */
    @Override
    public String toString() {
        return "Tensor" + shape + (floats == null ? "" : " F32") + " " + TensorFormat.format(this, PRINT_LIMIT);
    }
}
