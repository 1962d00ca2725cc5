package leibniz.examples.bench;

import org.ejml.concurrency.EjmlConcurrency;

/** The number of threads a benchmark's matrix products may use, set once per JMH fork. */
final class BenchThreads {
    private BenchThreads() {
    }

    /**
     * Caps EJML's worker pool, used by the hand-written side's {@code CommonOps_MT_DDRM} calls and by any
     * Leibniz product still on EJML. {@link BenchTable} also gives each fork that many processors
     * ({@code -XX:ActiveProcessorCount}) and native BLAS threads ({@code OPENBLAS_NUM_THREADS}). Each JMH
     * fork is its own JVM, so this process-wide setting belongs to one benchmark configuration only.
     */
    static void use(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("benchmark: threads must be at least 1, got " + threads);
        }
        EjmlConcurrency.setMaxThreads(threads);
    }
}
