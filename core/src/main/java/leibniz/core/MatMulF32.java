package leibniz.core;

import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;

/**
 * The F32 twin of {@link MatMul}'s kernels, on the same plan: one product for a single matrix or a
 * stack times a shared matrix, BLAS {@code sgemm} from {@link MatMul#BLAS_THRESHOLD} multiply-adds,
 * EJML's {@link FMatrixRMaj} kernels below it. Shapes are checked by the caller. The float crossover is
 * where the double one is (best of 15, microseconds per n×n×n product, JDK 17, vector module):
 * <pre>
 *   n     EJML    native sgemm   Java sgemm
 *   6     0.14    0.23           0.08
 *   8     0.28    0.23           0.18
 *   12    0.70    0.28           0.34
 *   16    1.8     0.36           0.83
 * </pre>
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
            int rows = batches * m;
            if ((long) rows * k * n >= MatMul.BLAS_THRESHOLD) {
                Blas.sgemm(ta, tb, rows, n, k, a, 0, b, 0, out, 0);
            } else {
                FMatrixRMaj ma = ta ? FMatrixRMaj.wrap(k, m, a) : FMatrixRMaj.wrap(rows, k, a);
                product(ma, FMatrixRMaj.wrap(bRows, bCols, b), FMatrixRMaj.wrap(rows, n, out), ta, tb);
            }
        } else if ((long) m * k * n >= MatMul.BLAS_THRESHOLD) {
            for (int t = 0; t < batches; t++) {
                Blas.sgemm(ta, tb, m, n, k, a, offA[t], b, offB[t], out, t * m * n);
            }
        } else {
            FMatrixRMaj ma = new FMatrixRMaj(aRows, aCols);
            FMatrixRMaj mb = new FMatrixRMaj(bRows, bCols);
            FMatrixRMaj c = new FMatrixRMaj(m, n);
            int lastA = -1;
            int lastB = -1;
            for (int t = 0; t < batches; t++) {
                // EJML cannot read at an offset: copy each slice once into a reused buffer.
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
    }

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
