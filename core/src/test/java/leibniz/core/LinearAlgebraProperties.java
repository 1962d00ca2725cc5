package leibniz.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The forward values of {@link LinearAlgebra} against identities, to 1e-12 relative on conditioned input:
 * A·A⁻¹ = I, A·X = B, L·Lᵀ = A, Q·R = A with QᵀQ = I, U·diag(S)·Vh = A, A·V = V·diag(w),
 * det(A·B) = det A · det B, the Penrose conditions, and the exponential against its series.
 */
class LinearAlgebraProperties {
    private static final double TOL = 1e-12;

    /** Matrices [batch..., m, n], batch rank 0 to 1, with entries in [−1, 1]. */
    private static Arbitrary<Tensor> matrices(int m, int n) {
        return Arbitraries.integers().between(0, 2).flatMap(b -> {
            Shape s = b == 0 ? Shape.of(m, n) : Shape.of(b, m, n);
            return Arbitraries.doubles().between(-1, 1).ofScale(3).list().ofSize(s.size())
                    .map(v -> Tensor.of(v.stream().mapToDouble(Double::doubleValue).toArray(), s));
        });
    }

    private static Arbitrary<Integer> sizes() {
        return Arbitraries.integers().between(1, 6);
    }

    /** X + (n + 1)·I: strictly diagonally dominant, condition number at most 2n + 1 in the ∞-norm. */
    @Provide
    Arbitrary<Tensor> invertible() {
        return sizes().flatMap(n -> matrices(n, n).map(x -> x.add(Tensor.eye(n).mul(n + 1))));
    }

    @Provide
    Arbitrary<Tensor> rectangular() {
        return Combinators.combine(sizes(), sizes()).flatAs(LinearAlgebraProperties::matrices);
    }

    /** Relative error of a against b in the max norm, against the scale of b (at least 1). */
    private static void assertClose(Tensor expected, Tensor actual) {
        assertEquals(expected.shape(), actual.shape());
        double scale = Math.max(1, expected.abs().max().item());
        double err = expected.sub(actual).abs().max().item();
        assertTrue(err <= TOL * scale, () -> "error " + err + " at scale " + scale + ": " + expected + " vs " + actual);
    }

    private static Tensor eyeLike(Tensor a) {
        return Tensor.eye(MatrixShapes.rows(a.shape())).broadcastTo(a.shape());
    }

    @Property(tries = 50)
    void inverseAndSolve(@ForAll("invertible") Tensor a) {
        assertClose(eyeLike(a), a.matmul(LinearAlgebra.inv(a)));
        Tensor b = a.slice(-1, 0, 1).add(1);
        assertClose(b, a.matmul(LinearAlgebra.solve(a, b)));
        Tensor lower = LinearAlgebra.triangle(a, false, 0);
        assertClose(b, lower.matmul(LinearAlgebra.triangularSolve(a, b, false, false)));
        Tensor unitUpper = LinearAlgebra.triangle(a, true, 1).add(eyeLike(a));
        assertClose(b, unitUpper.matmul(LinearAlgebra.triangularSolve(a, b, true, true)));
    }

    @Property(tries = 50)
    void determinants(@ForAll("invertible") Tensor a) {
        Tensor b = a.transpose().add(LinearAlgebra.triangle(a, true, 1)).add(eyeLike(a));
        Tensor product = LinearAlgebra.det(a.matmul(b));
        assertClose(LinearAlgebra.det(a).mul(LinearAlgebra.det(b)).div(product), Tensor.ones(product.shape()));
        List<Tensor> sl = LinearAlgebra.slogdet(a);
        assertClose(LinearAlgebra.det(a), sl.get(0).mul(sl.get(1).exp()));
        Tensor spd = a.matmul(a, false, true);
        assertClose(LinearAlgebra.slogdet(spd).get(1), LinearAlgebra.logdet(spd));
    }

    @Property(tries = 50)
    void choleskyReproducesTheMatrix(@ForAll("invertible") Tensor x) {
        Tensor a = x.matmul(x, false, true);
        Tensor l = LinearAlgebra.cholesky(a);
        assertClose(a, l.matmul(l, false, true));
        assertClose(l, LinearAlgebra.triangle(l, false, 0));
    }

    @Property(tries = 50)
    void qrReproducesTheMatrix(@ForAll("rectangular") Tensor a) {
        List<Tensor> qr = LinearAlgebra.qr(a);
        assertClose(a, qr.get(0).matmul(qr.get(1)));
        Tensor qtq = qr.get(0).matmul(qr.get(0), true, false);
        assertClose(Tensor.eye(MatrixShapes.rows(qtq.shape())).broadcastTo(qtq.shape()), qtq);
        assertClose(qr.get(1), LinearAlgebra.triangle(qr.get(1), true, 0));
    }

    @Property(tries = 50)
    void svdReproducesTheMatrix(@ForAll("rectangular") Tensor a) {
        List<Tensor> usv = LinearAlgebra.svd(a);
        assertClose(a, usv.get(0).mul(usv.get(1).unsqueeze(-2)).matmul(usv.get(2)));
        assertClose(usv.get(1), LinearAlgebra.svdvals(a));
        Tensor s = usv.get(1);
        int k = s.shape().dim(s.rank() - 1);
        for (int i = 1; i < k; i++) {
            assertTrue(s.slice(-1, i - 1, i).ge(s.slice(-1, i, i + 1)).min().item() == 1, "descending: " + s);
        }
    }

    @Property(tries = 50)
    void eighDiagonalizes(@ForAll("rectangular") Tensor x) {
        Tensor a = x.matmul(x, true, false).sub(Tensor.scalar(0.5));
        List<Tensor> wv = LinearAlgebra.eigh(a);
        Tensor v = wv.get(1);
        assertClose(a.matmul(v), v.mul(wv.get(0).unsqueeze(-2)));
        assertClose(eyeLike(a), v.matmul(v, true, false));
        assertClose(wv.get(0), LinearAlgebra.eigvalsh(a));
    }

    @Property(tries = 50)
    void pinvMeetsThePenroseConditions(@ForAll("rectangular") Tensor a) {
        Tensor p = LinearAlgebra.pinv(a, LinearAlgebra.pinvTolerance(a.shape()));
        Tensor ap = a.matmul(p);
        Tensor pa = p.matmul(a);
        assertClose(a, ap.matmul(a));
        assertClose(p, pa.matmul(p));
        assertClose(ap, ap.transpose());
        assertClose(pa, pa.transpose());
    }

    /**
     * e^A of a symmetric A against V·diag(e^w)·Vᵀ from its eigendecomposition, on ‖A‖₁ up to about 18 (past
     * θ₁₃, so degree 13 with scaling), and e^2A against (e^A)². Negative scales stay small: for a negative
     * definite A any Padé or Taylor method loses about ‖A‖ nats of relative accuracy to cancellation (e^A
     * small against its terms), PyTorch's as well; {@code MatrixExponentialTest} covers those against exact values.
     */
    @Property(tries = 50)
    void exponentialMatchesTheEigendecomposition(@ForAll("rectangular") Tensor x, @ForAll("scales") double c) {
        int n = MatrixShapes.rows(x.shape());
        Tensor a = x.matmul(x, false, true).mul(c / n);
        List<Tensor> wv = LinearAlgebra.eigh(a);
        Tensor v = wv.get(1);
        Tensor e = LinearAlgebra.matrixExp(a);
        assertClose(v.mul(wv.get(0).exp().unsqueeze(-2)).matmul(v, false, true), e);
        assertClose(LinearAlgebra.matrixExp(a.mul(2)), e.matmul(e));
    }

    @Provide
    Arbitrary<Double> scales() {
        return Arbitraries.of(0.005, 0.2, 0.8, 1.5, -0.2, 3.0);
    }

    @Property(tries = 50)
    void float32IsComputedInFloat64AndRoundedOnce(@ForAll("invertible") Tensor a) {
        Tensor a32 = a.to(DType.F32);
        Tensor inv = LinearAlgebra.inv(a32);
        assertEquals(DType.F32, inv.dtype());
        assertEquals(LinearAlgebra.inv(a32.to(DType.F64)).to(DType.F32), inv);
    }

    /** From n = 1000 EJML factors by blocks (EjmlParameters.SWITCH_BLOCK64_CHOLESKY); that path too. */
    @Example
    void choleskyOfALargeMatrixTakesTheBlockPath() {
        int n = 1000;
        Tensor x = Tensor.uniform(7, -1, 1, n, 8);
        Tensor a = x.matmul(x, false, true).add(Tensor.eye(n));
        Tensor l = LinearAlgebra.cholesky(a);
        assertClose(a, l.matmul(l, false, true));
        assertClose(l, LinearAlgebra.triangle(l, false, 0));
    }

    /**
     * Past 64 rows and with 64 right-hand sides or more a triangular solve works in blocks with BLAS products
     * between them, with fewer it substitutes along whole rows four at a time; both triangles, unit or not.
     */
    @Property(tries = 5)
    void triangularSolvesOfManyRows(@ForAll("rightHandSides") int k) {
        int n = 203;
        Tensor a = Tensor.uniform(11, -1, 1, n, n).add(Tensor.eye(n).mul(n));
        Tensor b = Tensor.uniform(12, -1, 1, n, k);
        for (boolean upper : new boolean[] {false, true}) {
            for (boolean unit : new boolean[] {false, true}) {
                // A unit triangle with entries of size 1 is ill conditioned (its inverse grows like 2ⁿ): scale them.
                Tensor m = unit ? a.mul(1.0 / n) : a;
                Tensor t = LinearAlgebra.triangle(m, upper, upper ? 1 : -1);
                t = t.add(unit ? Tensor.eye(n) : LinearAlgebra.diagEmbed(LinearAlgebra.diagonal(m, 0), 0, n, n));
                assertClose(b, t.matmul(LinearAlgebra.triangularSolve(m, b, upper, unit)));
            }
        }
    }

    /** Right-hand-side counts on both sides of the block width and its edges: jqwik tries each once. */
    @Provide
    Arbitrary<Integer> rightHandSides() {
        return Arbitraries.of(1, 5, 63, 64, 70);
    }
}
