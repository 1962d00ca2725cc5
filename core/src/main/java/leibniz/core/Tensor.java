package leibniz.core;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
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
 * <p>This class is the public facade; the kernels live in package-private classes, one per family.
 */
public final class Tensor {
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
        double[] d = new double[floats.length];
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

    // ---------------------------------------------------------------- creation

    /**
     * A tensor holding a copy of {@code values} laid out row-major in the given shape:
     * {@code Tensor.of(new double[] {1, 2, 3, 4}, 2, 2)}.
     */
    public static Tensor of(double[] values, int... dims) {
        return of(values, Shape.of(dims));
    }

    /** A tensor holding a copy of {@code values} laid out row-major in {@code shape}. */
    public static Tensor of(double[] values, Shape shape) {
        if (values.length != shape.size()) {
            throw new IllegalArgumentException("of: " + values.length + " values do not fill shape " + shape
                    + " (" + shape.size() + " elements)");
        }
        return new Tensor(shape, values.clone());
    }

    /** A rank-1 tensor of the given values: {@code Tensor.vector(1, 2, 3)} has shape {@code [3]}. */
    public static Tensor vector(double... values) {
        return new Tensor(Shape.of(values.length), values.clone());
    }

    /** A rank-2 tensor from rows of equal length. */
    public static Tensor matrix(double[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        double[] d = new double[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) {
                throw new IllegalArgumentException("matrix: row " + i + " has " + rows[i].length
                        + " values, row 0 has " + cols);
            }
            System.arraycopy(rows[i], 0, d, i * cols, cols);
        }
        return new Tensor(Shape.of(rows.length, cols), d);
    }

    /** The rank-0 tensor holding {@code value}. */
    public static Tensor scalar(double value) {
        return new Tensor(Shape.scalar(), new double[] {value});
    }

    /** A tensor of zeros. */
    public static Tensor zeros(int... dims) {
        return zeros(Shape.of(dims));
    }

    /** A tensor of zeros of the given shape. */
    public static Tensor zeros(Shape shape) {
        return new Tensor(shape, new double[shape.size()]);
    }

    /** A tensor of zeros of the given shape and element type: {@code Tensor.zeros(Shape.of(2, 3), DType.F32)}. */
    public static Tensor zeros(Shape shape, DType dtype) {
        if (dtype == null) {
            throw new IllegalArgumentException("zeros: a dtype is required");
        }
        return dtype == DType.F32 ? new Tensor(shape, new float[shape.size()]) : zeros(shape);
    }

    /**
     * An F32 tensor holding a copy of {@code values} laid out row-major in the given shape:
     * {@code Tensor.of(new float[] {1, 2, 3, 4}, 2, 2)}.
     */
    public static Tensor of(float[] values, int... dims) {
        return of(values, Shape.of(dims));
    }

    /** An F32 tensor holding a copy of {@code values} laid out row-major in {@code shape}. */
    public static Tensor of(float[] values, Shape shape) {
        if (values.length != shape.size()) {
            throw new IllegalArgumentException("of: " + values.length + " values do not fill shape " + shape
                    + " (" + shape.size() + " elements)");
        }
        return new Tensor(shape, values.clone());
    }

    /** A tensor of ones. */
    public static Tensor ones(int... dims) {
        return full(Shape.of(dims), 1.0);
    }

    /** A tensor of ones of the given shape. */
    public static Tensor ones(Shape shape) {
        return full(shape, 1.0);
    }

    /** A tensor of the given shape with every element equal to {@code value}. */
    public static Tensor full(Shape shape, double value) {
        double[] d = new double[shape.size()];
        Arrays.fill(d, value);
        return new Tensor(shape, d);
    }

    /** A tensor of the given shape and element type with every element equal to {@code value} (rounded for F32). */
    public static Tensor full(Shape shape, double value, DType dtype) {
        if (dtype == null) {
            throw new IllegalArgumentException("full: a dtype is required");
        }
        if (dtype != DType.F32) {
            return full(shape, value);
        }
        float[] f = new float[shape.size()];
        Arrays.fill(f, (float) value);
        return new Tensor(shape, f);
    }

    /**
     * The values {@code start, start + step, ...} below {@code stop} (above it for a negative step), as
     * NumPy's {@code arange}: {@code arange(0, 1, 0.25)} is {@code [0, 0.25, 0.5, 0.75]}.
     */
    public static Tensor arange(double start, double stop, double step) {
        if (step == 0 || !Double.isFinite(step) || !Double.isFinite(start) || !Double.isFinite(stop)) {
            throw new IllegalArgumentException("arange: start " + start + ", stop " + stop + ", step " + step
                    + ": step must be finite and non-zero, bounds finite");
        }
        int n = (int) Math.max(0, Math.ceil((stop - start) / step));
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = start + i * step;
        }
        return new Tensor(Shape.of(n), d);
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
        if (n < 0) {
            throw new IllegalArgumentException("linspace: negative count " + n);
        }
        double[] d = new double[n];
        double step = n > 1 ? (stop - start) / (n - 1) : 0;
        for (int i = 0; i < n; i++) {
            d[i] = start + i * step;
        }
        if (n > 1) {
            d[n - 1] = stop;
        }
        return new Tensor(Shape.of(n), d);
    }

    /** The {@code n x n} identity matrix. */
    public static Tensor eye(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("eye: negative size " + n);
        }
        double[] d = new double[n * n];
        for (int i = 0; i < n; i++) {
            d[i * n + i] = 1;
        }
        return new Tensor(Shape.of(n, n), d);
    }

    /** Independent samples from the uniform distribution on {@code [lo, hi)}, drawn from {@code rng}. */
    public static Tensor uniform(RandomGenerator rng, double lo, double hi, int... dims) {
        if (!(lo < hi) || !Double.isFinite(lo) || !Double.isFinite(hi)) {
            throw new IllegalArgumentException("uniform: bounds [" + lo + ", " + hi + ") must be finite with lo < hi");
        }
        Shape s = Shape.of(dims);
        double[] d = new double[s.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = lo + (hi - lo) * rng.nextDouble();
        }
        return new Tensor(s, d);
    }

    /** Uniform samples on {@code [lo, hi)} from a generator seeded with {@code seed}; the same seed gives the same tensor. */
    public static Tensor uniform(long seed, double lo, double hi, int... dims) {
        return uniform(new SplittableRandom(seed), lo, hi, dims);
    }

    /** Independent samples from the normal distribution N(mean, std²), drawn from {@code rng}. */
    public static Tensor normal(RandomGenerator rng, double mean, double std, int... dims) {
        if (!(std >= 0) || !Double.isFinite(std) || !Double.isFinite(mean)) {
            throw new IllegalArgumentException("normal: mean " + mean + " and std " + std
                    + " must be finite with std >= 0");
        }
        Shape s = Shape.of(dims);
        double[] d = new double[s.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = mean + std * rng.nextGaussian();
        }
        return new Tensor(s, d);
    }

    /** Normal samples N(mean, std²) from a generator seeded with {@code seed}. */
    public static Tensor normal(long seed, double mean, double std, int... dims) {
        return normal(new SplittableRandom(seed), mean, std, dims);
    }

    // ---------------------------------------------------------------- access

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
        if (dtype == null) {
            throw new IllegalArgumentException("to: a dtype is required");
        }
        if (dtype == dtype()) {
            return this;
        }
        if (dtype == DType.F64) {
            return f64();
        }
        float[] f = new float[data.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) data[i];
        }
        return new Tensor(shape, f);
    }

    /** A copy of the values, row-major, widened to double for an F32 tensor. */
    public double[] toArray() {
        return floats == null ? data.clone() : f64().data;
    }

    /** A copy of the values, row-major, as floats: exact for an F32 tensor, rounded to nearest for F64. */
    public float[] toFloatArray() {
        return floats != null ? floats.clone() : to(DType.F32).floats;
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

    // ---------------------------------------------------------------- elementwise unary

    /** {@code -x}. */
    public Tensor neg() {
        return Elementwise.unary(this, Elementwise.Unary.NEG);
    }

    /** {@code |x|}. */
    public Tensor abs() {
        return Elementwise.unary(this, Elementwise.Unary.ABS);
    }

    /** {@code sign(x)}: -1, 0 or 1. */
    public Tensor sign() {
        return Elementwise.unary(this, Elementwise.Unary.SIGN);
    }

    /** {@code e^x}. */
    public Tensor exp() {
        return Elementwise.unary(this, Elementwise.Unary.EXP);
    }

    /** {@code ln x} (NaN for x &lt; 0, -inf at 0, as IEEE 754). */
    public Tensor log() {
        return Elementwise.unary(this, Elementwise.Unary.LOG);
    }

    /** {@code ln(1 + x)}, accurate for small x. */
    public Tensor log1p() {
        return Elementwise.unary(this, Elementwise.Unary.LOG1P);
    }

    /** {@code √x}. */
    public Tensor sqrt() {
        return Elementwise.unary(this, Elementwise.Unary.SQRT);
    }

    /** {@code x²}. */
    public Tensor square() {
        return Elementwise.unary(this, Elementwise.Unary.SQUARE);
    }

    /** {@code 1 / x}. */
    public Tensor reciprocal() {
        return Elementwise.unary(this, Elementwise.Unary.RECIPROCAL);
    }

    /** {@code sin x}. */
    public Tensor sin() {
        return Elementwise.unary(this, Elementwise.Unary.SIN);
    }

    /** {@code cos x}. */
    public Tensor cos() {
        return Elementwise.unary(this, Elementwise.Unary.COS);
    }

    /** {@code tanh x}. */
    public Tensor tanh() {
        return Elementwise.unary(this, Elementwise.Unary.TANH);
    }

    /** {@code σ(x) = 1 / (1 + e^-x)}, computed without overflow for large |x|. */
    public Tensor sigmoid() {
        return Elementwise.unary(this, Elementwise.Unary.SIGMOID);
    }

    /** {@code max(x, 0)}. */
    public Tensor relu() {
        return Elementwise.unary(this, Elementwise.Unary.RELU);
    }

    /** The Heaviside step: 1 where {@code x > 0}, else 0. */
    public Tensor step() {
        return Elementwise.unary(this, Elementwise.Unary.STEP);
    }

    /** The error function {@code erf x = (2/√π) ∫₀ˣ e^(−t²) dt}, to about 1e-15 relative error. */
    public Tensor erf() {
        return Elementwise.map(this, Erf::erf);
    }

    /** {@code f(x)} elementwise for any function; slower than the named operations. */
    public Tensor map(DoubleUnaryOperator f) {
        return Elementwise.map(this, f);
    }

    // ---------------------------------------------------------------- elementwise binary (broadcasting)

    /** {@code a + b}, broadcast. */
    public Tensor add(Tensor b) {
        return Elementwise.binary(this, b, Elementwise.Binary.ADD);
    }

    /** {@code a + c} for a constant c, which takes this tensor's type (an F32 tensor stays F32). */
    public Tensor add(double c) {
        return add(full(Shape.scalar(), c, dtype()));
    }

    /**
     * {@code a + α·b}, broadcast, in one pass when the shapes agree (PyTorch's {@code add(a, b, alpha=α)}):
     * the update {@code w.add(grad, -0.1)} allocates one tensor instead of two. An F32 result uses α rounded
     * to float.
     */
    public Tensor add(Tensor b, double alpha) {
        return Elementwise.addScaled(this, b, alpha);
    }

    /** {@code a − b}, broadcast. */
    public Tensor sub(Tensor b) {
        return Elementwise.binary(this, b, Elementwise.Binary.SUB);
    }

    /** {@code a ⊙ b}, broadcast. */
    public Tensor mul(Tensor b) {
        return Elementwise.binary(this, b, Elementwise.Binary.MUL);
    }

    /** {@code c · a} for a constant c, which takes this tensor's type. */
    public Tensor mul(double c) {
        return mul(full(Shape.scalar(), c, dtype()));
    }

    /** {@code a / b}, broadcast. */
    public Tensor div(Tensor b) {
        return Elementwise.binary(this, b, Elementwise.Binary.DIV);
    }

    /** {@code a^b}, broadcast, as {@link Math#pow}. */
    public Tensor pow(Tensor b) {
        return Elementwise.binary(this, b, Elementwise.Binary.POW);
    }

    /** {@code a^c} for a constant c, which takes this tensor's type. */
    public Tensor pow(double c) {
        return pow(full(Shape.scalar(), c, dtype()));
    }

    /** {@code max(a, b)}, broadcast. */
    public Tensor maximum(Tensor b) {
        return Elementwise.binary(this, b, Elementwise.Binary.MAXIMUM);
    }

    /** {@code min(a, b)}, broadcast. */
    public Tensor minimum(Tensor b) {
        return Elementwise.binary(this, b, Elementwise.Binary.MINIMUM);
    }

    /** 1 where {@code a == b}, else 0, broadcast. */
    public Tensor eq(Tensor b) {
        return Elementwise.binary(this, b, Elementwise.Binary.EQ);
    }

    /** 1 where {@code a != b}, else 0, broadcast. */
    public Tensor ne(Tensor b) {
        return Elementwise.binary(this, b, Elementwise.Binary.NE);
    }

    /** 1 where {@code a < b}, else 0, broadcast. */
    public Tensor lt(Tensor b) {
        return Elementwise.binary(this, b, Elementwise.Binary.LT);
    }

    /** 1 where {@code a <= b}, else 0, broadcast. */
    public Tensor le(Tensor b) {
        return Elementwise.binary(this, b, Elementwise.Binary.LE);
    }

    /** 1 where {@code a > b}, else 0, broadcast. */
    public Tensor gt(Tensor b) {
        return Elementwise.binary(this, b, Elementwise.Binary.GT);
    }

    /** 1 where {@code a >= b}, else 0, broadcast. */
    public Tensor ge(Tensor b) {
        return Elementwise.binary(this, b, Elementwise.Binary.GE);
    }

    /** {@code cond ? a : b} elementwise, where cond is non-zero; all three broadcast together. */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        return Elementwise.where(cond, a, b);
    }

    /** {@code min(max(x, lo), hi)}; requires {@code lo <= hi}. */
    public Tensor clamp(double lo, double hi) {
        return Elementwise.clamp(this, lo, hi);
    }

    // ---------------------------------------------------------------- reductions

    /** {@code Σ x} over all elements, as a scalar. */
    public Tensor sum() {
        return Reductions.all(this, Reductions.Kind.SUM);
    }

    /** {@code Σ x} over {@code axis} (negative counts from the end), dropping it. */
    public Tensor sum(int axis) {
        return sum(axis, false);
    }

    /** {@code Σ x} over {@code axis}, keeping it as size 1 if {@code keepDims}. */
    public Tensor sum(int axis, boolean keepDims) {
        return Reductions.along(this, axis, keepDims, Reductions.Kind.SUM);
    }

    /** The mean of all elements, as a scalar (NaN for an empty tensor). */
    public Tensor mean() {
        return Reductions.all(this, Reductions.Kind.MEAN);
    }

    /** The mean over {@code axis}. */
    public Tensor mean(int axis) {
        return mean(axis, false);
    }

    /** The mean over {@code axis}, keeping it as size 1 if {@code keepDims}. */
    public Tensor mean(int axis, boolean keepDims) {
        return Reductions.along(this, axis, keepDims, Reductions.Kind.MEAN);
    }

    /** The largest element, as a scalar; refused for an empty tensor. */
    public Tensor max() {
        return Reductions.all(this, Reductions.Kind.MAX);
    }

    /** The largest element along {@code axis}. */
    public Tensor max(int axis) {
        return max(axis, false);
    }

    /** The largest element along {@code axis}, keeping it as size 1 if {@code keepDims}. */
    public Tensor max(int axis, boolean keepDims) {
        return Reductions.along(this, axis, keepDims, Reductions.Kind.MAX);
    }

    /** The smallest element, as a scalar; refused for an empty tensor. */
    public Tensor min() {
        return Reductions.all(this, Reductions.Kind.MIN);
    }

    /** The smallest element along {@code axis}. */
    public Tensor min(int axis) {
        return min(axis, false);
    }

    /** The smallest element along {@code axis}, keeping it as size 1 if {@code keepDims}. */
    public Tensor min(int axis, boolean keepDims) {
        return Reductions.along(this, axis, keepDims, Reductions.Kind.MIN);
    }

    /** The flat row-major index of the largest element (the first on ties), as a scalar. */
    public Tensor argmax() {
        return Reductions.all(this, Reductions.Kind.ARGMAX);
    }

    /** The index of the largest element along {@code axis} (the first on ties). */
    public Tensor argmax(int axis) {
        return argmax(axis, false);
    }

    /** The index of the largest element along {@code axis}, keeping it as size 1 if {@code keepDims}. */
    public Tensor argmax(int axis, boolean keepDims) {
        return Reductions.along(this, axis, keepDims, Reductions.Kind.ARGMAX);
    }

    /** The flat row-major index of the smallest element (the first on ties), as a scalar. */
    public Tensor argmin() {
        return Reductions.all(this, Reductions.Kind.ARGMIN);
    }

    /** The index of the smallest element along {@code axis} (the first on ties). */
    public Tensor argmin(int axis) {
        return argmin(axis, false);
    }

    /** The index of the smallest element along {@code axis}, keeping it as size 1 if {@code keepDims}. */
    public Tensor argmin(int axis, boolean keepDims) {
        return Reductions.along(this, axis, keepDims, Reductions.Kind.ARGMIN);
    }

    /** {@code ln Σ e^x} over all elements, computed as {@code m + ln Σ e^(x − m)} with m the max so it never overflows. */
    public Tensor logsumexp() {
        return Reductions.all(this, Reductions.Kind.LOGSUMEXP);
    }

    /** {@code ln Σ e^x} over {@code axis}, stable. */
    public Tensor logsumexp(int axis) {
        return logsumexp(axis, false);
    }

    /** {@code ln Σ e^x} over {@code axis}, stable, keeping it as size 1 if {@code keepDims}. */
    public Tensor logsumexp(int axis, boolean keepDims) {
        return Reductions.along(this, axis, keepDims, Reductions.Kind.LOGSUMEXP);
    }

    /** The population variance {@code mean((x − mean x)²)} of all elements, as a scalar. */
    public Tensor variance() {
        return Reductions.all(this, Reductions.Kind.VARIANCE);
    }

    /** The population variance over {@code axis}. */
    public Tensor variance(int axis) {
        return variance(axis, false);
    }

    /** The population variance over {@code axis}, keeping it as size 1 if {@code keepDims}. */
    public Tensor variance(int axis, boolean keepDims) {
        return Reductions.along(this, axis, keepDims, Reductions.Kind.VARIANCE);
    }

    // ---------------------------------------------------------------- products

    /**
     * The matrix product with NumPy's {@code matmul} rules: vector·vector is a scalar, matrix·vector a
     * vector, matrix·matrix a matrix, and higher ranks are stacks of matrices whose leading dimensions
     * broadcast. Large products run on EJML's multi-threaded kernel.
     */
    public Tensor matmul(Tensor b) {
        return MatMul.matmul(this, b, false, false);
    }

    /**
     * {@code op(a) · op(b)} where {@code op} swaps the last two axes when its flag is set, without
     * materializing the transpose; both operands must have rank at least 2.
     */
    public Tensor matmul(Tensor b, boolean transposeA, boolean transposeB) {
        return MatMul.matmul(this, b, transposeA, transposeB);
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

    // ---------------------------------------------------------------- shape operations

    /** The same values in a new shape of the same size; one dimension may be {@code -1} and is inferred. */
    public Tensor reshape(int... dims) {
        return ShapeOps.reshape(this, dims);
    }

    /** The same values in {@code shape}, which must have the same size. */
    public Tensor reshape(Shape shape) {
        return ShapeOps.reshape(this, shape.dims());
    }

    /** The last two axes swapped (a matrix transpose); a rank-1 or rank-0 tensor is returned as is. */
    public Tensor transpose() {
        return rank() < 2 ? this : transpose(-2, -1);
    }

    /** Axes {@code a} and {@code b} swapped. */
    public Tensor transpose(int a, int b) {
        return ShapeOps.transpose(this, a, b);
    }

    /** The axes reordered: output axis i is input axis {@code order[i]}; {@code order} is a permutation. */
    public Tensor permute(int... order) {
        return ShapeOps.permute(this, order);
    }

    /** Every size-1 dimension removed. */
    public Tensor squeeze() {
        return ShapeOps.squeeze(this);
    }

    /** Dimension {@code axis}, which must have size 1, removed. */
    public Tensor squeeze(int axis) {
        return ShapeOps.squeeze(this, axis);
    }

    /** A size-1 dimension inserted at {@code axis} (0..rank, negative counts from rank + 1). */
    public Tensor unsqueeze(int axis) {
        return ShapeOps.unsqueeze(this, axis);
    }

    /** The values repeated along new or size-1 dimensions to fill {@code target}, by NumPy's rules. */
    public Tensor broadcastTo(Shape target) {
        return ShapeOps.broadcastTo(this, target);
    }

    /**
     * The reverse of broadcasting: the sum over the dimensions that broadcasting {@code target} to this
     * shape would have added or stretched. {@code x.broadcastTo(s).sumTo(x.shape())} is {@code x} times
     * the number of copies.
     */
    public Tensor sumTo(Shape target) {
        return ShapeOps.sumTo(this, target);
    }

    /** Elements {@code start} (inclusive) to {@code end} (exclusive) along {@code axis}. */
    public Tensor slice(int axis, int start, int end) {
        return ShapeOps.slice(this, axis, start, end);
    }

    /** The tensors joined along an existing {@code axis}; all other dimensions must agree. */
    public static Tensor concat(int axis, Tensor... parts) {
        return ShapeOps.concat(axis, parts);
    }

    /** The tensors, all of one shape, joined along a new {@code axis}. */
    public static Tensor stack(int axis, Tensor... parts) {
        return ShapeOps.stack(axis, parts);
    }

    // ---------------------------------------------------------------- indexing

    /**
     * The slices at integer {@code indices} along {@code axis}, as NumPy's {@code take}: the result has
     * shape {@code shape[:axis] + indices.shape + shape[axis+1:]}. Indices are whole numbers in
     * {@code [0, dim)}.
     */
    public Tensor gather(int axis, Tensor indices) {
        return Indexing.gather(this, axis, indices);
    }

    /**
     * The adjoint of {@link #gather}: a zero tensor of {@code shape} into which each slice of
     * {@code updates} is added at its index along {@code axis}; repeated indices accumulate.
     */
    public static Tensor scatterAdd(Shape shape, int axis, Tensor indices, Tensor updates) {
        return Indexing.scatterAdd(shape, axis, indices, updates);
    }

    /** A new last axis of size {@code classes} with a 1 at each index and 0 elsewhere. */
    public static Tensor oneHot(Tensor indices, int classes) {
        return Indexing.oneHot(indices, classes);
    }

    // ---------------------------------------------------------------- comparison and printing

    /**
     * True if the shapes are equal and every pair of elements satisfies
     * {@code |a − b| <= atol + rtol · |b|} (NaNs in the same places count as equal); the element types
     * may differ, values compare as doubles.
     */
    public boolean allClose(Tensor other, double rtol, double atol) {
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
