package leibniz.core;

/**
 * The matrix product {@code out[..., i, j] = Σ_k op(a)[..., i, k] · op(b)[..., k, j]} with NumPy's
 * {@code matmul} rules, where {@code op} optionally swaps the last two axes.
 *
 * <p>A rank-1 {@code a} is read as a row {@code [1, k]} and a rank-1 {@code b} as a column
 * {@code [k, 1]}; the added axis is dropped from the result, so vector·vector is a scalar. Leading
 * (batch) dimensions broadcast.
 *
 * <p>Small products run in EJML on row-major storage wrapped without copying; batch slices are copied
 * into one reusable buffer per operand because {@code DMatrixRMaj.wrap} cannot start at an offset.
 * Products of at least {@link #BLAS_THRESHOLD} multiply-adds run on BLAS {@code dgemm} ({@link Blas}),
 * which reads every operand and batch slice in place and transposes through its flags. A stack of
 * untransposed matrices times one shared matrix (a layer applied to {@code [batch, time, features]})
 * is a single product of the stacked rows. This class checks shapes and lays out the batch; the kernel
 * is {@link MatMulF64}.
 *
 * <p>Two F32 operands multiply in F32 ({@code sgemm}, EJML's {@code FMatrixRMaj}) in {@link MatMulF32},
 * which is generated from {@link MatMulF64} ({@code GenerateF32} in the tests), never edited by hand; an
 * F32 operand meeting an F64 one is widened first.
 */
final class MatMul {
    /**
     * Products with at least this many multiply-adds ({@code m·k·n}, per batch slice) run on BLAS; smaller
     * ones in EJML, which has no call overhead to pay. Measured on this project's 2-core machine (JDK 17,
     * warmed up, best of 15 interleaved runs, microseconds per product over NN/TN/NT/TT):
     * <pre>
     *   m=k=n   EJML        Java BLAS   native OpenBLAS
     *   6       0.15-0.44   0.07-0.09   0.23-0.25
     *   8       0.29-0.61   0.18-0.21   0.24-0.26
     *   12      0.69-1.15   0.33-0.57   0.34-0.42
     *   16      1.5-2.0     0.80-0.91   0.46-0.51
     *   32      11-13       6.0-6.4     1.8-2.0
     * </pre>
     * Netlib's Java BLAS (the one CI machines use) is ahead from the smallest sizes; the native call costs
     * about 0.23 µs through JNI and draws level with EJML at 8³, where the threshold sits. The float
     * products cross over at the same size (best of 15, microseconds per n×n×n product, vector module):
     * <pre>
     *   n     EJML    native sgemm   Java sgemm
     *   6     0.14    0.23           0.08
     *   8     0.28    0.23           0.18
     *   12    0.70    0.28           0.34
     *   16    1.8     0.36           0.83
     * </pre>
     */
    static final long BLAS_THRESHOLD = 8 * 8 * 8;

    /**
     * Products with at least this many multiply-adds on netlib's pure-Java BLAS, which is single-threaded,
     * split their output rows across the cores ({@link Blas}); native OpenBLAS threads by itself. On 2 cores,
     * when the second core was idle, the split made 1024³ 1.7-2.0× faster without the vector module
     * (11 → 17-19 GFLOP/s) and 2.1× faster with it for the transposed products of backward passes
     * (30 → 64-70 GFLOP/s; the untransposed product gained at most 1.2×); it starts to pay at about 100³.
     * On a busy machine it gains nothing and can lose up to 25%.
     */
    static final long PARALLEL_THRESHOLD = 1_000_000L;

    private MatMul() {}

    /** {@code op(a) · op(b)}; {@code op} transposes the last two axes of an operand whose flag is set. */
    static Tensor matmul(Tensor a, Tensor b, boolean transposeA, boolean transposeB) {
        return matmul(a, b, transposeA, transposeB, null);
    }

    /** {@link #matmul(Tensor, Tensor, boolean, boolean)} written into {@code into}, or new storage if null. */
    static Tensor matmul(Tensor a, Tensor b, boolean transposeA, boolean transposeB, Buffer into) {
        Arguments.notNull(b, "matmul", "b");
        Shape sa = a.shape;
        Shape sb = b.shape;
        // Shape.matmul checks every rule and names the operands; the kernel below can trust the shapes.
        Shape outShape = Shape.matmul(sa, sb, transposeA, transposeB);
        DType type = DType.common(a, b);
        Buffer o = into == null ? null : Buffer.orNew(into, outShape, type, "matmul");
        if (sa.rank() == 1 && sb.rank() == 1) {
            Tensor d = dot(a, b);
            return o == null ? d : o.write(d);
        }
        // Storage rows and columns of one matrix of each operand, before op() is applied.
        int aRows = sa.rank() == 1 ? 1 : sa.dim(-2);
        int aCols = sa.dim(-1);
        int bRows = sb.rank() == 1 ? sb.dim(0) : sb.dim(-2);
        int bCols = sb.rank() == 1 ? 1 : sb.dim(-1);
        int m = transposeA ? aCols : aRows;
        int k = transposeA ? aRows : aCols;
        int n = transposeB ? bRows : bCols;
        Shape batchA = batchOf(sa);
        Shape batchB = batchOf(sb);
        Shape batch = Shape.broadcast(batchA, batchB, "matmul");
        int batches = batch.size();
        if (batches == 0 || m == 0 || n == 0 || k == 0) {
            if (o == null) {
                return Storage.zeros("matmul", outShape, type); // an empty sum is 0
            }
            o.fill(0);
            return o.view();
        }
        int[] offA = batchOffsets(batchA, batch, aRows * aCols);
        int[] offB = batchOffsets(batchB, batch, bRows * bCols);
        if (type == DType.F32) {
            float[] out = o == null ? Storage.floats("matmul", outShape) : (float[]) o.storage();
            MatMulF32.product(out, a.floats, b.floats, offA, offB, batches, m, n, k, aRows, aCols, bRows, bCols,
                    transposeA, transposeB);
            return new Tensor(outShape, out);
        }
        double[] out = o == null ? Storage.doubles("matmul", outShape) : (double[]) o.storage();
        MatMulF64.product(out, a.f64().data, b.f64().data, offA, offB, batches, m, n, k, aRows, aCols, bRows, bCols,
                transposeA, transposeB);
        return new Tensor(outShape, out);
    }

    /** {@code Σ_i a_i b_i} for two vectors of equal length, accumulated in double; F32 if both are. */
    private static Tensor dot(Tensor a, Tensor b) {
        int k = a.shape.dim(0);
        double s = 0;
        for (int i = 0; i < k; i++) {
            s += a.at(i) * b.at(i);
        }
        return Tensor.scalar(s).to(DType.common(a, b));
    }

    /** Whether the matrices of size {@code size} at these offsets lie one after another from 0. */
    static boolean isStack(int[] offsets, int size) {
        for (int t = 0; t < offsets.length; t++) {
            if (offsets[t] != t * size) {
                return false;
            }
        }
        return true;
    }

    /** Whether every batch slice reads the same matrix. */
    static boolean isShared(int[] offsets) {
        for (int off : offsets) {
            if (off != offsets[0]) {
                return false;
            }
        }
        return true;
    }

    /** The leading dimensions of a matrix stack; none for a vector or a single matrix. */
    private static Shape batchOf(Shape s) {
        if (s.rank() <= 2) {
            return Shape.scalar();
        }
        int[] d = s.dims();
        int[] lead = new int[d.length - 2];
        System.arraycopy(d, 0, lead, 0, lead.length);
        return Shape.of(lead);
    }

    /**
     * For each index of {@code batch} in row-major order, the offset of the matching matrix in an operand
     * whose own batch shape {@code own} broadcasts to it; size-1 dimensions repeat the same matrix.
     */
    private static int[] batchOffsets(Shape own, Shape batch, int matrixSize) {
        int r = batch.rank();
        int pad = r - own.rank();
        int[] dims = batch.dims();
        int[] ownStrides = own.strides();
        int[] step = new int[r];
        for (int i = pad; i < r; i++) {
            step[i] = own.dim(i - pad) == 1 ? 0 : ownStrides[i - pad] * matrixSize;
        }
        int[] offsets = new int[batch.size()];
        int[] index = new int[r];
        int off = 0;
        for (int t = 0; t < offsets.length; t++) {
            offsets[t] = off;
            for (int ax = r - 1; ax >= 0; ax--) {
                off += step[ax];
                if (++index[ax] < dims[ax]) {
                    break;
                }
                off -= step[ax] * dims[ax];
                index[ax] = 0;
            }
        }
        return offsets;
    }
}
