package leibniz.core;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * {@code e^A = Σ Aᵏ/k!} by scaling and squaring with a diagonal Padé approximant, as Higham (2005), "The
 * scaling and squaring method for the matrix exponential revisited", Algorithm 2.3 (SciPy's and PyTorch's
 * {@code matrix_exp}): the smallest degree m ∈ {3, 5, 7, 9, 13} whose bound θₘ exceeds ‖A‖₁, else degree
 * 13 on {@code A / 2ˢ} squared s times. EJML has no exponential; the products and the one solve are EJML's.
 */
final class MatrixExponential {
    private static final double[] THETA = {1.495585217958292e-2, 2.539398330063230e-1, 9.504178996162932e-1,
        2.097847961257068e0};
    private static final double THETA_13 = 5.371920351148152e0;
    private static final double[][] B = {
        {120, 60, 12, 1},
        {30240, 15120, 3360, 420, 30, 1},
        {17297280, 8648640, 1995840, 277200, 25200, 1512, 56, 1},
        {17643225600.0, 8821612800.0, 2075673600, 302702400, 30270240, 2162160, 110880, 3960, 90, 1},
    };
    private static final double[] B13 = {64764752532480000.0, 32382376266240000.0, 7771770303897600.0,
        1187353796428800.0, 129060195264000.0, 10559470521600.0, 670442572800.0, 33522128640.0, 1323241920.0,
        40840800.0, 960960.0, 16380.0, 182.0, 1.0};

    private MatrixExponential() {
    }

    /** e^A of an n × n matrix, row-major. */
    static double[] exp(double[] a, int n) {
        DMatrixRMaj x = DMatrixRMaj.wrap(n, n, a.clone());
        double norm = NormOps_DDRM.normP1(x);
        for (int i = 0; i < THETA.length; i++) {
            if (norm <= THETA[i]) {
                return pade(x, B[i]).data;
            }
        }
        int s = norm <= THETA_13 ? 0 : Math.getExponent(norm / THETA_13) + 1;
        if (s > 0) {
            CommonOps_DDRM.scale(Math.scalb(1.0, -s), x);
        }
        DMatrixRMaj r = pade13(x);
        DMatrixRMaj t = new DMatrixRMaj(n, n);
        for (int k = 0; k < s; k++) {
            CommonOps_DDRM.mult(r, r, t);
            DMatrixRMaj swap = r;
            r = t;
            t = swap;
        }
        return r.data;
    }

    /** The [m/m] Padé approximant for m ≤ 9: U = A Σ b₂ⱼ₊₁ A²ʲ, V = Σ b₂ⱼ A²ʲ. */
    private static DMatrixRMaj pade(DMatrixRMaj a, double[] b) {
        int n = a.numRows;
        DMatrixRMaj a2 = new DMatrixRMaj(n, n);
        CommonOps_DDRM.mult(a, a, a2);
        DMatrixRMaj odd = identity(n, b[1]);
        DMatrixRMaj even = identity(n, b[0]);
        DMatrixRMaj power = a2.copy();
        DMatrixRMaj next = new DMatrixRMaj(n, n);
        for (int j = 2; j < b.length; j += 2) {
            CommonOps_DDRM.addEquals(even, b[j], power);
            CommonOps_DDRM.addEquals(odd, b[j + 1], power);
            if (j + 2 < b.length) {
                CommonOps_DDRM.mult(power, a2, next);
                DMatrixRMaj swap = power;
                power = next;
                next = swap;
            }
        }
        DMatrixRMaj u = new DMatrixRMaj(n, n);
        CommonOps_DDRM.mult(a, odd, u);
        return quotient(u, even);
    }

    /** The [13/13] Padé approximant in Higham's factored form, with six products. */
    private static DMatrixRMaj pade13(DMatrixRMaj a) {
        int n = a.numRows;
        double[] b = B13;
        DMatrixRMaj a2 = new DMatrixRMaj(n, n);
        DMatrixRMaj a4 = new DMatrixRMaj(n, n);
        DMatrixRMaj a6 = new DMatrixRMaj(n, n);
        CommonOps_DDRM.mult(a, a, a2);
        CommonOps_DDRM.mult(a2, a2, a4);
        CommonOps_DDRM.mult(a4, a2, a6);
        DMatrixRMaj inner = combination(a6, b[13], a4, b[11], a2, b[9], 0);
        DMatrixRMaj t = new DMatrixRMaj(n, n);
        CommonOps_DDRM.mult(a6, inner, t);
        CommonOps_DDRM.addEquals(t, combination(a6, b[7], a4, b[5], a2, b[3], b[1]));
        DMatrixRMaj u = new DMatrixRMaj(n, n);
        CommonOps_DDRM.mult(a, t, u);
        inner = combination(a6, b[12], a4, b[10], a2, b[8], 0);
        DMatrixRMaj v = new DMatrixRMaj(n, n);
        CommonOps_DDRM.mult(a6, inner, v);
        CommonOps_DDRM.addEquals(v, combination(a6, b[6], a4, b[4], a2, b[2], b[0]));
        return quotient(u, v);
    }

    /** c₆ A⁶ + c₄ A⁴ + c₂ A² + c₀ I. */
    private static DMatrixRMaj combination(DMatrixRMaj a6, double c6, DMatrixRMaj a4, double c4, DMatrixRMaj a2,
            double c2, double c0) {
        DMatrixRMaj out = identity(a2.numRows, c0);
        CommonOps_DDRM.addEquals(out, c6, a6);
        CommonOps_DDRM.addEquals(out, c4, a4);
        CommonOps_DDRM.addEquals(out, c2, a2);
        return out;
    }

    /** (V − U)⁻¹ (V + U); V − U is well conditioned for ‖A‖₁ ≤ θₘ (Higham 2005, §2). */
    private static DMatrixRMaj quotient(DMatrixRMaj u, DMatrixRMaj v) {
        int n = u.numRows;
        DMatrixRMaj p = new DMatrixRMaj(n, n);
        DMatrixRMaj q = new DMatrixRMaj(n, n);
        CommonOps_DDRM.add(v, u, p);
        CommonOps_DDRM.subtract(v, u, q);
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.lu(n);
        solver.setA(q);
        DMatrixRMaj out = new DMatrixRMaj(n, n);
        solver.solve(p, out);
        return out;
    }

    private static DMatrixRMaj identity(int n, double c) {
        DMatrixRMaj m = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            m.data[i * n + i] = c;
        }
        return m;
    }
}
