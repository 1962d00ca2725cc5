package leibniz.autograd.check;

import leibniz.core.LinearAlgebra;
import leibniz.core.MatrixShapes;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * jqwik generators of well-conditioned float64 matrices for property tests of linear algebra: stacks
 * {@code [batch..., m, n]} with a batch of rank 0 to {@code maxBatchRank} (dimensions 1 or 2) built from
 * generated entries, so failures shrink to small matrices and short numbers.
 * <pre>{@code
 * @Provide Arbitrary<Tensor> spd() { return MatrixArbitraries.positiveDefinite(1, 4); }
 * }</pre>
 */
public final class MatrixArbitraries {
    private MatrixArbitraries() {
    }

    /** Batch shapes of rank 0 to {@code maxRank} with dimensions 1 or 2. */
    public static Arbitrary<Shape> batches(int maxRank) {
        return TensorArbitraries.shapes(0, maxRank, 2);
    }

    /** Matrices {@code [batch..., m, n]} with entries in [−1, 1], m and n in 1..maxN. */
    public static Arbitrary<Tensor> matrices(int maxBatchRank, int maxN) {
        return Combinators.combine(batches(maxBatchRank), Arbitraries.integers().between(1, maxN),
                Arbitraries.integers().between(1, maxN)).flatAs((b, m, n) -> entries(MatrixShapes.of(b, m, n)));
    }

    /** Square matrices {@code [batch..., n, n]} with entries in [−1, 1], n in 1..maxN. */
    public static Arbitrary<Tensor> square(int maxBatchRank, int maxN) {
        return Combinators.combine(batches(maxBatchRank), Arbitraries.integers().between(1, maxN))
                .flatAs((b, n) -> entries(MatrixShapes.of(b, n, n)));
    }

    /**
     * Invertible n × n matrices X + D with entries of X in [−1, 1] and D diagonal with entries ±(n + 1):
     * strictly diagonally dominant by at least 1 in every row, so ‖A⁻¹‖_∞ ≤ 1 and the ∞-norm condition number
     * is at most 2n + 1. The signs of D vary, so determinants of both signs occur.
     */
    public static Arbitrary<Tensor> invertible(int maxBatchRank, int maxN) {
        return Combinators.combine(batches(maxBatchRank), Arbitraries.integers().between(1, maxN))
                .flatAs((b, n) -> Combinators.combine(entries(MatrixShapes.of(b, n, n)), signs(MatrixShapes.of(b, n)))
                        .as((x, s) -> x.add(LinearAlgebra.diagEmbed(s.mul(n + 1), 0, n, n))));
    }

    /** Symmetric positive-definite n × n matrices X·Xᵀ + n·I, entries of X in [−1, 1]: eigenvalues in [n, n + n²]. */
    public static Arbitrary<Tensor> positiveDefinite(int maxBatchRank, int maxN) {
        return Combinators.combine(batches(maxBatchRank), Arbitraries.integers().between(1, maxN))
                .flatAs((b, n) -> entries(MatrixShapes.of(b, n, n))
                        .map(x -> x.matmul(x, false, true).add(Tensor.eye(n).mul(n))));
    }

    /**
     * Symmetric n × n matrices Q·diag(λ)·Qᵀ with random orthogonal Q and eigenvalues at least {@code gap/2}
     * apart: λᵢ = (i + uᵢ/4 − (n − 1)/2)·gap with uᵢ in [−1, 1].
     */
    public static Arbitrary<Tensor> symmetricWithGap(int maxBatchRank, int maxN, double gap) {
        return Combinators.combine(batches(maxBatchRank), Arbitraries.integers().between(1, maxN))
                .flatAs((b, n) -> Combinators.combine(orthogonal(b, n), spread(MatrixShapes.of(b, n), gap, -(n - 1) / 2.0))
                        .as((q, w) -> q.mul(w.unsqueeze(-2)).matmul(q, false, true)));
    }

    /**
     * m × n matrices U·diag(s)·Vᵀ with random orthonormal U and V and singular values at least {@code gap/2}
     * apart and at least {@code 3·gap/4}: sᵢ = (i + 1 + uᵢ/4)·gap, so the condition number is at most
     * (4k + 1)/3 for k = min(m, n).
     */
    public static Arbitrary<Tensor> withSingularValues(int maxBatchRank, int maxN, double gap) {
        return Combinators.combine(batches(maxBatchRank), Arbitraries.integers().between(1, maxN),
                Arbitraries.integers().between(1, maxN)).flatAs((b, m, n) -> {
                    int k = Math.min(m, n);
                    return Combinators.combine(orthogonal(b, m), orthogonal(b, n), spread(MatrixShapes.of(b, k), gap, 1))
                            .as((u, v, s) -> u.slice(-1, 0, k).mul(s.unsqueeze(-2)).matmul(v.slice(-1, 0, k), false, true));
                });
    }

    /** Random n × n orthogonal matrices: the Q of the QR factorization of a matrix X + 3·I, X in [−1, 1]. */
    public static Arbitrary<Tensor> orthogonal(Shape batch, int n) {
        return entries(MatrixShapes.of(batch, n, n)).map(x -> LinearAlgebra.qr(x.add(Tensor.eye(n).mul(3))).get(0));
    }

    private static Arbitrary<Tensor> entries(Shape s) {
        return TensorArbitraries.tensors(s, -1, 1);
    }

    private static Arbitrary<Tensor> signs(Shape s) {
        return TensorArbitraries.tensors(s, -1, 1).map(t -> t.ge(Tensor.scalar(0)).mul(2).sub(Tensor.scalar(1)));
    }

    /** (i + offset + uᵢ/4)·gap along the last axis, uᵢ in [−1, 1]: increasing, consecutive values over gap/2 apart. */
    private static Arbitrary<Tensor> spread(Shape s, double gap, double offset) {
        int n = s.dim(s.rank() - 1);
        return TensorArbitraries.tensors(s, -1, 1).map(u -> u.mul(0.25).add(Tensor.arange(n).add(offset)).mul(gap));
    }
}
