package leibniz.core;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * Splits a loop over {@code [0, n)} into contiguous blocks run on the cores at once: the caller's thread
 * takes the first block and the common fork-join pool the others. Kernels split only work large enough
 * to pay for the hand-off (a few microseconds), so small models never touch the pool. Each block writes
 * its own part of the output, and a kernel whose blocks could change its bits (a matrix product) chooses
 * their number from its size alone, so results do not depend on the number of cores.
 */
final class Parallel {
    /**
     * Elementwise kernels with at least this many elements split across the cores. At 2¹⁵ doubles a pass
     * over one operand takes 10-20 µs on the 2-core development machine, several times the hand-off.
     */
    static final int MIN_ELEMENTS = 1 << 15;

    private Parallel() {}

    /** A loop body over indices {@code [from, to)}. */
    interface Block {
        void run(int from, int to);
    }

    /** How many blocks of at least {@code minPerPart} units {@code n} units make, at most one per core. */
    static int parts(long n, long minPerPart) {
        return (int) Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), n / minPerPart));
    }

    /** Whether an elementwise kernel over {@code n} elements splits. */
    static boolean splits(int n) {
        return n >= 2 * MIN_ELEMENTS && parts(n, MIN_ELEMENTS) > 1;
    }

    /**
     * Runs {@code body} over {@code [0, n)} in {@code parts} contiguous blocks, at once where there are
     * cores to spare; the blocks are the same whatever the number of cores, only who runs them changes.
     */
    static void run(int parts, int n, Block body) {
        if (parts <= 1) {
            body.run(0, n);
            return;
        }
        if (Runtime.getRuntime().availableProcessors() == 1) {
            for (int p = 0; p < parts; p++) {
                body.run(from(n, p, parts), from(n, p + 1, parts));
            }
            return;
        }
        ForkJoinTask<?>[] others = new ForkJoinTask<?>[parts - 1];
        for (int p = 1; p < parts; p++) {
            int from = from(n, p, parts);
            int to = from(n, p + 1, parts);
            others[p - 1] = ForkJoinPool.commonPool().submit(() -> body.run(from, to));
        }
        body.run(0, from(n, 1, parts));
        for (ForkJoinTask<?> t : others) {
            t.join();
        }
    }

    /** The first index of block {@code p} of {@code parts} over {@code [0, n)}. */
    private static int from(int n, int p, int parts) {
        return (int) ((long) n * p / parts);
    }

    /** Runs an elementwise {@code body} over {@code [0, n)}, split across the cores when {@code n} is large. */
    static void elements(int n, Block body) {
        run(splits(n) ? parts(n, MIN_ELEMENTS) : 1, n, body);
    }
}
