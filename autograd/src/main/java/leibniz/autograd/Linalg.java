package leibniz.autograd;

import leibniz.core.Arguments;
import leibniz.core.LinearAlgebra;
import leibniz.core.MatrixShapes;

/**
 * Differentiable linear algebra on graph nodes, as PyTorch's {@code torch.linalg} and JAX's
 * {@code jnp.linalg}: every function acts on the last two axes and maps over the leading ones (a batch),
 * in F64 and F32, with forwards on EJML's decompositions ({@link LinearAlgebra}) and derivatives of every
 * order. A Gaussian-process log-likelihood, for example:
 * <pre>{@code
 * Node l = Linalg.cholesky(k);                                   // K = L Lᵀ
 * Node alpha = Linalg.choleskySolve(l, y);                       // K⁻¹ y
 * Node logDet = Linalg.diagonal(l).log().sum().mul(2);           // ln det K
 * Node nll = y.mul(alpha).sum().add(logDet).mul(0.5);
 * }</pre>
 * Bad input is refused with a sentence when the node is built (shapes: non-square, mismatched) or run
 * (values): a matrix singular to working precision, with its condition number; a matrix that is not
 * positive definite to {@link #cholesky}, naming the pivot; a non-finite element; and a gradient that
 * divides by repeated eigenvalues or singular values, which PyTorch and JAX return as inf or NaN.
 */
public final class Linalg {
    private Linalg() {
    }

    /** The matrix norms of {@link #matrixNorm}. */
    public enum Norm {
        /** √(Σ a_ij²). */
        FROBENIUS,
        /** Σ σᵢ, the sum of the singular values. */
        NUCLEAR,
        /** σ_max, the largest singular value (the 2-norm). */
        SPECTRAL
    }

    /** The factors of {@link #qr}: Q with orthonormal columns and upper-triangular R, A = Q·R. */
    public record QR(Node q, Node r) {
    }

    /** The result of {@link #eigh}: ascending eigenvalues and the eigenvectors as columns, A·V = V·diag(w). */
    public record Eigen(Node eigenvalues, Node eigenvectors) {
    }

    /** The factors of {@link #svd}: A = U·diag(S)·Vh, S descending. */
    public record SVD(Node u, Node s, Node vh) {
    }

    /** The result of {@link #slogdet}: det A = sign · e^logAbsDet. */
    public record SignLogDet(Node sign, Node logAbsDet) {
    }

    /** A⁻¹. */
    public static Node inv(Node a) {
        Arguments.notNull(a, "inv", "a");
        return Node.apply(new LinalgOps.Inverse(), a);
    }

    /**
     * X with A·X = B, by LU with partial pivoting. B is {@code [..., n, k]}, or a vector {@code [..., n]} when
     * its rank is one less than A's (as PyTorch); batches broadcast.
     */
    public static Node solve(Node a, Node b) {
        Arguments.notNull(a, "solve", "a");
        Arguments.notNull(b, "solve", "b");
        boolean vector = b.rank() == a.rank() - 1;
        Node x = Node.apply(new LinalgOps.Solve(), a, vector ? b.unsqueeze(-1) : b);
        return vector ? x.squeeze(-1) : x;
    }

    /** X with A·X = B for a lower or {@code upper} triangular A (the other triangle is not read). */
    public static Node triangularSolve(Node a, Node b, boolean upper) {
        Arguments.notNull(a, "triangularSolve", "a");
        Arguments.notNull(b, "triangularSolve", "b");
        return triangularSolve(a, b, upper, true, false);
    }

    /**
     * X with A·X = B ({@code left}) or X·A = B (not left) for triangular A, reading only its {@code upper} or
     * lower triangle and, unless {@code unitDiagonal}, its diagonal (PyTorch's {@code solve_triangular}). B
     * may be a vector as in {@link #solve} when {@code left}.
     */
    public static Node triangularSolve(Node a, Node b, boolean upper, boolean left, boolean unitDiagonal) {
        Arguments.notNull(a, "triangularSolve", "a");
        Arguments.notNull(b, "triangularSolve", "b");
        if (!left) {
            return triangularSolve(a.transpose(), b.transpose(), !upper, true, unitDiagonal).transpose();
        }
        boolean vector = b.rank() == a.rank() - 1;
        Node x = Node.apply(new LinalgOps.TriangularSolve(upper, unitDiagonal), a, vector ? b.unsqueeze(-1) : b);
        return vector ? x.squeeze(-1) : x;
    }

    /** The lower Cholesky factor L of a symmetric positive-definite A = L·Lᵀ (of (A + Aᵀ)/2, as JAX). */
    public static Node cholesky(Node a) {
        Arguments.notNull(a, "cholesky", "a");
        return Node.apply(new DecompositionOps.Cholesky(), a);
    }

    /** X with (L·Lᵀ)·X = B given the lower Cholesky factor L: two triangular solves. B as in {@link #solve}. */
    public static Node choleskySolve(Node l, Node b) {
        Arguments.notNull(l, "choleskySolve", "l");
        Arguments.notNull(b, "choleskySolve", "b");
        return triangularSolve(l.transpose(), triangularSolve(l, b, false), true);
    }

    /** det A. */
    public static Node det(Node a) {
        Arguments.notNull(a, "det", "a");
        return Node.apply(new LinalgOps.Det(), a);
    }

    /** The sign and ln|det A| from one factorization; only the log carries a gradient. */
    public static SignLogDet slogdet(Node a) {
        Arguments.notNull(a, "slogdet", "a");
        Node[] p = LinalgOps.Slogdet.packing(a.shape()).parts(Node.apply(new LinalgOps.Slogdet(), a));
        return new SignLogDet(p[0], p[1]);
    }

    /** ln det A; a matrix with a negative determinant is refused when run (PyTorch returns NaN). */
    public static Node logdet(Node a) {
        Arguments.notNull(a, "logdet", "a");
        return Node.apply(new LinalgOps.LogDet(), a);
    }

    /** The reduced QR factorization: Q {@code [..., m, k]}, R {@code [..., k, n]}, k = min(m, n). */
    public static QR qr(Node a) {
        Arguments.notNull(a, "qr", "a");
        Node[] p = DecompositionOps.Qr.packing(a.shape()).parts(Node.apply(new DecompositionOps.Qr(), a));
        return new QR(p[0], p[1]);
    }

    /** The eigenvalues (ascending) and eigenvectors of the symmetric (A + Aᵀ)/2. */
    public static Eigen eigh(Node a) {
        Arguments.notNull(a, "eigh", "a");
        Node[] p = DecompositionOps.Eigh.packing(a.shape()).parts(Node.apply(new DecompositionOps.Eigh(), a));
        return new Eigen(p[0], p[1]);
    }

    /** The eigenvalues of (A + Aᵀ)/2, ascending; their gradient is defined even when some repeat. */
    public static Node eigvalsh(Node a) {
        Arguments.notNull(a, "eigvalsh", "a");
        return Node.apply(new DecompositionOps.EigenValues(), a);
    }

    /** The reduced SVD: U {@code [..., m, k]}, S {@code [..., k]} descending, Vh {@code [..., k, n]}. */
    public static SVD svd(Node a) {
        Arguments.notNull(a, "svd", "a");
        Node[] p = DecompositionOps.Svd.packing(a.shape()).parts(Node.apply(new DecompositionOps.Svd(), a));
        return new SVD(p[0], p[1], p[2]);
    }

    /** The singular values, descending; their gradient is defined even when some repeat. */
    public static Node svdvals(Node a) {
        Arguments.notNull(a, "svdvals", "a");
        return Node.apply(new DecompositionOps.SingularValues(), a);
    }

    /**
     * The least-squares solution X minimizing ‖A·X − B‖ for A of full rank: by QR of A when m ≥ n, and the
     * minimum-norm solution by QR of Aᵀ when m &lt; n. B as in {@link #solve}. A rank-deficient A is refused
     * (its R factor is singular); {@link #pinv} handles it.
     */
    public static Node lstsq(Node a, Node b) {
        Arguments.notNull(a, "lstsq", "a");
        Arguments.notNull(b, "lstsq", "b");
        boolean vector = b.rank() == a.rank() - 1;
        Node rhs = vector ? b.unsqueeze(-1) : b;
        Node x;
        if (MatrixShapes.rows(MatrixShapes.matrix("lstsq", a.shape())) >= MatrixShapes.cols(a.shape())) {
            QR f = qr(a);
            x = triangularSolve(f.r(), f.q().matmul(rhs, true, false), true);
        } else {
            QR f = qr(a.transpose());
            x = f.q().matmul(triangularSolve(f.r().transpose(), rhs, false));
        }
        return vector ? x.squeeze(-1) : x;
    }

    /** The Moore–Penrose pseudo-inverse, singular values at or below {@code max(m, n)·ε·σ_max} taken as zero. */
    public static Node pinv(Node a) {
        Arguments.notNull(a, "pinv", "a");
        return pinv(a, LinearAlgebra.pinvTolerance(a.shape()));
    }

    /** The pseudo-inverse with singular values at or below {@code rtol·σ_max} taken as zero. */
    public static Node pinv(Node a, double rtol) {
        Arguments.notNull(a, "pinv", "a");
        if (!(rtol >= 0 && rtol < 1)) {
            throw new IllegalArgumentException("pinv: rtol must be in [0, 1), got " + rtol);
        }
        return Node.apply(new LinalgOps.PseudoInverse(rtol), a);
    }

    /** The Frobenius, nuclear or spectral norm of each matrix, shape {@code [...]}. */
    public static Node matrixNorm(Node a, Norm kind) {
        Arguments.notNull(a, "matrixNorm", "a");
        Arguments.notNull(kind, "matrixNorm", "kind");
        MatrixShapes.matrix("matrixNorm", a.shape());
        return switch (kind) {
            case FROBENIUS -> a.square().sum(-1).sum(-1).sqrt();
            case NUCLEAR -> svdvals(a).sum(-1);
            case SPECTRAL -> svdvals(a).max(-1);
        };
    }

    /** tr A = Σ aᵢᵢ of each matrix. */
    public static Node trace(Node a) {
        Arguments.notNull(a, "trace", "a");
        return diagonal(a).sum(-1);
    }

    /** The main diagonal of each matrix, {@code [..., min(m, n)]}. */
    public static Node diagonal(Node a) {
        Arguments.notNull(a, "diagonal", "a");
        return diagonal(a, 0);
    }

    /** Diagonal {@code offset} of each matrix (above the main one for offset > 0, below for offset &lt; 0). */
    public static Node diagonal(Node a, int offset) {
        Arguments.notNull(a, "diagonal", "a");
        return Node.apply(new MatrixOps.Diagonal(offset), a);
    }

    /** The square matrices with v's last axis on the diagonal: {@code diag([1, 2])} is {@code [[1, 0], [0, 2]]}. */
    public static Node diag(Node v) {
        Arguments.notNull(v, "diag", "v");
        return diag(v, 0);
    }

    /** The square matrices of side k + |offset| with v's last axis (length k) on diagonal {@code offset}. */
    public static Node diag(Node v, int offset) {
        Arguments.notNull(v, "diag", "v");
        if (v.rank() < 1) {
            throw new IllegalArgumentException("diag: needs a vector or a stack of vectors, got a scalar");
        }
        int side = v.shape().dim(v.rank() - 1) + Math.abs(offset);
        return Node.apply(new MatrixOps.DiagEmbed(offset, side, side), v);
    }

    /** The lower triangle, entries with j − i ≤ {@code offset}, zeros elsewhere (NumPy's {@code tril}). */
    public static Node tril(Node a, int offset) {
        Arguments.notNull(a, "tril", "a");
        return Node.apply(new MatrixOps.Triangle(false, offset), a);
    }

    /** The upper triangle, entries with j − i ≥ {@code offset}, zeros elsewhere (NumPy's {@code triu}). */
    public static Node triu(Node a, int offset) {
        Arguments.notNull(a, "triu", "a");
        return Node.apply(new MatrixOps.Triangle(true, offset), a);
    }

    /** e^A, by scaling and squaring with Padé approximants (Higham 2005). */
    public static Node matrixExp(Node a) {
        Arguments.notNull(a, "matrixExp", "a");
        return Node.apply(new LinalgOps.MatrixExp(), a);
    }
}
