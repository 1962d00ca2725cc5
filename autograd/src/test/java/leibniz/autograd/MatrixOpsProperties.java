package leibniz.autograd;

import static leibniz.autograd.LinalgProperties.TRIES;
import static leibniz.autograd.LinalgProperties.gradients;

import java.util.SplittableRandom;
import leibniz.autograd.check.MatrixArbitraries;
import leibniz.core.MatrixShapes;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The structural ops (diagonal, diag, triangles) and the ops linear in one argument (trace, the solves in
 * B): gradient checks, and the adjoint identity {@code <L(x), r> = <x, Lᵀ(r)>} to 1e-12 with
 * {@link AdjointProperties#assertAdjoint}.
 */
class MatrixOpsProperties {
    @Provide
    Arbitrary<Tensor> matrices() {
        return MatrixArbitraries.matrices(2, 4);
    }

    @Property(tries = TRIES)
    void gradOfDiagonal(@ForAll("matrices") Tensor a, @ForAll @IntRange(min = -1, max = 1) int offset) {
        if (MatrixShapes.diagonalLength(MatrixShapes.rows(a.shape()), MatrixShapes.cols(a.shape()), offset) > 0) {
            gradients(xs -> Linalg.diagonal(xs.get(0), offset), a);
        }
        gradients(xs -> Linalg.trace(xs.get(0)), a);
    }

    @Property(tries = TRIES)
    void gradOfDiagEmbed(@ForAll("matrices") Tensor a, @ForAll @IntRange(min = -2, max = 2) int offset) {
        Tensor v = a.reshape(MatrixShapes.of(MatrixShapes.batch(a.shape()), MatrixShapes.rows(a.shape()) * MatrixShapes.cols(a.shape())));
        gradients(xs -> Linalg.diag(xs.get(0), offset), v);
    }

    @Property(tries = TRIES)
    void gradOfTriangle(@ForAll("matrices") Tensor a, @ForAll boolean upper, @ForAll @IntRange(min = -2, max = 2) int offset) {
        gradients(xs -> upper ? Linalg.triu(xs.get(0), offset) : Linalg.tril(xs.get(0), offset), a);
    }

    @Property(tries = 25)
    void adjointOfStructuralOps(@ForAll long seed, @ForAll @IntRange(min = -2, max = 2) int offset) {
        SplittableRandom rng = new SplittableRandom(seed);
        Shape s = Samples.shape(rng, 2, 4, 4);
        int m = MatrixShapes.rows(s);
        int n = MatrixShapes.cols(s);
        AdjointProperties.assertAdjoint(rng, s, Linalg::trace);
        AdjointProperties.assertAdjoint(rng, s, x -> Linalg.tril(x, offset));
        AdjointProperties.assertAdjoint(rng, s, x -> Linalg.triu(x, offset));
        if (MatrixShapes.diagonalLength(m, n, offset) > 0) {
            AdjointProperties.assertAdjoint(rng, s, x -> Linalg.diagonal(x, offset));
        }
        AdjointProperties.assertAdjoint(rng, s.without(s.rank() - 1), v -> Linalg.diag(v, offset));
    }

    @Property(tries = 25)
    void adjointOfSolvesInTheRightHandSide(@ForAll("invertible") Tensor a, @ForAll long seed, @ForAll boolean upper) {
        SplittableRandom rng = new SplittableRandom(seed);
        Shape b = MatrixShapes.of(MatrixShapes.batch(a.shape()), MatrixShapes.rows(a.shape()), 1 + rng.nextInt(3));
        Node fixed = Node.constant(a);
        AdjointProperties.assertAdjoint(rng, b, x -> Linalg.solve(fixed, x));
        AdjointProperties.assertAdjoint(rng, b, x -> Linalg.triangularSolve(fixed, x, upper));
        Node l = Node.constant(a.matmul(a, false, true));
        AdjointProperties.assertAdjoint(rng, b, x -> Linalg.choleskySolve(Linalg.cholesky(l), x));
    }

    @Provide
    Arbitrary<Tensor> invertible() {
        return MatrixArbitraries.invertible(1, 4);
    }
}
