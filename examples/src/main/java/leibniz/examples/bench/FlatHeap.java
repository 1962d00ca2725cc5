package leibniz.examples.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Locale;
import leibniz.autograd.Program;

/**
 * The memory check of W1: run the prepared training program for many steps and read the live heap
 * after a full collection every tenth of the way. A runtime that keeps nothing from one step to the
 * next shows the same figure from the first reading to the last.
 */
final class FlatHeap {
    private FlatHeap() {
    }

    /** Runs {@code steps} training steps (at least 10); returns a report of the live heap readings and their growth. */
    static String check(int steps) {
        if (steps < 10) {
            throw new IllegalArgumentException("flat heap: needs at least 10 steps, got " + steps);
        }
        GraphMlp mlp = new GraphMlp();
        Program step = mlp.trainStep();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        int every = steps / 10;
        long first = -1;
        long last = 0;
        long start = System.nanoTime();
        StringBuilder readings = new StringBuilder();
        for (int i = 1; i <= steps; i++) {
            double loss = step.run(mlp.feeds).get(0).item();
            if (i % every == 0) {
                // Two collections: the first may only promote what the second frees.
                System.gc();
                System.gc();
                last = memory.getHeapMemoryUsage().getUsed();
                if (first < 0) {
                    first = last;
                }
                readings.append(String.format(Locale.ROOT, " %d:%.1fMB(loss %.4f)", i, last / 1e6, loss));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return String.format(Locale.ROOT, "%nW1 flat heap, %d steps in %.0f s, live heap after GC at step:%s%n"
                + "W1 flat heap: growth from the first reading to the last %+.2f MB%n", steps, seconds, readings,
                (last - first) / 1e6);
    }
}
