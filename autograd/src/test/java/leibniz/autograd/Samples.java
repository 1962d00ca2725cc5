package leibniz.autograd;

import java.util.SplittableRandom;
import leibniz.core.Shape;
import leibniz.core.Tensor;

/** Random shapes, tensors and op attributes drawn from a seed, shared by the gradient properties. */
final class Samples {
    private Samples() {
    }

    /** A shape of rank {@code minRank..maxRank} with dimensions 1 to {@code maxDim}, size 1 drawn often. */
    static Shape shape(SplittableRandom rng, int minRank, int maxRank, int maxDim) {
        int[] d = new int[rng.nextInt(minRank, maxRank + 1)];
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.nextInt(4) == 0 ? 1 : rng.nextInt(1, maxDim + 1);
        }
        return Shape.of(d);
    }

    /** Values uniform in [-1, 1). */
    static Tensor uniform(SplittableRandom rng, Shape shape) {
        double[] v = new double[shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextDouble(-1, 1);
        }
        return Tensor.of(v, shape);
    }

    /**
     * Values in [-1, 1) at least {@code 0.1 / size} apart, in random order: max and min have no ties
     * and a central difference of step 1e-6 does not change which element is largest.
     */
    static Tensor distinct(SplittableRandom rng, Shape shape) {
        int n = shape.size();
        double[] v = new double[n];
        int[] order = permutation(rng, n);
        for (int i = 0; i < n; i++) {
            v[order[i]] = -1 + 2.0 * (i + 0.5 + rng.nextDouble(-0.4, 0.4)) / n;
        }
        return Tensor.of(v, shape);
    }

    /** Integer indices in {@code [0, bound)} of {@code shape}; repeats are likely when bound is small. */
    static Tensor indices(SplittableRandom rng, Shape shape, int bound) {
        double[] v = new double[shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextInt(bound);
        }
        return Tensor.of(v, shape);
    }

    /** A random permutation of {@code 0..n-1} (Fisher–Yates). */
    static int[] permutation(SplittableRandom rng, int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** A non-empty set of distinct axes of a rank-{@code rank} tensor (none for a scalar), some negative, in random order. */
    static int[] axes(SplittableRandom rng, int rank) {
        int[] order = permutation(rng, rank);
        int[] axes = java.util.Arrays.copyOf(order, rank == 0 ? 0 : rng.nextInt(1, rank + 1));
        for (int i = 0; i < axes.length; i++) {
            axes[i] -= rng.nextBoolean() ? rank : 0;
        }
        return axes;
    }

    /** A shape that broadcasts to {@code out}: some leading dimensions dropped, some others set to 1. */
    static Shape operand(SplittableRandom rng, Shape out) {
        int drop = rng.nextInt(out.rank() + 1);
        int[] d = new int[out.rank() - drop];
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.nextBoolean() ? 1 : out.dim(drop + i);
        }
        return Shape.of(d);
    }

    /** The Frobenius inner product {@code Σ a ⊙ b}. */
    static double dot(Tensor a, Tensor b) {
        return a.mul(b).sum().item();
    }
}
