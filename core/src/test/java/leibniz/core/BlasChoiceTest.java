package leibniz.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import org.junit.jupiter.api.Test;

/** The {@code leibniz.blas} property: {@code java} keeps to the pure-Java BLAS, {@code auto} lets netlib pick. */
class BlasChoiceTest {
    @Test
    void javaIsNeverNativeAndComputesTheSameProduct() {
        BLAS java = Blas.load("java");
        assertFalse(java instanceof NativeBLAS, java.getClass().getName());
        double[] a = {1, 2, 3, 4, 5, 6};   // 2x3, row-major
        double[] b = {7, 8, 9, 10, 11, 12}; // 3x2
        double[] c = new double[4];
        // Row-major c = a·b is column-major cᵀ = bᵀ·aᵀ: the operands swap, as Blas.gemm passes them.
        java.dgemm("N", "N", 2, 2, 3, 1.0, b, 0, 2, a, 0, 3, 0.0, c, 0, 2);
        assertArrayEquals(new double[] {58, 64, 139, 154}, c, 0);
        assertEquals(BLAS.getInstance().getClass(), Blas.load("auto").getClass());
    }

    @Test
    void anUnknownChoiceIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Blas.load("openblas"));
        assertEquals("leibniz.blas: expected java or auto, got 'openblas'", e.getMessage());
    }
}
