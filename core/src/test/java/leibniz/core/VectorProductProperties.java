package leibniz.core;

import static leibniz.core.KernelSamples.random;
import static leibniz.core.MatMulProperties.naiveMatmul;
import static leibniz.core.MatMulProperties.naiveSwapLast;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Assumptions;

/**
 * The vector-API product of the pure-Java path: against the naive triple loop, and the same bits for a block
 * of rows or columns computed on its own as inside the whole product (so no split can change a bit). Runs
 * where the test JVM has the vector module, as the build's test configuration gives it.
 */
class VectorProductProperties {
    private static final double TOL = 1e-12;

    /** Operands {@code op(a)} of {@code [m, k]} and {@code op(b)} of {@code [k, n]}, sizes around the lane count. */
    @Provide
    Arbitrary<Tensor[]> operands() {
        Arbitrary<Integer> dim = Arbitraries.integers().between(1, 3 * lanes() + 2);
        return Combinators.combine(dim, dim, dim).flatAs((m, k, n) -> Combinators.combine(
                Generators.tensors(Arbitraries.just(Shape.of(m, k))),
                Generators.tensors(Arbitraries.just(Shape.of(k, n)))).as((a, b) -> new Tensor[] {a, b}));
    }

    @Property(tries = 60)
    void matchesTheNaiveProduct(@ForAll("operands") Tensor[] ab, @ForAll boolean ta, @ForAll boolean tb) {
        Assumptions.assumeTrue(lanes() > 1, "no vector module in this JVM");
        Tensor expected = naiveMatmul(ab[0], ab[1]);
        Tensor actual = product(ab[0], ab[1], ta, tb);
        assertTrue(actual.allClose(expected, TOL, TOL), () -> actual + " vs " + expected);
    }

    @Property(tries = 60)
    void aBlockOfRowsOrColumnsHasTheBitsOfTheWhole(@ForAll("operands") Tensor[] ab, @ForAll boolean ta,
            @ForAll boolean tb) {
        Assumptions.assumeTrue(lanes() > 1, "no vector module in this JVM");
        Tensor a = ab[0];
        Tensor b = ab[1];
        int m = a.shape().dim(0);
        int n = b.shape().dim(1);
        double[] whole = product(a, b, ta, tb).toArray();
        // The last rows alone, and the last columns alone: other offsets in the 3×3 tiles and the panels.
        int i0 = m / 3;
        double[] rows = product(a.slice(0, i0, m), b, ta, tb).toArray();
        assertArrayEquals(Arrays.copyOfRange(whole, i0 * n, m * n), rows);
        int j0 = n / 3;
        double[] cols = product(a, b.slice(1, j0, n), ta, tb).toArray();
        for (int i = 0; i < m; i++) {
            for (int j = j0; j < n; j++) {
                assertEquals(whole[i * n + j], cols[i * (n - j0) + j - j0], "element " + i + ", " + j);
            }
        }
    }

    @Example
    void productsSplitAcrossCoresMatchTheNaiveProduct() {
        Assumptions.assumeTrue(lanes() > 1, "no vector module in this JVM");
        // W1's shapes in small: few rows split into column blocks; many rows into row blocks.
        int[][] sizes = {{64, 100, 200}, {200, 100, 64}};
        for (int[] s : sizes) {
            assertTrue(Blas.blocks(s[0], s[2], s[1]) > 1 || Blas.columnBlocks(s[0], s[2], s[1]) > 1);
            Tensor a = random(s[0], s[0], s[1]);
            Tensor b = random(s[2], s[1], s[2]);
            Tensor expected = naiveMatmul(a, b);
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    Tensor actual = product(a, b, ta, tb);
                    assertTrue(actual.allClose(expected, TOL, TOL), Arrays.toString(s) + " ta=" + ta + " tb=" + tb);
                }
            }
        }
    }

    @Example
    void productsReadAndWriteAtTheirOffsetsOnly() {
        Assumptions.assumeTrue(lanes() > 1, "no vector module in this JVM");
        int m = 13;
        int k = 21;
        int n = 11;
        Tensor a = random(71, m, k);
        Tensor b = random(72, k, n);
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                double[] sa = padded(ta ? naiveSwapLast(a) : a, 5);
                double[] sb = padded(tb ? naiveSwapLast(b) : b, 7);
                double[] c = new double[m * n + 9];
                Arrays.fill(c, 7.0);
                VectorProduct.product(ta, tb, m, n, k, sa, 5, sb, 7, c, 4);
                Tensor actual = Tensor.of(Arrays.copyOfRange(c, 4, 4 + m * n), m, n);
                assertTrue(actual.allClose(naiveMatmul(a, b), TOL, TOL));
                for (int i : new int[] {0, 1, 2, 3, 4 + m * n, c.length - 1}) {
                    assertEquals(7.0, c[i], "c[" + i + "] outside the product");
                }
            }
        }
    }

    private static int lanes() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() ? VectorProduct.lanes() : 1;
    }

    /** {@code a·b} through {@link VectorProduct} with {@code a} and {@code b} stored as the flags say. */
    private static Tensor product(Tensor a, Tensor b, boolean ta, boolean tb) {
        int m = a.shape().dim(0);
        int k = a.shape().dim(1);
        int n = b.shape().dim(1);
        double[] c = new double[m * n];
        VectorProduct.product(ta, tb, m, n, k, (ta ? naiveSwapLast(a) : a).toArray(), 0,
                (tb ? naiveSwapLast(b) : b).toArray(), 0, c, 0);
        return Tensor.of(c, m, n);
    }

    /** The values of {@code x} after {@code pad} NaNs, so a read before the offset would show. */
    private static double[] padded(Tensor x, int pad) {
        double[] v = x.toArray();
        double[] out = new double[pad + v.length];
        Arrays.fill(out, 0, pad, Double.NaN);
        System.arraycopy(v, 0, out, pad, v.length);
        return out;
    }
}
