package leibniz.core;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.decomposition.lu.LUDecompositionBase_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * One float64 matrix at a time on EJML's decompositions and solvers; {@link LinearAlgebra} maps these over
 * batches. Each takes row-major {@code double[]}s that it only reads (except where it says it consumes
 * one) and the place of the matrix for messages ({@link Place}), and returns fresh arrays.
 *
 * <p>A matrix is refused as singular when its 2-norm condition number {@code σ_max/σ_min} is at least
 * {@code 1/(n·ε)}, ε = 2⁻⁵² (singular to working precision). The LU pivots screen for it: only a matrix
 * with a pivot below √ε times the largest pays for the SVD that measures its condition number. A
 * triangular matrix is judged by its diagonal alone (max|aᵢᵢ| / min|aᵢᵢ|, a lower bound of its
 * condition number).
 */
final class Factorizations {
    static final double EPS = Math.ulp(1.0);
    /** √ε: LU pivots further apart than this send the matrix to the SVD for its condition number. */
    private static final double SCREEN = Math.sqrt(EPS);

    private Factorizations() {
    }

    /** Where a matrix is, for messages: the op, the stack's shape and the matrix's index in the batch. */
    record Place(String op, Shape shape, int index) {
        String describe() {
            return op + ": " + shape + MatrixShapes.where(shape, index);
        }
    }

    /** The LU factorization of a square matrix, refused if singular to working precision. */
    static LinearSolverDense<DMatrixRMaj> lu(double[] a, int n, Place p) {
        DMatrixRMaj m = DMatrixRMaj.wrap(n, n, a);
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.lu(n);
        if (!solver.setA(m)) {
            throw singular(p, a, n);
        }
        double[] range = diagonalRange(((LUDecompositionBase_DDRM) solver.getDecomposition()).getLU().data, n);
        if (!(range[0] > SCREEN * range[1])) {
            checkCondition(p, a, n);
        }
        return solver;
    }

    /** {min |aᵢᵢ|, max |aᵢᵢ|} of an n × n matrix. */
    private static double[] diagonalRange(double[] a, int n) {
        double max = 0;
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double d = Math.abs(a[i * n + i]);
            max = Math.max(max, d);
            min = Math.min(min, d);
        }
        return new double[] {min, max};
    }

    /** Refuses a matrix whose condition number is at least 1/(n·ε), naming it. */
    private static void checkCondition(Place p, double[] a, int n) {
        double kappa = condition(a, n);
        if (!(kappa < 1 / (n * EPS))) {
            throw singular(p, kappa);
        }
    }

    private static IllegalArgumentException singular(Place p, double[] a, int n) {
        return singular(p, condition(a, n));
    }

    private static IllegalArgumentException singular(Place p, double kappa) {
        return new IllegalArgumentException(p.describe() + ": the matrix is singular to working precision "
                + "(condition number " + format(kappa) + ")");
    }

    /** Three significant digits, and "inf" as NumPy prints it. */
    static String format(double v) {
        return Double.isInfinite(v) ? "inf" : String.format(java.util.Locale.ROOT, "%.3g", v);
    }

    /** The 2-norm condition number σ_max / σ_min of a square matrix (infinite if σ_min is 0). */
    static double condition(double[] a, int n) {
        double[] s = SingularOps_DDRM.singularValues(DMatrixRMaj.wrap(n, n, a.clone()));
        double max = 0;
        double min = Double.POSITIVE_INFINITY;
        for (double v : s) {
            max = Math.max(max, v);
            min = Math.min(min, v);
        }
        return min == 0 ? Double.POSITIVE_INFINITY : max / min;
    }

    /** A⁻¹. */
    static double[] inv(double[] a, int n, Place p) {
        LinearSolverDense<DMatrixRMaj> solver = lu(a, n, p);
        DMatrixRMaj out = new DMatrixRMaj(n, n);
        solver.invert(out);
        return out.data;
    }

    /** X = A⁻¹ B for B of n × k. */
    static double[] solve(double[] a, double[] b, int n, int k, Place p) {
        LinearSolverDense<DMatrixRMaj> solver = lu(a, n, p);
        DMatrixRMaj x = new DMatrixRMaj(n, k);
        solver.solve(DMatrixRMaj.wrap(n, k, b), x);
        return x.data;
    }

    /** {sign(det A), ln|det A|} from the LU factorization; a singular matrix gives {0, −∞}. */
    static double[] slogdet(double[] a, int n) {
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.lu(n);
        solver.setA(DMatrixRMaj.wrap(n, n, a));
        LUDecompositionBase_DDRM lu = (LUDecompositionBase_DDRM) solver.getDecomposition();
        double[] u = lu.getLU().data;
        double sign = permutationSign(lu.getPivot(), n);
        double log = 0;
        for (int i = 0; i < n; i++) {
            double d = u[i * n + i];
            if (d == 0) {
                return new double[] {0, Double.NEGATIVE_INFINITY};
            }
            sign *= Math.signum(d);
            log += Math.log(Math.abs(d));
        }
        return new double[] {sign, log};
    }

    /** det A, as EJML's {@code CommonOps_DDRM.det}: LU with partial pivoting (closed forms up to 6 × 6). */
    static double det(double[] a, int n) {
        return CommonOps_DDRM.det(DMatrixRMaj.wrap(n, n, a));
    }

    /** The sign of a permutation given as the row order, counted by its cycles. */
    private static double permutationSign(int[] pivot, int n) {
        boolean[] seen = new boolean[n];
        double sign = 1;
        for (int i = 0; i < n; i++) {
            int length = 0;
            for (int j = i; !seen[j]; j = pivot[j]) {
                seen[j] = true;
                length++;
            }
            if (length > 0 && length % 2 == 0) {
                sign = -sign;
            }
        }
        return sign;
    }

    /**
     * The lower Cholesky factor L of the symmetric part (A + Aᵀ)/2 = L·Lᵀ; a matrix that is not positive
     * definite is refused naming the first leading minor that is not.
     */
    static double[] cholesky(double[] a, int n, Place p) {
        CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(n, true);
        DMatrixRMaj m = DMatrixRMaj.wrap(n, n, symmetrized(a, n));
        if (!chol.decompose(m)) {
            throw notPositiveDefinite(symmetrized(a, n), n, p);
        }
        // A new matrix: EJML's block algorithm (n ≥ 1000) does not give L back in the matrix it decomposed.
        return chol.getT(null).data;
    }

    /** A new array holding (A + Aᵀ)/2 of an n × n matrix: the symmetric part that eigh and cholesky read, as JAX's. */
    static double[] symmetrized(double[] a, int n) {
        double[] s = new double[n * n];
        // Tile by tile, so that the reads and writes along columns stay in cache: row by row, they cost a
        // 512 × 512 Cholesky factorization a quarter of its time.
        for (int i0 = 0; i0 < n; i0 += TILE) {
            int i1 = Math.min(n, i0 + TILE);
            for (int j0 = 0; j0 <= i0; j0 += TILE) {
                for (int i = i0; i < i1; i++) {
                    int j1 = Math.min(i, j0 + TILE);
                    for (int j = j0; j < j1; j++) {
                        double v = (a[i * n + j] + a[j * n + i]) / 2;
                        s[i * n + j] = v;
                        s[j * n + i] = v;
                    }
                }
            }
            for (int i = i0; i < i1; i++) {
                s[i * n + i] = a[i * n + i];
            }
        }
        return s;
    }

    /** The side of the tiles {@link #symmetrized} works in: two 32 × 32 tiles of doubles fit in L1. */
    private static final int TILE = 32;

    /** The failed pivot, found again by the textbook algorithm: only a refused matrix pays for it. */
    private static IllegalArgumentException notPositiveDefinite(double[] a, int n, Place p) {
        double[] l = new double[n * n];
        for (int j = 0; j < n; j++) {
            double d = a[j * n + j];
            for (int k = 0; k < j; k++) {
                d -= l[j * n + k] * l[j * n + k];
            }
            if (!(d > 0)) {
                return new IllegalArgumentException(p.describe() + ": the matrix is not positive definite: pivot "
                        + (j + 1) + " of " + n + " is " + d + ", so the leading minor of order "
                        + (j + 1) + " is not positive definite");
            }
            l[j * n + j] = Math.sqrt(d);
            for (int i = j + 1; i < n; i++) {
                double s = a[i * n + j];
                for (int k = 0; k < j; k++) {
                    s -= l[i * n + k] * l[j * n + k];
                }
                l[i * n + j] = s / l[j * n + j];
            }
        }
        return new IllegalArgumentException(p.describe() + ": the matrix is not positive definite (EJML's "
                + "factorization failed though every pivot of the textbook algorithm is positive)");
    }

    /** Rows of a triangular solve substituted at a time; the rows above (below, for upper) are a BLAS product. */
    private static final int BLOCK = 64;
    /** The number of right-hand sides from which the blocks pay. */
    private static final int WIDE = 64;

    /**
     * X = A⁻¹ B for triangular A (its other triangle is not read) and B of n × k; with {@code unit} the diagonal
     * is taken as ones and not read. Blocks of 64 rows: each first subtracts the rows already solved with one
     * BLAS product, then substitutes along its own rows, so nearly all the work of a large solve is a product.
     */
    static double[] triangularSolve(double[] a, double[] b, int n, int k, boolean upper, boolean unit, Place p) {
        if (!unit) {
            checkTriangular(a, n, p);
        }
        double[] x = b.clone();
        // Few right-hand sides make thin products, slower than substituting along whole rows.
        int rows = k < WIDE ? n : BLOCK;
        for (int done = 0; done < n; done += rows) {
            int i0 = upper ? Math.max(0, n - done - rows) : done;
            int i1 = upper ? n - done : Math.min(n, done + rows);
            int from = upper ? i1 : 0;
            int to = upper ? n : i0;
            if (to > from) {
                double[] block = new double[(i1 - i0) * (to - from)];
                for (int i = i0; i < i1; i++) {
                    System.arraycopy(a, i * n + from, block, (i - i0) * (to - from), to - from);
                }
                double[] update = new double[(i1 - i0) * k];
                Blas.gemm(false, false, i1 - i0, k, to - from, block, 0, x, from * k, update, 0);
                for (int r = 0; r < update.length; r++) {
                    x[i0 * k + r] -= update[r];
                }
            }
            substitute(a, x, n, k, i0, i1, upper, unit);
        }
        return x;
    }

    /** Rows i0..i1 of X by substitution against the diagonal block A[i0:i1, i0:i1], in place. */
    private static void substitute(double[] a, double[] x, int n, int k, int i0, int i1, boolean upper, boolean unit) {
        double[] acc = new double[k];
        for (int step = 0; step < i1 - i0; step++) {
            int i = upper ? i1 - 1 - step : i0 + step;
            // The row is accumulated apart from x so that the inner loop reads and writes different arrays,
            // which the JIT vectorizes.
            System.arraycopy(x, i * k, acc, 0, k);
            int j = upper ? i + 1 : i0;
            int end = upper ? i1 : i;
            // Four rows per pass keep the accumulator in registers; the subtractions stay in the order of j,
            // so the bits are those of one row per pass.
            for (; j + 3 < end; j += 4) {
                double a0 = a[i * n + j];
                double a1 = a[i * n + j + 1];
                double a2 = a[i * n + j + 2];
                double a3 = a[i * n + j + 3];
                int r0 = j * k;
                int r1 = r0 + k;
                int r2 = r1 + k;
                int r3 = r2 + k;
                for (int c = 0; c < k; c++) {
                    acc[c] = acc[c] - a0 * x[r0 + c] - a1 * x[r1 + c] - a2 * x[r2 + c] - a3 * x[r3 + c];
                }
            }
            for (; j < end; j++) {
                double aij = a[i * n + j];
                int rj = j * k;
                for (int c = 0; c < k; c++) {
                    acc[c] -= aij * x[rj + c];
                }
            }
            double d = unit ? 1 : a[i * n + i];
            for (int c = 0; c < k; c++) {
                x[i * k + c] = acc[c] / d;
            }
        }
    }

    /**
     * Refuses a triangular matrix whose diagonal ratio max|aᵢᵢ| / min|aᵢᵢ|, a lower bound of its condition
     * number, reaches 1/(n·ε).
     */
    private static void checkTriangular(double[] a, int n, Place p) {
        double[] range = diagonalRange(a, n);
        double min = range[0];
        double max = range[1];
        if (!(min > n * EPS * max)) {
            throw new IllegalArgumentException(p.describe() + ": the triangular matrix is singular to working "
                    + "precision (condition number at least " + format(min == 0 ? Double.POSITIVE_INFINITY : max / min)
                    + ", from its diagonal)");
        }
    }
}
