package leibniz.core;

import java.util.Arrays;
import leibniz.core.Factorizations.Place;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ejml.interfaces.decomposition.QRDecomposition;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * The factorizations by orthogonal transformations, one float64 matrix at a time on EJML: QR (Householder),
 * the symmetric eigendecomposition (symmetric QR algorithm), the SVD (implicit QR) and the pseudo-inverse.
 * As in {@link Factorizations}, inputs are only read and outputs are fresh arrays.
 */
final class Orthogonal {
    private Orthogonal() {
    }

    /** The reduced QR factorization of an m × n matrix: {Q (m × k, orthonormal columns), R (k × n, upper)}, k = min(m, n). */
    static double[][] qr(double[] a, int m, int n) {
        QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(m, n);
        int k = Math.min(m, n);
        if (!DecompositionFactory_DDRM.decomposeSafe(qr, DMatrixRMaj.wrap(m, n, a))) {
            return householder(a, m, n, k);
        }
        DMatrixRMaj q = qr.getQ(null, true);
        DMatrixRMaj r = qr.getR(null, true);
        return new double[][] {Arrays.copyOf(q.data, m * k), Arrays.copyOf(r.data, k * n)};
    }

    /**
     * Householder QR that skips a reflection whose column is already zero: EJML's refuses such an exactly
     * rank-deficient matrix (a zero column below the diagonal), whose factorization exists all the same.
     */
    private static double[][] householder(double[] a, int m, int n, int k) {
        double[] r = a.clone();
        double[][] v = new double[k][];
        double[] beta = new double[k];
        for (int j = 0; j < k; j++) {
            double norm = 0;
            for (int i = j; i < m; i++) {
                norm = Math.hypot(norm, r[i * n + j]);
            }
            v[j] = new double[m - j];
            if (norm == 0) {
                continue;
            }
            double alpha = r[j * n + j] > 0 ? -norm : norm;
            for (int i = j; i < m; i++) {
                v[j][i - j] = r[i * n + j];
            }
            v[j][0] -= alpha;
            double vv = 0;
            for (double x : v[j]) {
                vv += x * x;
            }
            beta[j] = 2 / vv;
            reflect(r, n, j, j, n, v[j], beta[j]);
        }
        double[] q = new double[m * k];
        for (int i = 0; i < k; i++) {
            q[i * k + i] = 1;
        }
        for (int j = k - 1; j >= 0; j--) {
            reflect(q, k, j, 0, k, v[j], beta[j]);
        }
        double[] rk = new double[k * n];
        for (int i = 0; i < k; i++) {
            for (int c = i; c < n; c++) {
                rk[i * n + c] = r[i * n + c];
            }
        }
        return new double[][] {q, rk};
    }

    /** x[row.., from..to) −= β v (vᵀ x[row.., from..to)) for a row-major x with {@code cols} columns. */
    private static void reflect(double[] x, int cols, int row, int from, int to, double[] v, double beta) {
        for (int c = from; c < to; c++) {
            double dot = 0;
            for (int i = 0; i < v.length; i++) {
                dot += v[i] * x[(row + i) * cols + c];
            }
            dot *= beta;
            for (int i = 0; i < v.length; i++) {
                x[(row + i) * cols + c] -= dot * v[i];
            }
        }
    }

    /**
     * The eigenvalues in ascending order and the eigenvectors (as columns, n × n) of the symmetric part
     * (A + Aᵀ)/2, by EJML's symmetric QR algorithm.
     */
    static double[][] eigh(double[] a, int n, boolean vectors, Place p) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, vectors, true);
        if (!eig.decompose(DMatrixRMaj.wrap(n, n, Factorizations.symmetrized(a, n)))) {
            throw new IllegalArgumentException(p.describe() + ": the symmetric QR algorithm did not converge");
        }
        Integer[] order = new Integer[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
            w[i] = eig.getEigenvalue(i).real;
        }
        Arrays.sort(order, (x, y) -> Double.compare(w[x], w[y]));
        double[] sorted = new double[n];
        double[] v = vectors ? new double[n * n] : null;
        for (int c = 0; c < n; c++) {
            sorted[c] = w[order[c]];
            if (vectors) {
                double[] column = eig.getEigenVector(order[c]).data;
                for (int r = 0; r < n; r++) {
                    v[r * n + c] = column[r];
                }
            }
        }
        return new double[][] {sorted, v};
    }

    /**
     * The reduced SVD A = U·diag(s)·Vh of an m × n matrix, singular values descending: {U (m × k), s (k),
     * Vh (k × n)}, k = min(m, n); U and Vh are null without {@code vectors}.
     */
    static double[][] svd(double[] a, int m, int n, boolean vectors, Place p) {
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(m, n, vectors, vectors, true);
        if (!DecompositionFactory_DDRM.decomposeSafe(svd, DMatrixRMaj.wrap(m, n, a))) {
            throw new IllegalArgumentException(p.describe() + ": the implicit-QR SVD did not converge");
        }
        int k = Math.min(m, n);
        double[] s = Arrays.copyOf(svd.getSingularValues(), k);
        if (!vectors) {
            Arrays.sort(s);
            for (int i = 0; i < k / 2; i++) {
                double t = s[i];
                s[i] = s[k - 1 - i];
                s[k - 1 - i] = t;
            }
            return new double[][] {null, s, null};
        }
        DMatrixRMaj u = svd.getU(null, false);
        DMatrixRMaj vh = svd.getV(null, true);
        SingularOps_DDRM.descendingOrder(u, false, s, k, vh, true);
        return new double[][] {Arrays.copyOf(u.data, m * k), s, Arrays.copyOf(vh.data, k * n)};
    }

    /**
     * The Moore–Penrose pseudo-inverse V·diag(1/sᵢ)·Uᵀ (n × m), keeping the singular values above
     * {@code rtol · s_max} and treating the others as zero.
     */
    static double[] pinv(double[] a, int m, int n, double rtol, Place p) {
        double[][] usv = svd(a, m, n, true, p);
        double[] u = usv[0];
        double[] s = usv[1];
        double[] vh = usv[2];
        int k = s.length;
        double cutoff = rtol * s[0];
        // W = diag(1/sᵢ)·Vh with the cut rows zero; A⁺ = Wᵀ·Uᵀ by EJML's blocked product.
        DMatrixRMaj w = DMatrixRMaj.wrap(k, n, vh);
        for (int r = 0; r < k; r++) {
            double inv = s[r] > cutoff ? 1 / s[r] : 0;
            for (int i = 0; i < n; i++) {
                vh[r * n + i] *= inv;
            }
        }
        DMatrixRMaj out = new DMatrixRMaj(n, m);
        CommonOps_DDRM.multTransAB(w, DMatrixRMaj.wrap(m, k, u), out);
        return out.data;
    }
}
