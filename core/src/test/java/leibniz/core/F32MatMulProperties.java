package leibniz.core;

import static leibniz.core.F32Samples.assertRounded;
import static leibniz.core.F32Samples.assertSameF64;
import static leibniz.core.F32Samples.narrowed;
import static leibniz.core.F32Samples.uniform;
import static leibniz.core.F32Samples.widened;
import static leibniz.core.MatMulProperties.naiveMatmul;
import static leibniz.core.MatMulProperties.naiveSwapLast;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import leibniz.core.MatMulProperties.Operands;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * F32 products (EJML's float kernels below {@link MatMul#BLAS_THRESHOLD}, {@code sgemm} above) against the
 * F64 product of the same values, within the float error bound {@code (k + 2)·2⁻²⁴·Σ_k |a||b|}.
 */
class F32MatMulProperties {

    /** {@code actual} is F32 and within the forward error bound of a k-term float dot product of the F64 product. */
    private static void assertCloseToF64(Tensor a, Tensor b, Tensor actual, String what) {
        assertEquals(DType.F32, actual.dtype(), () -> what + ": dtype");
        Tensor expected = naiveMatmul(widened(a), widened(b));
        Tensor bound = naiveMatmul(widened(a).abs(), widened(b).abs());
        assertEquals(expected.shape(), actual.shape(), () -> what + ": shape");
        int k = a.shape().dim(-1);
        double eps = (k + 2) * 0x1p-24;
        for (int i = 0; i < actual.size(); i++) {
            double e = expected.data[i];
            double got = actual.floats[i];
            if (!(Math.abs(got - e) <= eps * bound.data[i] + Float.MIN_NORMAL)) {
                fail(what + " at " + i + ": " + got + " vs " + e + " (bound " + eps * bound.data[i] + ")");
            }
        }
    }

    /** The F32 operand stored so that {@code op()} with this flag restores it. */
    private static Tensor stored(Tensor x, boolean transposed) {
        return transposed ? narrowed(naiveSwapLast(widened(x))) : x;
    }

    /**
     * F32 operands as {@link MatMulProperties#operands(int, int, int)} draws them, of ranks 1 to 4 and m, k, n
     * up to 12: past 8·8·8 multiply-adds the product takes {@code sgemm}.
     */
    @Provide
    Arbitrary<Operands> products() {
        return MatMulProperties.operands(1, 4, 12).map(o -> new Operands(narrowed(o.a()), narrowed(o.b())));
    }

    @Property(tries = 200)
    void productIsTheF64ProductWithinFloatError(@ForAll("products") Operands ab, @ForAll boolean ta,
            @ForAll boolean tb) {
        boolean flagA = ta && ab.a().rank() > 1;
        boolean flagB = tb && ab.b().rank() > 1;
        Tensor out = stored(ab.a(), flagA).matmul(stored(ab.b(), flagB), flagA, flagB);
        assertCloseToF64(ab.a(), ab.b(), out, Arrays.toString(ab.a().shape().dims()) + (flagA ? "^T" : "") + " x "
                + Arrays.toString(ab.b().shape().dims()) + (flagB ? "^T" : ""));
    }

    @Property(tries = 30)
    void mixedWithF64IsTheF64Product(@ForAll("products") Operands ab, @ForAll boolean f32Left) {
        Tensor a = f32Left ? ab.a() : widened(ab.a());
        Tensor b = f32Left ? widened(ab.b()) : ab.b();
        assertSameF64(widened(ab.a()).matmul(widened(ab.b())), a.matmul(b), "mixed");
    }

    @Example
    void everyTransposeCombinationOnEitherSideOfTheThreshold() {
        // 7·8·9 = 504 multiply-adds stay in EJML; 8·8·8 is the first on sgemm; 40·30·50 is well past it.
        int[][] sizes = {{7, 8, 9}, {8, 8, 8}, {9, 7, 8}, {40, 30, 50}, {1, 600, 1}, {1, 1, 1}};
        for (int[] s : sizes) {
            Tensor a = uniform(s[0] * 31L + s[1], s[0], s[1]);
            Tensor b = uniform(s[2] * 17L + s[1], s[1], s[2]);
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    String what = Arrays.toString(s) + " " + ta + " " + tb;
                    assertCloseToF64(a, b, stored(a, ta).matmul(stored(b, tb), ta, tb), what);
                }
            }
        }
    }

    @Example
    void batchedProductsTakeEveryPath() {
        // A stack times one shared matrix is one tall product, below and above the threshold.
        for (int[] s : new int[][] {{3, 2, 4, 5}, {5, 20, 30, 25}}) {
            Tensor x = uniform(s[1], s[0], s[1], s[2]);
            Tensor w = uniform(s[3], s[2], s[3]);
            assertCloseToF64(x, w, x.matmul(w), "stack " + Arrays.toString(s));
            assertCloseToF64(x, w, x.matmul(stored(w, true), false, true), "stack, b transposed");
            assertCloseToF64(x, w, stored(x, true).matmul(w, true, false), "transposed slices take the slice path");
            assertCloseToF64(x.slice(0, 0, 1).reshape(s[1], s[2]), stored(x, true),
                    x.slice(0, 0, 1).reshape(s[1], s[2]).matmul(x, false, true), "shared left operand");
        }
        // Broadcast batch dimensions slice by slice, below and above the threshold.
        for (int size : new int[] {3, 12}) {
            Tensor a = uniform(size, 3, 1, size, size);
            Tensor b = uniform(size + 1, 1, 2, size, size);
            assertCloseToF64(a, b, a.matmul(b), "broadcast batches " + size);
            assertEquals(Shape.of(3, 2, size, size), a.matmul(b).shape());
        }
    }

    @Example
    void vectorsFollowNumPyAndDotsRoundOnce() {
        Tensor v = uniform(1, 700);
        Tensor w = uniform(2, 700);
        // The vector·vector dot accumulates in double: the float of the F64 dot, exactly.
        assertRounded(widened(v).matmul(widened(w)), v.matmul(w), "dot");
        Tensor m = uniform(3, 700, 9);
        assertCloseToF64(v, m, v.matmul(m), "vector x matrix");
        assertCloseToF64(stored(m, true), v, stored(m, true).matmul(v), "matrix x vector");
        assertCloseToF64(m, uniform(4, 9), m.matmul(uniform(4, 9)), "sgemm x vector");
        Tensor stack = uniform(5, 2, 3, 4);
        assertCloseToF64(stack, uniform(6, 4), stack.matmul(uniform(6, 4)), "stack x vector");
        assertEquals(Tensor.of(new float[] {14}), Tensor.of(new float[] {1, 2, 3}, 3).matmul(
                Tensor.of(new float[] {1, 2, 3}, 3)));
    }

    @Example
    void emptyDimensionsGiveF32ZerosOrEmpties() {
        Tensor z = Tensor.zeros(Shape.of(2, 0), DType.F32).matmul(Tensor.zeros(Shape.of(0, 3), DType.F32));
        assertEquals(Tensor.zeros(Shape.of(2, 3), DType.F32), z);
        assertEquals(Tensor.zeros(Shape.scalar(), DType.F32),
                Tensor.zeros(Shape.of(0), DType.F32).matmul(Tensor.zeros(Shape.of(0), DType.F32)));
        assertEquals(Tensor.zeros(Shape.of(0, 2, 3), DType.F32),
                uniform(1, 0, 2, 4).matmul(uniform(2, 4, 3)));
        assertEquals(Tensor.zeros(Shape.of(5, 2, 3), DType.F32),
                uniform(1, 5, 2, 0).matmul(uniform(2, 1, 0, 3), false, false));
        assertEquals(Tensor.zeros(Shape.of(2, 3)), Tensor.zeros(Shape.of(2, 0), DType.F32).matmul(Tensor.zeros(0, 3)),
                "mixed empty products are F64");
    }

    @Example
    void nonFiniteValuesPropagateOnBothPaths() {
        for (int size : new int[] {4, 16}) {
            float[] x = uniform(7, size, size).toFloatArray();
            x[0] = Float.POSITIVE_INFINITY;
            x[size + 1] = Float.NaN;
            Tensor a = Tensor.of(x, size, size);
            Tensor zero = Tensor.zeros(Shape.of(size, size), DType.F32);
            float[] out = a.matmul(zero).toFloatArray();
            assertTrue(Float.isNaN(out[0]) && Float.isNaN(out[size + 1]), "∞·0 and NaN·0 are NaN, size " + size);
            assertArrayEquals(new float[size], Arrays.copyOfRange(out, 2 * size, 3 * size), "a finite row gives 0");
            float[] left = zero.matmul(a).toFloatArray();
            assertTrue(Float.isNaN(left[0]) && Float.isNaN(left[1]) && left[2] == 0, "columns, size " + size);
        }
    }
}
