package leibniz.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * Kernels long enough to split across the cores give exactly what one pass gives: each block writes
 * its own range. The sizes straddle the split threshold, with a length that does not divide evenly.
 */
class ParallelTest {
    private static final int N = 2 * Parallel.MIN_ELEMENTS + 7;

    @Test
    void blocksCoverEveryIndexOnce() {
        for (int parts = 1; parts <= 5; parts++) {
            AtomicIntegerArray seen = new AtomicIntegerArray(N);
            Parallel.run(parts, N, (from, to) -> {
                for (int i = from; i < to; i++) {
                    seen.incrementAndGet(i);
                }
            });
            for (int i = 0; i < N; i++) {
                assertEquals(1, seen.get(i), "index " + i + " with " + parts + " parts");
            }
        }
        assertEquals(1, Parallel.parts(10, 64));
        assertTrue(Parallel.parts(1 << 20, 64) >= 1);
    }

    @Test
    void largeElementwiseKernelsEqualTheirOnePassValues() {
        for (int n : new int[] {Parallel.MIN_ELEMENTS, N}) {
            Tensor x = Tensor.uniform(1, -3, 3, n);
            Tensor y = Tensor.uniform(2, 0.5, 2, n);
            double[] xs = x.toArray();
            double[] ys = y.toArray();
            double[] tanh = new double[n];
            double[] div = new double[n];
            double[] scaled = new double[n];
            double[] plusTwo = new double[n];
            for (int i = 0; i < n; i++) {
                tanh[i] = StrictMath.tanh(xs[i]);
                div[i] = xs[i] / ys[i];
                scaled[i] = xs[i] + -0.25 * ys[i];
                plusTwo[i] = xs[i] + 2;
            }
            assertArrayEquals(tanh, x.tanh().toArray(), 0);
            assertArrayEquals(div, x.div(y).toArray(), 0);
            assertArrayEquals(scaled, x.add(y, -0.25).toArray(), 0);
            assertArrayEquals(plusTwo, x.add(2).toArray(), 0);
            assertArrayEquals(plusTwo, Tensor.scalar(2).add(x).toArray(), 0);

            Tensor x32 = x.to(DType.F32);
            Tensor y32 = y.to(DType.F32);
            float[] xf = x32.toFloatArray();
            float[] yf = y32.toFloatArray();
            float[] relu = new float[n];
            float[] mul = new float[n];
            float[] scaledF = new float[n];
            for (int i = 0; i < n; i++) {
                relu[i] = Math.max(xf[i], 0f);
                mul[i] = xf[i] * yf[i];
                scaledF[i] = xf[i] + 0.5f * yf[i];
            }
            assertArrayEquals(relu, x32.relu().toFloatArray(), 0);
            assertArrayEquals(mul, x32.mul(y32).toFloatArray(), 0);
            assertArrayEquals(scaledF, x32.add(y32, 0.5).toFloatArray(), 0);
        }
    }
}
