package leibniz.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A triangular solve reads one triangle: non-finite values elsewhere change nothing, and those it reads carry. */
class TriangularNonFiniteTest {
    private static final Tensor B = Tensor.of(new double[] {2, 4}, 2, 1);

    @Test
    void theTriangleItDoesNotReadMayHoldAnything() {
        Tensor lower = Tensor.of(new double[] {2, Double.NaN, 1, 4}, 2, 2);
        // x0 = 2 / 2 = 1; x1 = (4 − 1·1) / 4 = 0.75
        Tensor x = LinearAlgebra.triangularSolve(lower, B, false, false);
        assertEquals(1, x.get(0, 0), 0);
        assertEquals(0.75, x.get(1, 0), 0);
    }

    @Test
    void aNanItReadsCarriesIntoTheRowsAfterIt() {
        Tensor lower = Tensor.of(new double[] {2, 0, Double.NaN, 4}, 2, 2);
        Tensor x = LinearAlgebra.triangularSolve(lower, B, false, false);
        assertEquals(1, x.get(0, 0), 0);
        assertTrue(Double.isNaN(x.get(1, 0)));
    }
}
