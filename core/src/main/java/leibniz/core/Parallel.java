package leibniz.core;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Splits a loop over {@code [0, n)} into contiguous blocks run on the cores at once: the caller's thread
 * and tasks of the common fork-join pool take blocks until none is left. Kernels split only work large enough
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
     * The caller and one pool task per other core claim the next block until none is left: handing each
     * block to its own task left the caller waiting on the pool's queue while one worker ran most of the
     * blocks (8 blocks on 2 cores ran 1 on the caller and up to 7 on the worker).
     */
    static void run(int parts, int n, Block body) {
        int helpers = Math.min(parts, Runtime.getRuntime().availableProcessors()) - 1;
        if (helpers <= 0) {
            for (int p = 0; p < parts; p++) {
                body.run(from(n, p, parts), from(n, p + 1, parts));
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable claim = () -> {
            for (int p = next.getAndIncrement(); p < parts; p = next.getAndIncrement()) {
                body.run(from(n, p, parts), from(n, p + 1, parts));
            }
        };
        ForkJoinTask<?>[] others = new ForkJoinTask<?>[helpers];
        for (int h = 0; h < helpers; h++) {
            others[h] = ForkJoinPool.commonPool().submit(claim);
        }
        try {
            claim.run();
        } finally {
            // No block may still be writing when the caller returns, even when the caller's block failed.
            for (ForkJoinTask<?> t : others) {
                t.quietlyJoin();
            }
        }
        for (ForkJoinTask<?> t : others) {
            t.join(); // rethrows a helper's failure
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
