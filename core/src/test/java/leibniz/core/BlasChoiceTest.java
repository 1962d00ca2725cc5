package leibniz.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The {@code leibniz.blas} property: {@code java} keeps to the pure-Java BLAS, {@code auto} lets netlib pick. */
class BlasChoiceTest {
    private static final String REFUSAL = "leibniz.blas: expected java or auto, got 'bogus' (the system property that"
            + " chooses the BLAS of large matrix products: -Dleibniz.blas=java, or unset)";

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
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Blas.load("bogus"));
        assertEquals(REFUSAL, e.getMessage());
    }

    @Test
    void aRefusedChoiceIsTheSameSentenceOnEveryUse() {
        Blas.Choice bogus = Blas.Choice.of("bogus");
        for (int i = 0; i < 3; i++) {
            assertEquals(REFUSAL, assertThrows(IllegalArgumentException.class, bogus::instance).getMessage());
        }
        assertSame(JavaBLAS.getInstance(), Blas.Choice.of("java").instance());
    }

    /**
     * The report: with {@code -Dleibniz.blas=bogus} every large product failed with ExceptionInInitializerError,
     * then NoClassDefFoundError. A fresh JVM, since the property is read once per JVM, runs {@link Products}.
     */
    @Test
    void aBogusPropertyGivesTheSentenceOnEveryProductOfAFreshJvm() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-Dleibniz.blas=bogus", "-cp",
                System.getProperty("java.class.path"), Products.class.getName())
                .redirectErrorStream(true).start();
        assertEquals(true, p.waitFor(60, TimeUnit.SECONDS), "the forked JVM did not finish");
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        String line = "IllegalArgumentException: " + REFUSAL;
        assertEquals(List.of(line, line, line, "small products still run: 2.0"), lines);
        assertEquals(0, p.exitValue());
    }

    /** Three large products (F64 twice, F32 once) under the JVM's property, each printing how it failed. */
    static final class Products {
        public static void main(String[] args) {
            Tensor big = Tensor.ones(16, 16);
            for (Tensor x : List.of(big, big, big.to(DType.F32))) {
                try {
                    x.matmul(x);
                    System.out.println("no error");
                } catch (RuntimeException | Error e) {
                    System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
                }
            }
            System.out.println("small products still run: " + Tensor.ones(1, 2).matmul(Tensor.ones(2, 1)).item());
        }
    }
}
