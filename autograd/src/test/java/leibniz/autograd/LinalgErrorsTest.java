package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import leibniz.core.Tensor;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Bad input to the linear algebra, each with its exact sentence: shapes when the node is built, values
 * when it runs, and gradients that are undefined when the backward graph runs. Also a few values known in
 * closed form.
 */
class LinalgErrorsTest {
    private static String message(Executable e) {
        return assertThrows(IllegalArgumentException.class, e).getMessage();
    }

    private static Node matrix(double[][] rows) {
        return Node.constant(Tensor.matrix(rows));
    }

    @Test
    void shapesAreCheckedWhenTheNodeIsBuilt() {
        Node wide = Node.constant(Tensor.zeros(2, 3));
        assertEquals("inv: [2, 3] is not a stack of square matrices (2 rows, 3 columns)", message(() -> Linalg.inv(wide)));
        assertEquals("cholesky: [3] is not a matrix: needs rank 2 or more, [..., rows, columns]",
                message(() -> Linalg.cholesky(Node.constant(Tensor.zeros(3)))));
        assertEquals("solve: [3, 3] and [2, 1]: the right-hand side has 2 rows, the matrix 3",
                message(() -> Linalg.solve(Node.constant(Tensor.eye(3)), Node.constant(Tensor.zeros(2, 1)))));
        assertEquals("solve: [2, 2, 2] and [3, 2, 1]: batch dimensions [2] and [3] do not broadcast",
                message(() -> Linalg.solve(Node.constant(Tensor.zeros(2, 2, 2)), Node.constant(Tensor.zeros(3, 2, 1)))));
        assertEquals("matrixNorm: kind is null",
                message(() -> Linalg.matrixNorm(wide, null)));
        assertEquals("pinv: rtol must be in [0, 1), got -1.0", message(() -> Linalg.pinv(wide, -1)));
        assertEquals("diag: needs a vector or a stack of vectors, got a scalar", message(() -> Linalg.diag(Node.scalar(1))));
    }

    @Test
    void singularMatricesAreRefusedWithTheirConditionNumber() {
        Node singular = matrix(new double[][] {{1, 2}, {2, 4}});
        assertEquals("inv: [2, 2]: the matrix is singular to working precision (condition number 2.52e+16)",
                message(() -> Linalg.inv(singular).value()));
        Node batch = Node.constant(Tensor.of(new double[] {2, 0, 0, 2, 1, 1, 1, 1 + 1e-15}, 2, 2, 2));
        assertEquals("solve: [2, 2, 2] (matrix [1] of the batch): the matrix is singular to working precision "
                + "(condition number 3.18e+15)", message(() -> Linalg.solve(batch, Node.constant(Tensor.ones(2, 2))).value()));
        assertEquals("triangularSolve: [2, 2]: the triangular matrix is singular to working precision (condition "
                + "number at least inf, from its diagonal)", message(() -> Linalg.triangularSolve(
                        matrix(new double[][] {{1, 0}, {5, 0}}), Node.constant(Tensor.ones(2, 1)), false).value()));
    }

    @Test
    void choleskyNamesTheFailedPivot() {
        Node indefinite = matrix(new double[][] {{4, 2, 0}, {2, 1, 1}, {0, 1, 3}});
        assertEquals("cholesky: [3, 3]: the matrix is not positive definite: pivot 2 of 3 is 0.0, so the leading "
                + "minor of order 2 is not positive definite", message(() -> Linalg.cholesky(indefinite).value()));
    }

    @Test
    void nonFiniteInputIsRefused() {
        Node a = matrix(new double[][] {{1, Double.NaN}, {0, 1}});
        assertEquals("svd: [2, 2]: element [0, 1] is NaN; the input must be finite", message(() -> Linalg.svd(a).s().value()));
    }

    @Test
    void logdetOfANegativeDeterminantIsRefused() {
        assertEquals("logdet: [2, 2]: the determinant is negative (ln|det| = 0.0), so its log is not real: use slogdet",
                message(() -> Linalg.logdet(matrix(new double[][] {{0, 1}, {1, 0}})).value()));
        Linalg.SignLogDet sl = Linalg.slogdet(matrix(new double[][] {{0, 1}, {1, 0}}));
        assertEquals(-1, sl.sign().value().item());
        assertEquals(0, sl.logAbsDet().value().item());
    }

    /**
     * PyTorch documents the eigenvector gradient at repeated eigenvalues as ill-defined and returns inf or NaN,
     * as JAX does; here the backward graph refuses it, while the eigenvalue gradient, defined there, is computed.
     */
    @Test
    void repeatedEigenvaluesRefuseOnlyTheUndefinedGradient() {
        Node a = Parameter.of("a", Tensor.matrix(new double[][] {{2, 0, 0}, {0, 2, 0}, {0, 0, 5}})).node();
        Linalg.Eigen e = Linalg.eigh(a);
        Node fromVectors = Autograd.grad(e.eigenvectors().matmul(Node.constant(Tensor.vector(1, 2, 3))).sum(), a).get(0);
        assertEquals("eigh backward: [3, 3]: the derivative is undefined: it divides by 2.0 − 2.0 (values 0 and 1 are "
                + "repeated), within 2.66e-14 of 0", message(fromVectors::value));
        Tensor fromValues = Autograd.grad(e.eigenvalues().sum(), a).get(0).value();
        assertEquals(Tensor.eye(3), fromValues);
        assertEquals(Tensor.eye(3), Autograd.grad(Linalg.eigvalsh(a).sum(), a).get(0).value());
    }

    @Test
    void aZeroSingularValueRefusesTheSingularVectorGradient() {
        Node a = Parameter.of("a", Tensor.matrix(new double[][] {{3, 0}, {0, 0}, {0, 0}})).node();
        Node g = Autograd.grad(Linalg.svd(a).u().sum(), a).get(0);
        assertEquals("svd backward: [3, 2]: the derivative is undefined: it divides by 0.0 − 0.0 (value 1 is zero), "
                + "within 1.60e-14 of 0", message(g::value));
    }

    @Test
    void knownValues() {
        double t = 0.7;
        Tensor rotation = Linalg.matrixExp(matrix(new double[][] {{0, -t}, {t, 0}})).value();
        assertTrue(Tensor.matrix(new double[][] {{Math.cos(t), -Math.sin(t)}, {Math.sin(t), Math.cos(t)}})
                .allClose(rotation, 0, 2e-16), rotation::toString);
        assertEquals(Tensor.matrix(new double[][] {{1, 1}, {0, 1}}),
                Linalg.matrixExp(matrix(new double[][] {{0, 1}, {0, 0}})).value());
        assertEquals(-2.0, Linalg.det(matrix(new double[][] {{1, 2}, {3, 4}})).value().item(), 1e-15);
        assertEquals(5.0, Linalg.trace(matrix(new double[][] {{1, 2}, {3, 4}})).value().item());
        DMatrixRMaj m = DMatrixRMaj.wrap(2, 2, new double[] {4, 2, 2, 3});
        Node l = Linalg.cholesky(Node.constant(m));
        assertEquals(List.of(2.0, 0.0, 1.0, Math.sqrt(2)), List.of(l.value().get(0, 0), l.value().get(0, 1),
                l.value().get(1, 0), l.value().get(1, 1)));
    }
}
