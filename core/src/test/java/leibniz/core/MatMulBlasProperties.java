package leibniz.core;

import static leibniz.core.KernelSamples.random;
import static leibniz.core.MatMulProperties.naiveMatmul;
import static leibniz.core.MatMulProperties.naiveSwapLast;
import static leibniz.core.MatMulProperties.withMatrix;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import leibniz.core.MatMulProperties.Operands;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/** Products large enough for BLAS dgemm, against the naive triple loop and against EJML. */
class MatMulBlasProperties {
    /** Relative agreement, with an absolute floor for entries that cancel to nearly 0. */
    private static final double TOL = 1e-12;

    /** {@code op(x)} for the stored operand: the flagged operand is stored transposed so op() restores it. */
    private static Tensor stored(Tensor x, boolean transposed) {
        return transposed ? naiveSwapLast(x) : x;
    }

    private static void assertClose(Tensor expected, Tensor actual) {
        assertEquals(expected.shape(), actual.shape());
        assertTrue(actual.allClose(expected, TOL, TOL), () -> "BLAS " + actual + " vs " + expected);
    }

    /** Matrices [m, k] and [k, n] with m, k, n from 1 to 40, on either side of {@link MatMul#BLAS_THRESHOLD}. */
    @Provide
    Arbitrary<Operands> matrices() {
        Arbitrary<Integer> size = Generators.between(1, 40);
        return Combinators.combine(size, size, size).flatAs((m, k, n) -> Combinators.combine(
                Generators.uniform(Shape.of(m, k)), Generators.uniform(Shape.of(k, n))).as(Operands::new));
    }

    /**
     * Stacks [.., m, k] and [.., k, n] with m, k, n from 12 to 24 (past the threshold) whose batch shapes
     * broadcast: a size-1 dimension on either side or a missing leading one.
     */
    @Provide
    Arbitrary<Operands> stacks() {
        int[][][] batches = {{{3, 1}, {1, 2}}, {{2, 3}, {3}}, {{4}, {}}, {{}, {4}}, {{2, 1, 3}, {2, 3}}};
        Arbitrary<Integer> size = Generators.between(12, 24);
        return Combinators.combine(size, size, size, Arbitraries.of(batches)).flatAs((m, k, n, pair) ->
                Combinators.combine(Generators.uniform(Shape.of(withMatrix(pair[0], m, k))),
                        Generators.uniform(Shape.of(withMatrix(pair[1], k, n)))).as(Operands::new));
    }

    @Property(tries = 40)
    void matricesAroundTheCrossoverMatchTheNaiveProduct(@ForAll("matrices") Operands xy, @ForAll boolean ta,
            @ForAll boolean tb) {
        assertClose(naiveMatmul(xy.a(), xy.b()), stored(xy.a(), ta).matmul(stored(xy.b(), tb), ta, tb));
    }

    @Property(tries = 40)
    void broadcastBatchesMatchTheNaiveProduct(@ForAll("stacks") Operands xy, @ForAll boolean ta, @ForAll boolean tb) {
        Tensor x = xy.a();
        Tensor y = xy.b();
        assertTrue((long) x.shape().dim(-2) * x.shape().dim(-1) * y.shape().dim(-1) >= MatMul.BLAS_THRESHOLD);
        assertClose(naiveMatmul(x, y), stored(x, ta).matmul(stored(y, tb), ta, tb));
    }

    @Example
    void everyTransposeCombinationAgreesWithEjml() {
        int m = 70;
        int k = 50;
        int n = 60;
        Tensor x = random(11, m, k);
        Tensor y = random(12, k, n);
        DMatrixRMaj c = new DMatrixRMaj(m, n);
        CommonOps_DDRM.mult(DMatrixRMaj.wrap(m, k, x.toArray()), DMatrixRMaj.wrap(k, n, y.toArray()), c);
        Tensor ejml = Tensor.of(c.data, m, n);
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                assertClose(ejml, stored(x, ta).matmul(stored(y, tb), ta, tb));
            }
        }
    }

    @Example
    void productsLargeEnoughToSplitAcrossCoresAgree() {
        // 130·100·90 multiply-adds pass PARALLEL_THRESHOLD, and 130 rows make two blocks of at least 64.
        int m = 130;
        int k = 100;
        int n = 90;
        assertTrue((long) m * k * n >= MatMul.PARALLEL_THRESHOLD);
        Tensor x = random(21, m, k);
        Tensor y = random(22, k, n);
        Tensor expected = naiveMatmul(x, y);
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                assertClose(expected, stored(x, ta).matmul(stored(y, tb), ta, tb));
            }
        }
    }

    @Example
    void aStackTimesOneSharedMatrixIsOneTallProduct() {
        // [5, 20, 30] x [30, 25] and its backward shapes: the stacked rows make one product.
        Tensor x = random(31, 5, 20, 30);
        Tensor w = random(32, 30, 25);
        Tensor expected = naiveMatmul(x, w);
        assertClose(expected, x.matmul(w));
        assertClose(expected, x.matmul(naiveSwapLast(w), false, true));
        assertClose(expected, x.matmul(w.reshape(1, 1, 30, 25)).reshape(5, 20, 25));
        // Transposed slices are not rows of one matrix: they take the per-slice path.
        assertClose(expected, naiveSwapLast(x).matmul(w, true, false));
        // One shared left operand times a stack.
        Tensor z = random(33, 4, 30, 25);
        assertClose(naiveMatmul(x.slice(0, 0, 1).reshape(20, 30), z),
                x.slice(0, 0, 1).reshape(20, 30).matmul(z));
    }

    @Example
    void vectorsAndStacksOfVectorsTakeTheBlasPath() {
        Tensor v = random(41, 64);
        Tensor stack = random(42, 3, 64, 48);
        assertClose(naiveMatmul(v, stack), v.matmul(stack));
        Tensor w = random(43, 48);
        assertClose(naiveMatmul(stack, w), stack.matmul(w));
        assertClose(naiveMatmul(stack, w), naiveSwapLast(stack).matmul(w, true, false));
    }

    @Example
    void nonFiniteValuesPropagateAsInTheNaiveProduct() {
        // BLAS kernels that skip zero factors would turn ∞·0 into 0 instead of NaN.
        double[] x = random(51, 40, 40).toArray();
        x[0] = Double.POSITIVE_INFINITY;
        x[41] = Double.NaN;
        Tensor a = Tensor.of(x, 40, 40);
        Tensor zero = Tensor.zeros(40, 40);
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                Tensor left = stored(a, ta).matmul(zero, ta, tb);
                Tensor right = zero.matmul(stored(a, ta), tb, ta);
                assertClose(naiveMatmul(a, zero), left);
                assertClose(naiveMatmul(zero, a), right);
            }
        }
    }

    @Example
    void gemmWritesOnlyItsSliceOfTheOutput() {
        int m = 20;
        int k = 15;
        int n = 10;
        double[] a = random(61, 2 * m * k).toArray();
        double[] b = random(62, 3 * k * n).toArray();
        double[] c = new double[4 * m * n];
        Arrays.fill(c, 7.0);
        Blas.gemm(false, false, m, n, k, a, m * k, b, 2 * k * n, c, m * n);
        Tensor expected = naiveMatmul(Tensor.of(Arrays.copyOfRange(a, m * k, 2 * m * k), m, k),
                Tensor.of(Arrays.copyOfRange(b, 2 * k * n, 3 * k * n), k, n));
        assertClose(expected, Tensor.of(Arrays.copyOfRange(c, m * n, 2 * m * n), m, n));
        for (int i = 0; i < c.length; i++) {
            if (i < m * n || i >= 2 * m * n) {
                assertEquals(7.0, c[i], "c[" + i + "]");
            }
        }
    }
}
