package leibniz.autograd;

import static leibniz.autograd.LinalgProperties.TRIES;
import static leibniz.autograd.AdjointProperties.adjoint;
import static leibniz.autograd.OpChecks.gradients;

import java.util.ArrayList;
import java.util.List;
import leibniz.autograd.AdjointProperties.Adjoint;
import leibniz.autograd.check.MatrixArbitraries;
import leibniz.autograd.check.TensorArbitraries;
import leibniz.core.MatrixShapes;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The structural ops (diagonal, diag, triangles) and the ops linear in one argument (trace, the solves in
 * B): gradient checks, and the adjoint identity {@code <L(x), r> = <x, Lᵀ(r)>} to 1e-12 with
 * {@link AdjointProperties.Adjoint}.
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

    /** Trace, the triangles, the diagonal (where the offset leaves one) and diag, on one stack of matrices. */
    @Provide
    Arbitrary<List<Adjoint>> structural() {
        return Combinators.combine(TensorArbitraries.shapes(2, 4, 4), Arbitraries.integers().between(-2, 2))
                .flatAs((s, offset) -> {
                    List<Arbitrary<Adjoint>> maps = new ArrayList<>();
                    maps.add(adjoint("trace", s, Linalg::trace));
                    maps.add(adjoint("tril(" + offset + ")", s, x -> Linalg.tril(x, offset)));
                    maps.add(adjoint("triu(" + offset + ")", s, x -> Linalg.triu(x, offset)));
                    if (MatrixShapes.diagonalLength(MatrixShapes.rows(s), MatrixShapes.cols(s), offset) > 0) {
                        maps.add(adjoint("diagonal(" + offset + ")", s, x -> Linalg.diagonal(x, offset)));
                    }
                    maps.add(adjoint("diag(" + offset + ")", s.without(s.rank() - 1), v -> Linalg.diag(v, offset)));
                    return AdjointProperties.all(maps);
                });
    }

    @Property(tries = 25)
    void adjointOfStructuralOps(@ForAll("structural") List<Adjoint> maps) {
        maps.forEach(Adjoint::check);
    }

    /** The solves as functions of their right-hand side B of 1 to 3 columns, for an invertible A. */
    @Provide
    Arbitrary<List<Adjoint>> solves() {
        return Combinators.combine(invertible(), Arbitraries.integers().between(1, 3), Arbitraries.of(false, true))
                .flatAs((a, cols, upper) -> {
                    Shape b = MatrixShapes.of(MatrixShapes.batch(a.shape()), MatrixShapes.rows(a.shape()), cols);
                    Node fixed = Node.constant(a);
                    Node l = Node.constant(a.matmul(a, false, true));
                    return AdjointProperties.all(List.of(adjoint("solve", b, x -> Linalg.solve(fixed, x)),
                            adjoint("triangularSolve, upper " + upper, b, x -> Linalg.triangularSolve(fixed, x, upper)),
                            adjoint("choleskySolve", b, x -> Linalg.choleskySolve(Linalg.cholesky(l), x))));
                });
    }

    @Property(tries = 25)
    void adjointOfSolvesInTheRightHandSide(@ForAll("solves") List<Adjoint> maps) {
        maps.forEach(Adjoint::check);
    }

    @Provide
    Arbitrary<Tensor> invertible() {
        return MatrixArbitraries.invertible(1, 4);
    }
}
