package leibniz.optim;

import java.util.SplittableRandom;

/** Seeded permutations, shared by dataset splits and the data loader so both shuffle the same way. */
final class Shuffle {
    private Shuffle() {
    }

    /** A uniformly random permutation of {@code 0..n-1} by Fisher-Yates, a function of {@code seed} alone. */
    static int[] permutation(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /**
     * The seed of one epoch, mixed from the run's seed and the epoch number so that any epoch's order can be
     * recomputed on its own (which exact resume needs) and neighbouring seeds or epochs do not collide
     * the way {@code seed + epoch} would.
     */
    static long epochSeed(long seed, int epoch) {
        return mix(seed * 0x9E3779B97F4A7C15L + mix(epoch));
    }

    /** SplitMix64's finaliser: every input bit affects every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
