// Generated from MatMulF64.java by GenerateF32; do not edit. Regenerate from the repository root:
// java core/src/test/java/leibniz/core/GenerateF32.java
package leibniz.core;

import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;

/**
 * {@link MatMul}'s kernel on F32 storage: one product for a single matrix or a stack times a shared matrix,
 * BLAS {@code sgemm} ({@link Blas}) from {@link MatMul#BLAS_THRESHOLD} multiply-adds, which reads every operand
 * and batch slice in place, and EJML's {@link FMatrixRMaj} kernels below it. Shapes are checked by the caller.
 */
final class MatMulF32 {
    private MatMulF32() {}

    /**
     * Writes the {@code batches · m · n} product values into {@code out}, slice {@code t} from {@code a} at
     * offA[t] and {@code b} at offB[t].
     */
    static void product(float[] out, float[] a, float[] b, int[] offA, int[] offB, int batches, int m, int n,
            int k, int aRows, int aCols, int bRows, int bCols, boolean ta, boolean tb) {
        if (batches == 1 || !ta && MatMul.isStack(offA, m * k) && MatMul.isShared(offB)) {
            // One matrix, or the slices of a lying one after another as the rows of one tall matrix.
            int rows = batches * m;
            if ((long) rows * k * n >= MatMul.BLAS_THRESHOLD) {
                Blas.gemm(ta, tb, rows, n, k, a, 0, b, 0, out, 0);
            } else {
                FMatrixRMaj ma = ta ? FMatrixRMaj.wrap(k, m, a) : FMatrixRMaj.wrap(rows, k, a);
                product(ma, FMatrixRMaj.wrap(bRows, bCols, b), FMatrixRMaj.wrap(rows, n, out), ta, tb);
            }
        } else if ((long) m * k * n >= MatMul.BLAS_THRESHOLD) {
            for (int t = 0; t < batches; t++) {
                Blas.gemm(ta, tb, m, n, k, a, offA[t], b, offB[t], out, t * m * n);
            }
        } else {
            batched(out, a, b, offA, offB, m, n, aRows, aCols, bRows, bCols, ta, tb);
        }
    }

    /** Small products slice by slice in EJML, through buffers because EJML cannot read at an offset. */
    private static void batched(float[] out, float[] a, float[] b, int[] offA, int[] offB, int m, int n,
            int aRows, int aCols, int bRows, int bCols, boolean ta, boolean tb) {
        FMatrixRMaj ma = new FMatrixRMaj(aRows, aCols);
        FMatrixRMaj mb = new FMatrixRMaj(bRows, bCols);
        FMatrixRMaj c = new FMatrixRMaj(m, n);
        int lastA = -1;
        int lastB = -1;
        for (int t = 0; t < offA.length; t++) {
            // A broadcast operand repeats its offset: copy it once and reuse the buffer.
            if (offA[t] != lastA) {
                System.arraycopy(a, offA[t], ma.data, 0, ma.data.length);
                lastA = offA[t];
            }
            if (offB[t] != lastB) {
                System.arraycopy(b, offB[t], mb.data, 0, mb.data.length);
                lastB = offB[t];
            }
            product(ma, mb, c, ta, tb);
            System.arraycopy(c.data, 0, out, t * m * n, m * n);
        }
    }

    /** {@code c = op(a)·op(b)} in EJML's single-threaded kernels; {@code c} has its shape. */
    private static void product(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c, boolean ta, boolean tb) {
        if (ta && tb) {
            CommonOps_FDRM.multTransAB(a, b, c);
        } else if (ta) {
            CommonOps_FDRM.multTransA(a, b, c);
        } else if (tb) {
            CommonOps_FDRM.multTransB(a, b, c);
        } else {
            CommonOps_FDRM.mult(a, b, c);
        }
    }
}
