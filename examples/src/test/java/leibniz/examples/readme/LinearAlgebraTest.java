package leibniz.examples.readme;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import leibniz.autograd.Autograd;
import leibniz.autograd.Linalg;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.core.Tensor;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** README, "Linear algebra": a Gaussian log-likelihood through Cholesky, its gradient, and EJML in and out. */
class LinearAlgebraTest {
    @Test
    void theValuesAreAsCommented() {
        DMatrixRMaj k = new DMatrixRMaj(new double[][] {{4, 2}, {2, 3}});  // a covariance, in EJML
        Parameter y = Parameter.of("y", Tensor.vector(1, 2));
        Node l = Linalg.cholesky(Node.constant(k));                         // K = L·Lᵀ
        Node alpha = Linalg.choleskySolve(l, y.node());                     // K⁻¹ y
        Node logDet = Linalg.diagonal(l).log().sum().mul(2);                // ln det K
        Node nll = y.node().mul(alpha).sum().add(logDet).mul(0.5);          // −ln N(y; 0, K) + const
        Node dy = Autograd.grad(nll, y.node()).get(0);                      // K⁻¹ y = [−0.125, 0.75]
        DMatrixRMaj back = l.value().toDMatrix();                           // L, a copy for EJML

        // K⁻¹ = [[3, −2], [−2, 4]] / 8, so K⁻¹ y = [3 − 4, −2 + 8] / 8; ln det K = ln 8.
        assertArrayEquals(new double[] {-1 / 8.0, 6 / 8.0}, alpha.value().toArray(), 1e-15);
        assertArrayEquals(alpha.value().toArray(), dy.value().toArray(), 1e-15);
        assertEquals(Math.log(8), logDet.value().item(), 1e-15);
        assertArrayEquals(new double[] {2, 0, 1, Math.sqrt(2)}, back.data, 1e-15);
    }
}
