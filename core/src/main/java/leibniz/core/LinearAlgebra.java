package leibniz.core;

import java.util.List;

/**
 * Linear algebra on tensors, as {@code torch.linalg} on tensors: every function works on the last two axes
 * and maps over the leading ones (a batch), in F64 and F32, on EJML's decompositions and solvers. F32
 * input is computed in float64 and rounded once. The differentiable versions are {@code leibniz.autograd.Linalg}.
 *
 * <p>Bad input is refused with a sentence: a non-square matrix to a square-only function, a non-finite
 * element, a matrix that is singular to working precision (condition number at least {@code 1/(n·ε)},
 * reported), a matrix that is not positive definite to {@link #cholesky} (naming the failed pivot).
 * <pre>{@code
 * Tensor x = LinearAlgebra.solve(a, b);     // a·x = b
 * }</pre>
 */
public final class LinearAlgebra {
    private LinearAlgebra() {
    }

    /** A⁻¹ of each square matrix. */
    public static Tensor inv(Tensor a) {
        Arguments.notNull(a, "inv", "a");
        int n = MatrixShapes.rows(MatrixShapes.square("inv", a.shape()));
        return Batches.map("inv", a, new int[] {n, n},
                (m, b) -> new double[][] {Factorizations.inv(m[0], n, new Factorizations.Place("inv", a.shape(), b))});
    }

    /** X = A⁻¹B for square A {@code [..., n, n]} and B {@code [..., n, k]}, batches broadcast; by LU with partial pivoting. */
    public static Tensor solve(Tensor a, Tensor b) {
        Arguments.notNull(a, "solve", "a");
        Arguments.notNull(b, "solve", "b");
        Shape out = MatrixShapes.solve("solve", a.shape(), b.shape());
        int n = MatrixShapes.rows(out);
        int k = MatrixShapes.cols(out);
        Shape batch = MatrixShapes.batch(out);
        return Batches.map("solve", batch, broadcast(a, b, batch), List.of(new int[] {n, k}),
                (m, i) -> new double[][] {Factorizations.solve(m[0], m[1], n, k,
                        new Factorizations.Place("solve", MatrixShapes.of(batch, n, n), i))}).get(0);
    }

    /**
     * X = A⁻¹B for triangular A, reading only its {@code upper} or lower triangle, and its diagonal unless
     * {@code unitDiagonal} (then taken as ones); shapes as {@link #solve}. A substitution has no iterations
     * to derail, so a NaN or infinity in what it reads carries into the result, as in PyTorch, and one in
     * the triangle it does not read changes nothing.
     */
    public static Tensor triangularSolve(Tensor a, Tensor b, boolean upper, boolean unitDiagonal) {
        Arguments.notNull(a, "triangularSolve", "a");
        Arguments.notNull(b, "triangularSolve", "b");
        Shape out = MatrixShapes.solve("triangularSolve", a.shape(), b.shape());
        int n = MatrixShapes.rows(out);
        int k = MatrixShapes.cols(out);
        Shape batch = MatrixShapes.batch(out);
        return Batches.map("triangularSolve", batch, broadcast(a, b, batch), List.of(new int[] {n, k}),
                (m, i) -> new double[][] {Factorizations.triangularSolve(m[0], m[1], n, k, upper, unitDiagonal,
                        new Factorizations.Place("triangularSolve", MatrixShapes.of(batch, n, n), i))}, false).get(0);
    }

    /**
     * The lower Cholesky factor L, {@code L·Lᵀ = (A + Aᵀ)/2}, of each symmetric positive-definite matrix (the
     * symmetric part, as JAX's {@code cholesky}); a matrix that is not is refused naming the failed pivot.
     */
    public static Tensor cholesky(Tensor a) {
        Arguments.notNull(a, "cholesky", "a");
        int n = MatrixShapes.rows(MatrixShapes.square("cholesky", a.shape()));
        return Batches.map("cholesky", a, new int[] {n, n}, (m, b) -> new double[][] {Factorizations.cholesky(
                m[0], n, new Factorizations.Place("cholesky", a.shape(), b))});
    }

    /** det A of each square matrix, shape {@code [...]}; 0 for a singular one. */
    public static Tensor det(Tensor a) {
        Arguments.notNull(a, "det", "a");
        int n = MatrixShapes.rows(MatrixShapes.square("det", a.shape()));
        return Batches.map("det", a, new int[0], (m, b) -> new double[][] {{Factorizations.det(m[0], n)}});
    }

    /**
     * {sign(det A), ln|det A|}, each of shape {@code [...]}, from one LU factorization, without the overflow
     * of {@link #det}; a singular matrix gives {0, −∞}.
     */
    public static List<Tensor> slogdet(Tensor a) {
        Arguments.notNull(a, "slogdet", "a");
        int n = MatrixShapes.rows(MatrixShapes.square("slogdet", a.shape()));
        return Batches.map("slogdet", MatrixShapes.batch(a.shape()), new Tensor[] {a}, List.of(new int[0], new int[0]),
                (m, b) -> {
                    double[] sl = Factorizations.slogdet(m[0], n);
                    return new double[][] {{sl[0]}, {sl[1]}};
                });
    }

    /** ln det A of each square matrix, shape {@code [...]}; one with a negative determinant is refused (its log is not real). */
    public static Tensor logdet(Tensor a) {
        Arguments.notNull(a, "logdet", "a");
        int n = MatrixShapes.rows(MatrixShapes.square("logdet", a.shape()));
        return Batches.map("logdet", a, new int[0], (m, b) -> {
            double[] sl = Factorizations.slogdet(m[0], n);
            if (sl[0] < 0) {
                throw new IllegalArgumentException("logdet: " + a.shape() + MatrixShapes.where(a.shape(), b)
                        + ": the determinant is negative (ln|det| = " + sl[1] + "), so its log is not real: use slogdet");
            }
            return new double[][] {{sl[1]}};
        });
    }

    /**
     * The reduced QR factorization {Q, R}: Q {@code [..., m, k]} with orthonormal columns, R {@code [..., k, n]}
     * upper triangular, {@code A = Q·R}, k = min(m, n); by Householder reflections (R's diagonal may be negative).
     */
    public static List<Tensor> qr(Tensor a) {
        Arguments.notNull(a, "qr", "a");
        Shape s = MatrixShapes.matrix("qr", a.shape());
        int m = MatrixShapes.rows(s);
        int n = MatrixShapes.cols(s);
        int k = Math.min(m, n);
        return Batches.map("qr", MatrixShapes.batch(s), new Tensor[] {a}, List.of(new int[] {m, k}, new int[] {k, n}),
                (x, b) -> Orthogonal.qr(x[0], m, n));
    }

    /**
     * The eigenvalues (ascending, {@code [..., n]}) and eigenvectors (columns of {@code [..., n, n]}) of the
     * symmetric part {@code (A + Aᵀ)/2} of each matrix, as JAX's {@code eigh}: {@code A·V = V·diag(w)}.
     */
    public static List<Tensor> eigh(Tensor a) {
        Arguments.notNull(a, "eigh", "a");
        int n = MatrixShapes.rows(MatrixShapes.square("eigh", a.shape()));
        return Batches.map("eigh", MatrixShapes.batch(a.shape()), new Tensor[] {a}, List.of(new int[] {n},
                new int[] {n, n}), (x, b) -> Orthogonal.eigh(x[0], n, true,
                new Factorizations.Place("eigh", a.shape(), b)));
    }

    /** The eigenvalues of {@link #eigh}, ascending, without the eigenvectors. */
    public static Tensor eigvalsh(Tensor a) {
        Arguments.notNull(a, "eigvalsh", "a");
        int n = MatrixShapes.rows(MatrixShapes.square("eigvalsh", a.shape()));
        return Batches.map("eigvalsh", a, new int[] {n}, (x, b) -> new double[][] {Orthogonal.eigh(
                x[0], n, false, new Factorizations.Place("eigvalsh", a.shape(), b))[0]});
    }

    /**
     * The reduced singular value decomposition {U, S, Vh}: U {@code [..., m, k]}, S {@code [..., k]} descending,
     * Vh {@code [..., k, n]}, {@code A = U·diag(S)·Vh}, k = min(m, n); by EJML's implicit-QR SVD.
     */
    public static List<Tensor> svd(Tensor a) {
        Arguments.notNull(a, "svd", "a");
        Shape s = MatrixShapes.matrix("svd", a.shape());
        int m = MatrixShapes.rows(s);
        int n = MatrixShapes.cols(s);
        int k = Math.min(m, n);
        return Batches.map("svd", MatrixShapes.batch(s), new Tensor[] {a}, List.of(new int[] {m, k}, new int[] {k},
                new int[] {k, n}), (x, b) -> Orthogonal.svd(x[0], m, n, true, new Factorizations.Place("svd", s, b)));
    }

    /** The singular values of {@link #svd}, descending, without U and Vh. */
    public static Tensor svdvals(Tensor a) {
        Arguments.notNull(a, "svdvals", "a");
        Shape s = MatrixShapes.matrix("svdvals", a.shape());
        int m = MatrixShapes.rows(s);
        int n = MatrixShapes.cols(s);
        return Batches.map("svdvals", a, new int[] {Math.min(m, n)}, (x, b) -> new double[][] {Orthogonal.svd(
                x[0], m, n, false, new Factorizations.Place("svdvals", s, b))[1]});
    }

    /**
     * The Moore–Penrose pseudo-inverse {@code [..., n, m]} through the SVD, treating singular values at or
     * below {@code rtol · σ_max} as zero ({@code rtol} in [0, 1)).
     */
    public static Tensor pinv(Tensor a, double rtol) {
        Arguments.notNull(a, "pinv", "a");
        Shape s = MatrixShapes.matrix("pinv", a.shape());
        if (!(rtol >= 0 && rtol < 1)) {
            throw new IllegalArgumentException("pinv: rtol must be in [0, 1), got " + rtol);
        }
        int m = MatrixShapes.rows(s);
        int n = MatrixShapes.cols(s);
        return Batches.map("pinv", a, new int[] {n, m}, (x, b) -> new double[][] {Orthogonal.pinv(x[0], m, n, rtol,
                new Factorizations.Place("pinv", s, b))});
    }

    /** The default cutoff of {@link #pinv}, NumPy's and PyTorch's: {@code max(m, n) · ε} for float64. */
    public static double pinvTolerance(Shape a) {
        Arguments.notNull(a, "pinvTolerance", "a");
        Shape s = MatrixShapes.matrix("pinv", a);
        return Math.max(MatrixShapes.rows(s), MatrixShapes.cols(s)) * Factorizations.EPS;
    }

    /** e^A of each square matrix, by scaling and squaring with Padé approximants (Higham 2005). */
    public static Tensor matrixExp(Tensor a) {
        Arguments.notNull(a, "matrixExp", "a");
        int n = MatrixShapes.rows(MatrixShapes.square("matrixExp", a.shape()));
        return Batches.map("matrixExp", a, new int[] {n, n}, (x, b) -> new double[][] {MatrixExponential.exp(x[0], n)});
    }

    /** Diagonal {@code offset} of each matrix, {@code [...,  k]} (offset > 0 above the main diagonal). */
    public static Tensor diagonal(Tensor a, int offset) {
        Arguments.notNull(a, "diagonal", "a");
        MatrixShapes.matrix("diagonal", a.shape());
        return MatrixParts.diagonal(a, offset);
    }

    /** The {@code m × n} matrices with the last axis of v on diagonal {@code offset} and zeros elsewhere. */
    public static Tensor diagEmbed(Tensor v, int offset, int m, int n) {
        Arguments.notNull(v, "diagEmbed", "v");
        if (v.rank() < 1) {
            throw new IllegalArgumentException("diag: needs a vector or a stack of vectors, got a scalar");
        }
        return MatrixParts.diagEmbed(v, offset, m, n);
    }

    /** The lower ({@code j − i ≤ offset}, NumPy's {@code tril}) or upper ({@code j − i ≥ offset}, {@code triu}) triangle. */
    public static Tensor triangle(Tensor a, boolean upper, int offset) {
        Arguments.notNull(a, "triangle", "a");
        MatrixShapes.matrix(upper ? "triu" : "tril", a.shape());
        return MatrixParts.triangle(a, upper, offset);
    }

    /**
     * {@code k[..., i, j] / (μ[..., j] − λ[..., i])}, 0 on the diagonal when {@code skipDiagonal}: the kernel
     * of the eigh and svd derivatives, which refuses a non-zero numerator over a denominator that is 0 to
     * working precision (repeated eigenvalues or singular values) instead of returning inf or NaN.
     */
    public static Tensor spectralQuotient(String op, Tensor lambda, Tensor mu, Tensor k, boolean skipDiagonal) {
        Arguments.notNull(op, "spectralQuotient", "op");
        Arguments.notNull(lambda, op, "lambda");
        Arguments.notNull(mu, op, "mu");
        Arguments.notNull(k, op, "k");
        MatrixShapes.matrix(op, k.shape());
        return MatrixParts.spectralQuotient(op, lambda, mu, k, skipDiagonal);
    }

    /** A and B with their batches broadcast to {@code batch}. */
    private static Tensor[] broadcast(Tensor a, Tensor b, Shape batch) {
        return new Tensor[] {
            a.broadcastTo(MatrixShapes.of(batch, MatrixShapes.rows(a.shape()), MatrixShapes.cols(a.shape()))),
            b.broadcastTo(MatrixShapes.of(batch, MatrixShapes.rows(b.shape()), MatrixShapes.cols(b.shape())))};
    }
}
