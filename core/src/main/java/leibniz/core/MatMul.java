package leibniz.core;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;

/**
 * The matrix product {@code out[..., i, j] = Σ_k op(a)[..., i, k] · op(b)[..., k, j]} with NumPy's
 * {@code matmul} rules, where {@code op} optionally swaps the last two axes.
 *
 * <p>A rank-1 {@code a} is read as a row {@code [1, k]} and a rank-1 {@code b} as a column
 * {@code [k, 1]}; the added axis is dropped from the result, so vector·vector is a scalar. Leading
 * (batch) dimensions broadcast. Each matrix product runs in EJML on row-major storage wrapped
 * without copying; batch slices are copied into one reusable buffer per operand because
 * {@link DMatrixRMaj#wrap} cannot start at an offset, which costs O(mk + kn) next to the O(mkn)
 * product.
 */
final class MatMul {
    /**
     * Products with at least this many multiply-adds ({@code m·k·n}) use EJML's multi-threaded
     * kernels. A guess: below roughly a million the cost of forking tasks is not repaid. To be
     * measured with the JMH benchmarks in {@code examples}.
     */
    static final long PARALLEL_THRESHOLD = 1_000_000L;

    private MatMul() {}

    /** {@code op(a) · op(b)}; {@code op} transposes the last two axes of an operand whose flag is set. */
    static Tensor matmul(Tensor a, Tensor b, boolean transposeA, boolean transposeB) {
        Shape sa = a.shape;
        Shape sb = b.shape;
        // Shape.matmul checks every rule and names the operands; the kernel below can trust the shapes.
        Shape outShape = Shape.matmul(sa, sb, transposeA, transposeB);
        if (sa.rank() == 1 && sb.rank() == 1) {
            return dot(a, b);
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
            return Tensor.zeros(outShape); // an empty sum is 0
        }
        if (batches == 1) {
            DMatrixRMaj ma = DMatrixRMaj.wrap(aRows, aCols, a.data);
            DMatrixRMaj mb = DMatrixRMaj.wrap(bRows, bCols, b.data);
            DMatrixRMaj c = new DMatrixRMaj(m, n);
            product(ma, mb, c, k, transposeA, transposeB);
            return new Tensor(outShape, c.data);
        }
        return batched(a, b, batchA, batchB, batch, outShape, aRows, aCols, bRows, bCols, m, n, k,
                transposeA, transposeB);
    }

    /** {@code Σ_i a_i b_i} for two vectors of equal length. */
    private static Tensor dot(Tensor a, Tensor b) {
        int k = a.shape.dim(0);
        double s = 0;
        for (int i = 0; i < k; i++) {
            s += a.data[i] * b.data[i];
        }
        return Tensor.scalar(s);
    }

    private static Tensor batched(Tensor a, Tensor b, Shape batchA, Shape batchB, Shape batch, Shape outShape,
            int aRows, int aCols, int bRows, int bCols, int m, int n, int k, boolean transposeA, boolean transposeB) {
        int batches = batch.size();
        int[] offA = batchOffsets(batchA, batch, aRows * aCols);
        int[] offB = batchOffsets(batchB, batch, bRows * bCols);
        DMatrixRMaj ma = new DMatrixRMaj(aRows, aCols);
        DMatrixRMaj mb = new DMatrixRMaj(bRows, bCols);
        DMatrixRMaj c = new DMatrixRMaj(m, n);
        int lastA = -1;
        int lastB = -1;
        double[] out = new double[batches * m * n];
        for (int t = 0; t < batches; t++) {
            // A broadcast operand repeats its offset: copy it once and reuse the buffer.
            if (offA[t] != lastA) {
                System.arraycopy(a.data, offA[t], ma.data, 0, ma.data.length);
                lastA = offA[t];
            }
            if (offB[t] != lastB) {
                System.arraycopy(b.data, offB[t], mb.data, 0, mb.data.length);
                lastB = offB[t];
            }
            product(ma, mb, c, k, transposeA, transposeB);
            System.arraycopy(c.data, 0, out, t * m * n, m * n);
        }
        return new Tensor(outShape, out);
    }

    /** {@code c = op(a)·op(b)}, on EJML's threaded kernel when the product is large; {@code c} has its shape. */
    private static void product(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c, int k, boolean ta, boolean tb) {
        boolean parallel = (long) c.numRows * c.numCols * k >= PARALLEL_THRESHOLD;
        if (ta && tb) {
            if (parallel) {
                CommonOps_MT_DDRM.multTransAB(a, b, c);
            } else {
                CommonOps_DDRM.multTransAB(a, b, c);
            }
        } else if (ta) {
            if (parallel) {
                CommonOps_MT_DDRM.multTransA(a, b, c);
            } else {
                CommonOps_DDRM.multTransA(a, b, c);
            }
        } else if (tb) {
            if (parallel) {
                CommonOps_MT_DDRM.multTransB(a, b, c);
            } else {
                CommonOps_DDRM.multTransB(a, b, c);
            }
        } else if (parallel) {
            CommonOps_MT_DDRM.mult(a, b, c);
        } else {
            CommonOps_DDRM.mult(a, b, c);
        }
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
