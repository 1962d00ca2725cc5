package leibniz.autograd.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * jqwik generators of shapes and float64 tensors for property tests of gradients. Values come from
 * {@code Arbitraries.doubles()} with three decimals, so failures shrink to small shapes and short
 * numbers. Generators know their domain: pass a positive range for {@code log}, and steer around kinks
 * with {@link #awayFrom}, because jqwik's edge cases include 0.
 *
 * <pre>{@code
 * @Provide Arbitrary<Tensor> reluInputs() {
 *     return TensorArbitraries.awayFrom(TensorArbitraries.tensors(0, 3, 4, -2, 2), 0.1, 0);
 * }
 * }</pre>
 * jqwik is an optional dependency of this module: only code that uses this class needs it.
 */
public final class TensorArbitraries {
    private static final int SCALE = 3;

    private TensorArbitraries() {
    }

    /**
     * Shapes of rank {@code minRank..maxRank} with every dimension in {@code 1..maxDim}; rank 0 (a scalar)
     * when {@code minRank} is 0. Shrinks towards lower rank and dimensions of 1.
     */
    public static Arbitrary<Shape> shapes(int minRank, int maxRank, int maxDim) {
        if (minRank < 0 || maxRank < minRank || maxDim < 1) {
            throw new IllegalArgumentException("shapes: need 0 <= minRank <= maxRank and maxDim >= 1, got minRank "
                    + minRank + ", maxRank " + maxRank + ", maxDim " + maxDim);
        }
        return Arbitraries.integers().between(1, maxDim).list().ofMinSize(minRank).ofMaxSize(maxRank)
                .map(TensorArbitraries::shapeOf);
    }

    /** Tensors of {@code shape} with every element in {@code [min, max]}. */
    public static Arbitrary<Tensor> tensors(Shape shape, double min, double max) {
        checkRange(min, max);
        return Arbitraries.doubles().between(min, max).ofScale(SCALE).list().ofSize(shape.size())
                .map(values -> Tensor.of(values.stream().mapToDouble(Double::doubleValue).toArray(), shape));
    }

    /** Tensors of a shape from {@link #shapes(int, int, int)} with every element in {@code [min, max]}. */
    public static Arbitrary<Tensor> tensors(int minRank, int maxRank, int maxDim, double min, double max) {
        checkRange(min, max);
        return shapes(minRank, maxRank, maxDim).flatMap(shape -> tensors(shape, min, max));
    }

    /**
     * The tensors of {@code tensors} with every element moved at least {@code margin} away from each kink,
     * outwards from the nearest one (a value exactly on a kink moves up), e.g. {@code awayFrom(t, 0.1, 0)}
     * for relu. Moved values may leave the original range by up to {@code margin}. The kinks must be at
     * least {@code 2 · margin} apart, so that leaving one never lands near another.
     */
    public static Arbitrary<Tensor> awayFrom(Arbitrary<Tensor> tensors, double margin, double... kinks) {
        if (!(margin >= 0) || Double.isInfinite(margin)) {
            throw new IllegalArgumentException("awayFrom: margin must be non-negative and finite, got " + margin);
        }
        double[] sorted = kinks.clone();
        Arrays.sort(sorted);
        for (int k = 0; k < sorted.length; k++) {
            if (!Double.isFinite(sorted[k])) {
                throw new IllegalArgumentException("awayFrom: kink " + sorted[k] + " is not finite");
            }
            if (k > 0 && sorted[k] - sorted[k - 1] < 2 * margin) {
                throw new IllegalArgumentException("awayFrom: kinks " + sorted[k - 1] + " and " + sorted[k]
                        + " are closer than twice the margin " + margin);
            }
        }
        return tensors.map(t -> t.map(v -> moved(v, margin, sorted)));
    }

    /**
     * Pairs of shapes that broadcast together: a shape of rank {@code 0..maxRank} with dimensions in
     * {@code 1..maxDim}, from which each of the pair drops some leading dimensions and sets some others
     * to 1. Shrinks towards equal, low-rank shapes.
     */
    public static Arbitrary<ShapePair> broadcastPairs(int maxRank, int maxDim) {
        return shapes(0, maxRank, maxDim).flatMap(full ->
                Combinators.combine(broadcastingTo(full), broadcastingTo(full)).as(ShapePair::new));
    }

    /**
     * Shapes that broadcast to {@code full}: some leading dimensions dropped and some others set to 1, for
     * the operand of a broadcasting op or the target of {@code sumTo}. Shrinks towards {@code full} itself.
     */
    public static Arbitrary<Shape> broadcastingTo(Shape full) {
        int rank = full.rank();
        return Combinators.combine(Arbitraries.integers().between(0, rank),
                Arbitraries.integers().between(0, (1 << rank) - 1)).as((drop, ones) -> {
                    int[] dims = Arrays.copyOfRange(full.dims(), drop, rank);
                    for (int i = 0; i < dims.length; i++) {
                        if ((ones >> i & 1) != 0) {
                            dims[i] = 1;
                        }
                    }
                    return Shape.of(dims);
                });
    }

    /**
     * Index tensors of {@code shape} whose elements are whole numbers in {@code 0..bound-1}, for gather,
     * indexSelect, indexAdd and oneHot; repeats are likely when the shape is larger than the bound. Shrinks
     * towards index 0.
     */
    public static Arbitrary<Tensor> indices(Shape shape, int bound) {
        if (bound < 1 && shape.size() > 0) {
            throw new IllegalArgumentException("indices: need a bound of at least 1 for " + shape + ", got " + bound);
        }
        return Arbitraries.integers().between(0, Math.max(0, bound - 1)).list().ofSize(shape.size())
                .map(values -> Tensor.of(values.stream().mapToDouble(Integer::doubleValue).toArray(), shape));
    }

    /**
     * Permutations of {@code 0..n-1}, for {@code permute}, drawn as a Lehmer code so that they shrink towards
     * the identity.
     */
    public static Arbitrary<int[]> permutations(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("permutations: need n >= 0, got " + n);
        }
        return Arbitraries.integers().between(0, Math.max(0, n - 1)).list().ofSize(n).map(code -> {
            List<Integer> left = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                left.add(i);
            }
            int[] p = new int[n];
            for (int i = 0; i < n; i++) {
                p[i] = left.remove(code.get(i) % left.size());
            }
            return p;
        });
    }

    /**
     * Tensors of {@code shape} in [−1, 1] with no ties: the evenly spaced values −1 + 2(i + ½)/n, permuted and
     * each moved by at most 0.6/n, so any two are at least 0.8/n apart. Max, min and their arg-reductions then
     * pick one element, and a central difference of step 1e-6 does not change which. Shrinks towards sorted,
     * evenly spaced values.
     */
    public static Arbitrary<Tensor> distinct(Shape shape) {
        int n = shape.size();
        return Combinators.combine(permutations(n), Arbitraries.doubles().between(-0.3, 0.3).ofScale(SCALE).list()
                .ofSize(n)).as((order, jitter) -> {
                    double[] v = new double[n];
                    for (int i = 0; i < n; i++) {
                        v[order[i]] = -1 + (2 * (i + 0.5) + 2 * jitter.get(i)) / n;
                    }
                    return Tensor.of(v, shape);
                });
    }

    /** Tensors with no ties, as {@link #distinct(Shape)}, of a shape from {@link #shapes(int, int, int)}. */
    public static Arbitrary<Tensor> distinct(int minRank, int maxRank, int maxDim) {
        return shapes(minRank, maxRank, maxDim).flatMap(TensorArbitraries::distinct);
    }

    private static double moved(double v, double margin, double[] kinks) {
        for (double k : kinks) {
            if (Math.abs(v - k) < margin) {
                return v >= k ? k + margin : k - margin;
            }
        }
        return v;
    }

    private static Shape shapeOf(List<Integer> dims) {
        return Shape.of(dims.stream().mapToInt(Integer::intValue).toArray());
    }

    private static void checkRange(double min, double max) {
        if (!Double.isFinite(min) || !Double.isFinite(max) || min > max) {
            throw new IllegalArgumentException("tensors: need finite min <= max, got min " + min + " and max " + max);
        }
    }
}
