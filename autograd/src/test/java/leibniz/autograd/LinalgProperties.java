package leibniz.autograd;

import static leibniz.autograd.OpChecks.gradients;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import leibniz.autograd.check.MatrixArbitraries;
import leibniz.autograd.check.TensorArbitraries;
import leibniz.core.DType;
import leibniz.core.MatrixShapes;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * First and second derivatives of the solve, inverse, determinant, pseudo-inverse and exponential ops
 * against central differences, and their F32 twins ({@link OpChecks}), on generated well-conditioned stacks
 * of matrices (batch rank 0 to 1).
 */
class LinalgProperties {
    static final int TRIES = 15;

    @Provide
    Arbitrary<Tensor> invertible() {
        return MatrixArbitraries.invertible(1, 4);
    }

    @Provide
    Arbitrary<Tensor> wellConditioned() {
        return MatrixArbitraries.withSingularValues(1, 4, 0.5);
    }

    @Property(tries = TRIES)
    void gradOfInverse(@ForAll("invertible") Tensor a) {
        gradients(xs -> Linalg.inv(xs.get(0)), a);
    }

    /**
     * An invertible A and a right-hand side B with k columns whose batch is A's, [2] (broadcast against A's)
     * or, for {@code vector}, a vector per matrix.
     */
    static Arbitrary<List<Tensor>> withRightHandSide(Arbitrary<Tensor> as, boolean vector) {
        return as.flatMap(a -> Arbitraries.integers().between(1, 3).flatMap(k -> Arbitraries.of(true, false).flatMap(
                batched -> {
                    int n = MatrixShapes.rows(a.shape());
                    Shape batch = batched ? Shape.of(2) : MatrixShapes.batch(a.shape());
                    Shape b = vector ? MatrixShapes.of(MatrixShapes.batch(a.shape()), n) : MatrixShapes.of(batch, n, k);
                    return TensorArbitraries.tensors(b, -1, 1).map(x -> List.of(a, x));
                })));
    }

    @Provide
    Arbitrary<List<Tensor>> systems() {
        return withRightHandSide(invertible(), false);
    }

    @Provide
    Arbitrary<List<Tensor>> vectorSystems() {
        return withRightHandSide(invertible(), true);
    }

    @Property(tries = TRIES)
    void gradOfSolveWithBroadcastBatches(@ForAll("systems") List<Tensor> ab) {
        gradients(xs -> Linalg.solve(xs.get(0), xs.get(1)), ab.get(0), ab.get(1));
    }

    @Property(tries = TRIES)
    void gradOfSolveVectorRightHandSide(@ForAll("vectorSystems") List<Tensor> ab) {
        gradients(xs -> Linalg.solve(xs.get(0), xs.get(1)), ab.get(0), ab.get(1));
    }

    @Property(tries = TRIES)
    void gradOfTriangularSolve(@ForAll("systems") List<Tensor> ab, @ForAll boolean upper, @ForAll boolean unit) {
        gradients(xs -> Linalg.triangularSolve(xs.get(0), xs.get(1), upper, true, unit), ab.get(0), ab.get(1));
    }

    @Property(tries = TRIES)
    void gradOfTriangularSolveOnTheRight(@ForAll("systems") List<Tensor> ab, @ForAll boolean upper) {
        // X·A = B with B = the generated right-hand side transposed.
        gradients(xs -> Linalg.triangularSolve(xs.get(0), xs.get(1).transpose(), upper, false, false), ab.get(0),
                ab.get(1));
    }

    @Property(tries = TRIES)
    void gradOfDet(@ForAll("invertible") Tensor a) {
        // Scaled so that det stays near 1 and the absolute tolerance means the same at every size.
        double scale = 1.0 / (MatrixShapes.rows(a.shape()) + 1);
        gradients(xs -> Linalg.det(xs.get(0).mul(scale)), a);
    }

    @Property(tries = TRIES)
    void gradOfSlogdet(@ForAll("invertible") Tensor a) {
        gradients(xs -> Linalg.slogdet(xs.get(0)).logAbsDet(), a);
        gradients(xs -> Linalg.slogdet(xs.get(0)).sign().add(Linalg.slogdet(xs.get(0)).logAbsDet()), a);
    }

    @Property(tries = TRIES)
    void gradOfLogDet(@ForAll("spd") Tensor a) {
        gradients(xs -> Linalg.logdet(xs.get(0)), a);
    }

    @Provide
    Arbitrary<Tensor> spd() {
        return MatrixArbitraries.positiveDefinite(1, 4);
    }

    @Property(tries = TRIES)
    void gradOfPseudoInverse(@ForAll("wellConditioned") Tensor a) {
        gradients(xs -> Linalg.pinv(xs.get(0)), a);
    }

    @Property(tries = TRIES)
    void gradOfMatrixExp(@ForAll("expInputs") Tensor a) {
        gradients(xs -> Linalg.matrixExp(xs.get(0)), a);
    }

    /** Norms from small (a low Padé degree) to past θ₁₃ (scaling and squaring). */
    @Provide
    Arbitrary<Tensor> expInputs() {
        return MatrixArbitraries.square(1, 3).flatMap(a -> Arbitraries.of(0.01, 0.3, 1.0, 2.5)
                .map(c -> a.mul(Tensor.scalar(c))));
    }

    @Property(tries = TRIES)
    void compositesDifferentiateThroughTheirParts(@ForAll("wellConditionedSystems") List<Tensor> ab) {
        Tensor a = ab.get(0);
        gradients(xs -> Linalg.lstsq(xs.get(0), xs.get(1)), a, ab.get(1));
        gradients(xs -> Linalg.matrixNorm(xs.get(0), Linalg.Norm.FROBENIUS), a);
        gradients(xs -> Linalg.matrixNorm(xs.get(0), Linalg.Norm.NUCLEAR), a);
        gradients(xs -> Linalg.matrixNorm(xs.get(0), Linalg.Norm.SPECTRAL), a);
    }

    /** A well-conditioned m × n matrix and a right-hand side of m rows. */
    @Provide
    Arbitrary<List<Tensor>> wellConditionedSystems() {
        return wellConditioned().flatMap(a -> Arbitraries.integers().between(1, 2).flatMap(k -> TensorArbitraries
                .tensors(MatrixShapes.of(MatrixShapes.batch(a.shape()), MatrixShapes.rows(a.shape()), k), -1, 1)
                .map(b -> List.of(a, b))));
    }

    @Property(tries = TRIES)
    void choleskySolveDifferentiatesInTheMatrixAndTheRightHandSide(@ForAll("spdSystems") List<Tensor> ab) {
        gradients(xs -> Linalg.choleskySolve(Linalg.cholesky(xs.get(0)), xs.get(1)), ab.get(0), ab.get(1));
    }

    @Provide
    Arbitrary<List<Tensor>> spdSystems() {
        return withRightHandSide(spd(), false);
    }

    /** F32 stacks give F32 values and F32 gradients, equal to the F64 ones rounded, to float precision. */
    @Property(tries = TRIES)
    void float32FollowsFloat64(@ForAll("spd") Tensor a) {
        for (DType type : List.of(DType.F64, DType.F32)) {
            Parameter p = Parameter.of("a", a.to(type));
            Node loss = Linalg.logdet(p.node()).add(Linalg.svdvals(p.node()).sum()).add(Linalg.inv(p.node()).sum())
                    .add(Linalg.cholesky(p.node()).sum()).sum();
            Node grad = Autograd.grad(loss, p.node()).get(0);
            assertEquals(type, loss.dtype());
            assertEquals(type, grad.dtype());
            if (type == DType.F32) {
                Parameter q = Parameter.of("a", a.to(DType.F32).to(DType.F64));
                Node reference = Autograd.grad(Linalg.logdet(q.node()).add(Linalg.svdvals(q.node()).sum())
                        .add(Linalg.inv(q.node()).sum()).add(Linalg.cholesky(q.node()).sum()).sum(), q.node()).get(0);
                assertTrue(grad.value().allClose(reference.value(), 1e-5, 1e-5), () -> grad.value() + " vs " + reference.value());
            }
        }
    }
}
