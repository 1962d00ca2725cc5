package leibniz.core;

import static leibniz.core.KernelSamples.random;
import static leibniz.core.KernelSamples.ravel;
import static leibniz.core.KernelSamples.unravel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

class MatMulProperties {

    /** Two operands of a product, values in [-1, 1]. */
    record Operands(Tensor a, Tensor b) {}

    /** {@link #operands(int, int, int)} of ranks {@code minRank} to 4 with m, k, n from 0 to 4. */
    static Arbitrary<Operands> operands(int minRank) {
        return operands(minRank, 4, 4);
    }

    /**
     * Operands {@code [.., m, k]} (or {@code [k]} at rank 1) and {@code [.., k, n]} (or {@code [k]}) of ranks
     * {@code minRank} to {@code maxRank} with m, k, n from 0 to {@code maxSize}, whose batch dimensions (0 to
     * 3, 0 rarely) broadcast: each operand keeps the trailing ones of a common batch and sets each to 1 with
     * probability 1/3.
     */
    static Arbitrary<Operands> operands(int minRank, int maxRank, int maxSize) {
        Arbitrary<Integer> rank = Generators.between(minRank, maxRank);
        Arbitrary<Integer> size = Generators.between(0, maxSize);
        Arbitrary<Integer> batchDim = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(0)),
                Tuple.of(9, Generators.between(1, 3)));
        Arbitrary<Boolean> toOne = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(true)),
                Tuple.of(2, Arbitraries.just(false)));
        return Combinators.combine(rank, rank, size, size, size).flatAs((ra, rb, m, k, n) -> {
            int r = Math.max(0, Math.max(ra, rb) - 2);
            return Combinators.combine(batchDim.list().ofSize(r), toOne.list().ofSize(r), toOne.list().ofSize(r))
                    .flatAs((batch, onesA, onesB) -> {
                        int[] da = ra == 1 ? new int[] {k} : withMatrix(batchOf(batch, onesA, ra - 2), m, k);
                        int[] db = rb == 1 ? new int[] {k} : withMatrix(batchOf(batch, onesB, rb - 2), k, n);
                        return Combinators.combine(Generators.uniform(Shape.of(da)), Generators.uniform(Shape.of(db)))
                                .as(Operands::new);
                    });
        });
    }

    /** The last {@code rank} dimensions of {@code batch}, with 1 where {@code ones} says so. */
    private static int[] batchOf(List<Integer> batch, List<Boolean> ones, int rank) {
        int[] d = new int[rank];
        for (int i = 0; i < rank; i++) {
            int at = batch.size() - rank + i;
            d[i] = ones.get(at) ? 1 : batch.get(at);
        }
        return d;
    }

    @Provide
    Arbitrary<Operands> anyRank() {
        return operands(1);
    }

    @Provide
    Arbitrary<Operands> matrices() {
        return operands(2);
    }

    static int[] withMatrix(int[] batch, int rows, int cols) {
        int[] d = Arrays.copyOf(batch, batch.length + 2);
        d[batch.length] = rows;
        d[batch.length + 1] = cols;
        return d;
    }

    /** NumPy's matmul by its definition: promote vectors, broadcast the batch index by hand, triple loop. */
    static Tensor naiveMatmul(Tensor a, Tensor b) {
        int[] da = a.rank() == 1 ? new int[] {1, a.shape().dim(0)} : a.shape().dims();
        int[] db = b.rank() == 1 ? new int[] {b.shape().dim(0), 1} : b.shape().dims();
        int m = da[da.length - 2];
        int k = da[da.length - 1];
        int n = db[db.length - 1];
        int r = Math.max(da.length, db.length) - 2;
        int[] ba = padded(da, r);
        int[] bb = padded(db, r);
        int[] batch = new int[r];
        for (int i = 0; i < r; i++) {
            batch[i] = Math.max(ba[i], bb[i]) == 0 || Math.min(ba[i], bb[i]) == 0 ? 0 : Math.max(ba[i], bb[i]);
        }
        int batches = Arrays.stream(batch).reduce(1, (p, q) -> p * q);
        double[] x = a.toArray();
        double[] y = b.toArray();
        double[] out = new double[batches * m * n];
        for (int t = 0; t < batches; t++) {
            int[] idx = unravel(t, batch);
            int[] ia = new int[r];
            int[] ib = new int[r];
            for (int i = 0; i < r; i++) {
                ia[i] = ba[i] == 1 ? 0 : idx[i];
                ib[i] = bb[i] == 1 ? 0 : idx[i];
            }
            int offA = ravel(ia, ba) * m * k;
            int offB = ravel(ib, bb) * k * n;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) {
                        s += x[offA + i * k + p] * y[offB + p * n + j];
                    }
                    out[t * m * n + i * n + j] = s;
                }
            }
        }
        int[] outDims = Arrays.copyOf(batch, r + (a.rank() == 1 ? 0 : 1) + (b.rank() == 1 ? 0 : 1));
        if (a.rank() > 1) {
            outDims[r] = m;
        }
        if (b.rank() > 1) {
            outDims[outDims.length - 1] = n;
        }
        return Tensor.of(out, outDims);
    }

    /** The batch dimensions of {@code d} (all but the last two), left-padded with 1 to rank {@code r}. */
    private static int[] padded(int[] d, int r) {
        int[] p = new int[r];
        Arrays.fill(p, 1);
        System.arraycopy(d, 0, p, r - (d.length - 2), d.length - 2);
        return p;
    }

    /** The last two axes swapped by index arithmetic. */
    static Tensor naiveSwapLast(Tensor x) {
        int[] d = x.shape().dims();
        int r = d.length;
        int[] outDims = d.clone();
        outDims[r - 2] = d[r - 1];
        outDims[r - 1] = d[r - 2];
        double[] v = x.toArray();
        double[] out = new double[v.length];
        for (int f = 0; f < out.length; f++) {
            int[] idx = unravel(f, outDims);
            int t = idx[r - 2];
            idx[r - 2] = idx[r - 1];
            idx[r - 1] = t;
            out[f] = v[ravel(idx, d)];
        }
        return Tensor.of(out, outDims);
    }

    @Property(tries = 200)
    void matchesTheNaiveProduct(@ForAll("anyRank") Operands ab) {
        Tensor expected = naiveMatmul(ab.a(), ab.b());
        Tensor actual = ab.a().matmul(ab.b());
        assertEquals(expected.shape(), actual.shape());
        assertTrue(actual.allClose(expected, 1e-12), () -> actual + " vs " + expected);
    }

    @Property(tries = 200)
    void transposeFlagsEqualExplicitTransposes(@ForAll("matrices") Operands ab, @ForAll boolean ta,
            @ForAll boolean tb) {
        // Store each flagged operand transposed, so that op() restores the product's layout.
        Tensor a = ta ? naiveSwapLast(ab.a()) : ab.a();
        Tensor b = tb ? naiveSwapLast(ab.b()) : ab.b();
        Tensor flagged = a.matmul(b, ta, tb);
        Tensor explicit = (ta ? a.transpose() : a).matmul(tb ? b.transpose() : b);
        assertTrue(flagged.allClose(explicit, 1e-12), () -> flagged + " vs " + explicit);
        assertTrue(flagged.allClose(naiveMatmul(ab.a(), ab.b()), 1e-12));
    }

    @Property(tries = 100)
    void transposeOfProductIsProductOfTransposesReversed(@ForAll("matrices") Operands ab) {
        Tensor left = ab.a().matmul(ab.b()).transpose();
        Tensor right = ab.b().transpose().matmul(ab.a().transpose());
        assertTrue(left.allClose(right, 1e-12), () -> left + " vs " + right);
    }

    @Example
    void largeProductsTakeTheThreadedPathAndAgree() {
        int m = 110;
        int k = 100;
        int n = 120;
        assertTrue((long) m * k * n >= MatMul.PARALLEL_THRESHOLD);
        Tensor a = random(1, 2, m, k);
        Tensor b = random(2, k, n);
        Tensor expected = naiveMatmul(a, b);
        assertTrue(a.matmul(b).allClose(expected, 1e-10));
        Tensor at = naiveSwapLast(a);
        Tensor bt = naiveSwapLast(b);
        assertTrue(at.matmul(b, true, false).allClose(expected, 1e-10));
        assertTrue(a.matmul(bt, false, true).allClose(expected, 1e-10));
        assertTrue(at.matmul(bt, true, true).allClose(expected, 1e-10));
    }

    @Example
    void vectorsFollowNumPy() {
        Tensor v = Tensor.vector(1, 2, 3);
        Tensor m = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 3, 2);
        assertEquals(Tensor.scalar(14), v.matmul(v));
        assertEquals(Tensor.vector(22, 28), v.matmul(m));
        assertEquals(Tensor.vector(22, 28), m.transpose().matmul(v));
        assertEquals(Tensor.vector(22, 28), m.matmul(v, true, false));
        Tensor stack = Tensor.of(new double[] {1, 0, 0, 1, 2, 0, 0, 2}, 2, 2, 2);
        assertEquals(Tensor.of(new double[] {1, 2, 2, 4}, 2, 2), stack.matmul(Tensor.vector(1, 2)));
    }

    @Example
    void emptyDimensionsGiveEmptyOrZeroResults() {
        assertEquals(Tensor.zeros(2, 3), Tensor.zeros(2, 0).matmul(Tensor.zeros(0, 3)));
        assertEquals(Tensor.scalar(0), Tensor.zeros(0).matmul(Tensor.zeros(0)));
        assertEquals(Tensor.zeros(0, 3), Tensor.zeros(0, 4).matmul(Tensor.ones(4, 3)));
        assertEquals(Tensor.zeros(0, 2, 3), Tensor.ones(0, 2, 4).matmul(Tensor.ones(4, 3)));
        assertEquals(Tensor.zeros(5, 2, 3), Tensor.ones(5, 2, 0).matmul(Tensor.ones(1, 0, 3)));
    }

    @Example
    void errorsNameTheOperationAndShapes() {
        assertEquals("matmul: [64, 784] x [256, 10]: inner dimensions differ (784 vs 256)",
                message(Tensor.zeros(64, 784), Tensor.zeros(256, 10), false, false));
        assertEquals("matmul: [784, 64]^T x [256, 10]: inner dimensions differ (784 vs 256)",
                message(Tensor.zeros(784, 64), Tensor.zeros(256, 10), true, false));
        assertEquals("matmul: [3] x [4]: inner dimensions differ (3 vs 4)",
                message(Tensor.zeros(3), Tensor.zeros(4), false, false));
        assertEquals("matmul: [] x [3]: scalars have no matrix product",
                message(Tensor.scalar(1), Tensor.zeros(3), false, false));
        assertEquals("matmul: [3, 2] x []: scalars have no matrix product",
                message(Tensor.zeros(3, 2), Tensor.scalar(1), false, false));
        assertEquals("matmul: [3]^T x [3, 4]: transposeA needs rank 2 or more, got rank 1",
                message(Tensor.zeros(3), Tensor.zeros(3, 4), true, false));
        assertEquals("matmul: [2, 3] x [3]^T: transposeB needs rank 2 or more, got rank 1",
                message(Tensor.zeros(2, 3), Tensor.zeros(3), false, true));
        assertEquals("matmul: [2, 3, 4] x [5, 4, 6]: batch dimensions [2] and [5] do not broadcast",
                message(Tensor.zeros(2, 3, 4), Tensor.zeros(5, 4, 6), false, false));
    }

    private static String message(Tensor a, Tensor b, boolean ta, boolean tb) {
        return assertThrows(IllegalArgumentException.class, () -> a.matmul(b, ta, tb)).getMessage();
    }
}
