package leibniz.core;

import java.util.concurrent.atomic.AtomicReferenceArray;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The row-major F64 product {@code c[i, j] = Σ_p op(a)[i, p] · op(b)[p, j]} on the JDK's vector API, for the
 * pure-Java path: every element is one dot product of a row of {@code op(a)} and a column of {@code op(b)},
 * both laid out along {@code p}.
 *
 * <p>netlib's Java BLAS computes the same dot products with the vector API, but allocates its packed copies
 * (up to 0.5 MB) on every call above a million multiply-adds; here an operand whose {@code p} does not run
 * along its storage is transposed into a scratch array kept from product to product, so a training step
 * allocates nothing for its products. Operands already laid out along {@code p} ({@code a} untransposed,
 * {@code b} transposed) are read in place.
 *
 * <p>Each element is computed by the same arithmetic whichever block or kernel computes it: lanes of fused
 * multiply-adds over the first {@code k − k mod L} terms, the lanes summed, then the remaining terms
 * one by one. So results do not depend on how a product is split, nor on the number of cores.
 *
 * <p>Loaded only when the JVM runs with {@code --add-modules jdk.incubator.vector} ({@link #AVAILABLE}).
 */
final class VectorProduct {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Rows of {@code op(a)} that stay in cache while a 3-column strip of {@code op(b)} passes over them. */
    private static final int PANEL = 60;

    /**
     * Transposed copies of {@code op(a)} and {@code op(b)}, grown on demand and reused: a product takes a pair
     * out while it runs (a new one if none is free) and puts it back, so a training step allocates nothing for
     * its products whichever threads run them. Not thread-locals: the common pool's workers lose those after
     * each task, and a caller's own task on the pool may run a whole product. As many pairs are kept as
     * products ran at once, up to {@link #KEPT}.
     */
    private static final int KEPT = 8;
    private static final AtomicReferenceArray<double[][]> SCRATCH = new AtomicReferenceArray<>(KEPT);

    private VectorProduct() {}

    /** The doubles in one vector of the processor's preferred shape; 1 where it has no vector unit for them. */
    static int lanes() {
        return L;
    }

    /**
     * {@code c[offC..] = op(a)·op(b)}, where {@code op(a)} is {@code m×k} and {@code op(b)} is {@code k×n}, all
     * row-major and dense at their offsets, in the blocks of {@link Blas#blocks}: the operand every block
     * reads whole is transposed first, the one split between blocks by each block for its own part.
     */
    static void product(boolean ta, boolean tb, int m, int n, int k, double[] a, int offA, double[] b, int offB,
            double[] c, int offC) {
        double[][] scratch = taken();
        double[] x = ta ? (scratch[0] = grown(scratch[0], m * k)) : a;
        int xo = ta ? 0 : offA;
        double[] y = tb ? b : (scratch[1] = grown(scratch[1], n * k));
        int yo = tb ? offB : 0;
        int columns = Blas.columnBlocks(m, n, k);
        if (columns > 1) {
            if (ta) {
                transpose(a, offA, m, k, 0, m, x);
            }
            Parallel.run(columns, n, (j0, j1) -> {
                if (!tb) {
                    transpose(b, offB, n, k, j0, j1, y);
                }
                kernel(0, m, j0, j1, k, x, xo, y, yo, c, offC, n);
            });
        } else {
            if (!tb) {
                transpose(b, offB, n, k, 0, n, y);
            }
            Parallel.run(Blas.blocks(m, n, k), m, (i0, i1) -> {
                if (ta) {
                    transpose(a, offA, m, k, i0, i1, x);
                }
                kernel(i0, i1, 0, n, k, x, xo, y, yo, c, offC, n);
            });
        }
        for (int i = 0; i < KEPT && !SCRATCH.compareAndSet(i, null, scratch); i++) {
            // the first empty place keeps it; with none, it is left to the collector
        }
    }

    /** A free pair of scratch arrays, or a new one. */
    private static double[][] taken() {
        for (int i = 0; i < KEPT; i++) {
            double[][] s = SCRATCH.getAndSet(i, null);
            if (s != null) {
                return s;
            }
        }
        return new double[2][];
    }

    /** {@code s} if it holds {@code size} elements, otherwise a new array that does. */
    private static double[] grown(double[] s, int size) {
        return s != null && s.length >= size ? s : new double[size];
    }

    /**
     * {@code dst[r·k + p] = src[off + p·stride + r]} for {@code r0 ≤ r < r1}: columns of a {@code k}-row
     * matrix with rows {@code stride} long, each laid out along {@code p}.
     */
    private static void transpose(double[] src, int off, int stride, int k, int r0, int r1, double[] dst) {
        for (int p = 0; p < k; p++) {
            int s = off + p * stride;
            for (int r = r0; r < r1; r++) {
                dst[r * k + p] = src[s + r];
            }
        }
    }

    /**
     * {@code c[co + i·ldc + j] = Σ_p x[xo + i·k + p] · y[yo + j·k + p]} for rows {@code [i0, i1)} and columns
     * {@code [j0, j1)}: 3×3 elements at a time, so each loaded vector serves three products, over panels of
     * {@link #PANEL} rows that stay in cache while a 3-column strip of {@code y} passes over them.
     */
    private static void kernel(int i0, int i1, int j0, int j1, int k, double[] x, int xo, double[] y, int yo,
            double[] c, int co, int ldc) {
        int kv = k - k % L;
        for (int p0 = i0; p0 < i1; p0 += PANEL) {
            int p1 = Math.min(i1, p0 + PANEL);
            int j = j0;
            for (; j + 3 <= j1; j += 3) {
                int i = p0;
                for (; i + 3 <= p1; i += 3) {
                    threeByThree(k, kv, x, xo + i * k, y, yo + j * k, c, co + i * ldc + j, ldc);
                }
                for (; i < p1; i++) {
                    for (int jj = j; jj < j + 3; jj++) {
                        c[co + i * ldc + jj] = dot(k, kv, x, xo + i * k, y, yo + jj * k);
                    }
                }
            }
            for (; j < j1; j++) {
                for (int i = p0; i < p1; i++) {
                    c[co + i * ldc + j] = dot(k, kv, x, xo + i * k, y, yo + j * k);
                }
            }
        }
    }

    /** Nine dot products: rows {@code x0, x0+k, x0+2k} against columns {@code y0, y0+k, y0+2k}. */
    private static void threeByThree(int k, int kv, double[] x, int x0, double[] y, int y0, double[] c, int c0,
            int ldc) {
        int x1 = x0 + k;
        int x2 = x1 + k;
        int y1 = y0 + k;
        int y2 = y1 + k;
        DoubleVector s00 = DoubleVector.zero(S);
        DoubleVector s01 = s00;
        DoubleVector s02 = s00;
        DoubleVector s10 = s00;
        DoubleVector s11 = s00;
        DoubleVector s12 = s00;
        DoubleVector s20 = s00;
        DoubleVector s21 = s00;
        DoubleVector s22 = s00;
        for (int p = 0; p < kv; p += L) {
            DoubleVector b0 = DoubleVector.fromArray(S, y, y0 + p);
            DoubleVector b1 = DoubleVector.fromArray(S, y, y1 + p);
            DoubleVector b2 = DoubleVector.fromArray(S, y, y2 + p);
            DoubleVector a = DoubleVector.fromArray(S, x, x0 + p);
            s00 = a.fma(b0, s00);
            s01 = a.fma(b1, s01);
            s02 = a.fma(b2, s02);
            a = DoubleVector.fromArray(S, x, x1 + p);
            s10 = a.fma(b0, s10);
            s11 = a.fma(b1, s11);
            s12 = a.fma(b2, s12);
            a = DoubleVector.fromArray(S, x, x2 + p);
            s20 = a.fma(b0, s20);
            s21 = a.fma(b1, s21);
            s22 = a.fma(b2, s22);
        }
        c[c0] = rest(s00, k, kv, x, x0, y, y0);
        c[c0 + 1] = rest(s01, k, kv, x, x0, y, y1);
        c[c0 + 2] = rest(s02, k, kv, x, x0, y, y2);
        c0 += ldc;
        c[c0] = rest(s10, k, kv, x, x1, y, y0);
        c[c0 + 1] = rest(s11, k, kv, x, x1, y, y1);
        c[c0 + 2] = rest(s12, k, kv, x, x1, y, y2);
        c0 += ldc;
        c[c0] = rest(s20, k, kv, x, x2, y, y0);
        c[c0 + 1] = rest(s21, k, kv, x, x2, y, y1);
        c[c0 + 2] = rest(s22, k, kv, x, x2, y, y2);
    }

    /** One dot product, the arithmetic of {@link #threeByThree} for a single element. */
    private static double dot(int k, int kv, double[] x, int xo, double[] y, int yo) {
        DoubleVector s = DoubleVector.zero(S);
        for (int p = 0; p < kv; p += L) {
            s = DoubleVector.fromArray(S, x, xo + p).fma(DoubleVector.fromArray(S, y, yo + p), s);
        }
        return rest(s, k, kv, x, xo, y, yo);
    }

    /** The lanes of {@code s} summed, then the terms from {@code kv} on, one fused multiply-add each. */
    private static double rest(DoubleVector s, int k, int kv, double[] x, int xo, double[] y, int yo) {
        double sum = s.reduceLanes(VectorOperators.ADD);
        for (int p = kv; p < k; p++) {
            sum = Math.fma(x[xo + p], y[yo + p], sum);
        }
        return sum;
    }
}
