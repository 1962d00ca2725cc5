package leibniz.examples.bench;

import org.ejml.concurrency.EjmlConcurrency;

/** The number of threads a benchmark's matrix products may use, set once per JMH fork. */
final class BenchThreads {
    private BenchThreads() {
    }

    /**
     * Caps EJML's worker pool, which Leibniz's large products and the hand-written side's
     * {@code CommonOps_MT_DDRM} calls share. Each JMH fork is its own JVM, so this process-wide setting
     * belongs to one benchmark configuration only.
     */
    static void use(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("benchmark: threads must be at least 1, got " + threads);
        }
        EjmlConcurrency.setMaxThreads(threads);
    }
}
