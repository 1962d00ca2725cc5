package leibniz.autograd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.IntStream;
import leibniz.core.Shape;

/**
 * The order among the steps of a plan that every run keeps, and runs that let independent steps go at once
 * on idle cores, after the inter-op parallelism of TensorFlow's executor. A step waits for the steps whose
 * values it reads, and for those that read or write a buffer it writes: the memory plan reuses buffers, so
 * a write after a read or a write of the same buffer is an order too. What a run in order frees after a
 * step (the values whose last reader it is, set to null; the buffers no later step reads, filled with NaN in
 * a checked run) is freed once every step that reads it is done, by whichever finishes last, before that
 * step counts as done; so a step that writes the buffer next, which waits for those readers, writes after it.
 * Each step computes what it computes alone, so a run gives the same bits whichever thread runs a step, and
 * whenever.
 *
 * <p>The caller's thread runs the steps in order, skipping those a helper took. Before each one, when a core
 * has no helper and a step of the next {@link #LOOKAHEAD} that does not depend on it is ready, it hands a
 * helper to the common fork-join pool, which takes ready steps until none is left for a while. A product that
 * splits across the cores keeps splitting: its blocks go to whichever thread is free, so two products that
 * run at once each take one core rather than both taking two. Only steps of {@link #MIN_WORK} or more, of
 * fused loops and ops the compiler knows ({@link BuiltIn}), leave the caller's thread: loops, conditionals
 * and checkpointed calls (whose bodies' programs run one at a time), the decompositions of linear algebra and
 * ops of the user's own (which may not expect another thread) stay on it.
 */
final class Schedule {
    /** The system property that turns concurrent steps off by default ({@code -Dleibniz.concurrent=false}). */
    static final String PROPERTY = "leibniz.concurrent";
    /** Whether programs run independent steps at once unless their options say otherwise. */
    static final boolean ON = !"false".equalsIgnoreCase(System.getProperty(PROPERTY));
    /** How far past the caller's step a helper looks for a ready step: far enough for one layer's gradients. */
    static final int LOOKAHEAD = 32;
    /**
     * How long a helper that finds no ready step waits for one before it ends, in nanoseconds, unless the pool
     * has other work: a parked worker takes tens of microseconds to wake, as long as many steps take.
     */
    private static final long LINGER = 50_000;

    /**
     * The least work, in elements read and written (multiply-adds for a product), of a step that may leave the
     * caller's thread: a smaller one takes about as long as waking a worker, and a graph of such steps only
     * (an 8×8 chain, a loop's body) runs in order, with no bookkeeping at all.
     */
    static final long MIN_WORK = 1 << 15;

    private static final int FREE = 0;
    private static final int TAKEN = 1;
    private static final int DONE = 2;

    /** What a plan does at each step, and what it frees after one. */
    interface Work {
        /** Runs step t. */
        void step(int t);

        /** Frees the value of slot s: no step reads it any more. */
        void drop(int s);

        /** Frees buffer b: no step reads its value any more. */
        void release(int b);
    }

    /** The steps that run before the tail: those scheduled. */
    private final int end;
    /** The number of slots: resources below it are slots, the others buffers after them. */
    private final int slots;
    /** For each step, the earlier steps it waits for. */
    private final int[][] waits;
    /**
     * Each freeing, in the order a run in order frees: its resource, the steps that read it (the one that frees
     * it among them), and their number.
     */
    private final int[] freed;
    private final int[][] readersOf;
    private final int[] readers;
    /** For each step, the freeings a run in order makes after it. */
    private final int[][] frees;
    /** For each step, the freeings that wait for it among their readers. */
    private final int[][] freesAfter;
    /** For each step t, the steps of the next {@link #LOOKAHEAD} that do not depend on t and may leave the caller's. */
    private final int[][] partners;
    /** Whether any step has a partner: if none, a run is the steps in order. */
    private final boolean any;

    /** The order among the steps before {@code memory}'s tail, over {@code nodes}; step t drops {@code dropped[t]}. */
    Schedule(Node[] nodes, MemoryPlan memory, int[][] dropped) {
        end = memory.tailStart;
        slots = nodes.length;
        int buffers = 0;
        for (int s = 0; s < slots; s++) {
            for (int b : memory.refs(s)) {
                buffers = Math.max(buffers, b + 1);
            }
        }
        Accesses a = new Accesses(slots + buffers, end);
        waits = new int[end][];
        frees = new int[end][];
        List<Integer> resources = new ArrayList<>();
        List<int[]> readersOfFreed = new ArrayList<>();
        for (int t = 0; t < end; t++) {
            Step step = memory.steps[t];
            for (int in : step.inputs()) {
                a.read(in, t);
                for (int b : memory.refs(in)) {
                    a.read(slots + b, t);
                }
            }
            for (int o : step.outputs()) {
                a.write(o, t);
                if (memory.buffer(o) != MemoryPlan.FRESH) {
                    a.write(slots + memory.buffer(o), t);
                }
            }
            waits[t] = a.found();
            int[] r = IntStream.concat(Arrays.stream(dropped[t]), Arrays.stream(memory.releases(t)).map(b -> slots + b))
                    .toArray();
            frees[t] = new int[r.length];
            for (int k = 0; k < r.length; k++) {
                frees[t][k] = resources.size();
                resources.add(r[k]);
                readersOfFreed.add(a.readersFreedBy(r[k], t));
            }
        }
        freed = resources.stream().mapToInt(Integer::intValue).toArray();
        readersOf = readersOfFreed.toArray(new int[0][]);
        readers = Arrays.stream(readersOf).mapToInt(x -> x.length).toArray();
        freesAfter = invert(readersOf, end);
        partners = partners(nodes, memory);
        any = Arrays.stream(partners).anyMatch(p -> p.length > 0);
    }

    /** For each step, the freeings among whose readers it is. */
    private static int[][] invert(int[][] readersOf, int steps) {
        int[] count = new int[steps];
        for (int[] r : readersOf) {
            for (int s : r) {
                count[s]++;
            }
        }
        int[][] after = new int[steps][];
        for (int s = 0; s < steps; s++) {
            after[s] = new int[count[s]];
            count[s] = 0;
        }
        for (int e = 0; e < readersOf.length; e++) {
            for (int s : readersOf[e]) {
                after[s][count[s]++] = e;
            }
        }
        return after;
    }

    /** For each step t, the steps of the next {@link #LOOKAHEAD} that do not depend on t and may leave the caller's. */
    private int[][] partners(Node[] nodes, MemoryPlan memory) {
        boolean[] movable = new boolean[end];
        for (int u = 0; u < end; u++) {
            movable[u] = movable(nodes, memory.steps[u]);
        }
        int[][] p = new int[end][];
        boolean[] after = new boolean[LOOKAHEAD + 1];
        int[] list = new int[LOOKAHEAD];
        for (int t = 0; t < end; t++) {
            int last = Math.min(end - 1, t + LOOKAHEAD);
            int k = 0;
            for (int u = t + 1; u <= last; u++) {
                after[u - t] = false;
                for (int d : waits[u]) {
                    after[u - t] |= d == t || d > t && after[d - t];
                }
                if (!after[u - t] && movable[u]) {
                    list[k++] = u;
                }
            }
            p[t] = Arrays.copyOf(list, k);
        }
        return p;
    }

    /** Whether a step may run on another thread than the caller's, and has the work to pay for the hand-off. */
    private static boolean movable(Node[] nodes, Step step) {
        long work = 0;
        for (int s : step.inputs()) {
            work += nodes[s].shape().size();
        }
        for (int s : step.outputs()) {
            work += nodes[s].shape().size();
        }
        if (step instanceof Step.Single single) {
            Node node = nodes[single.slot()];
            Op op = node.op();
            if (op instanceof MatMulOp m) {
                Shape a = node.input(0).shape();
                work = (long) node.shape().size() * a.dim(a.rank() - (m.transposeA() ? 2 : 1));
            }
            return op instanceof BuiltIn && !(op instanceof Results.Multi) && work >= MIN_WORK;
        }
        return work >= MIN_WORK;
    }

    /** The earlier steps that step {@code t} waits for. */
    int[] waits(int t) {
        return waits[t].clone();
    }

    /** The steps that read what a run in order frees after step {@code t}, each freeing's in turn (t among them). */
    int[][] readersOfFrees(int t) {
        return Arrays.stream(frees[t]).mapToObj(e -> readersOf[e].clone()).toArray(int[][]::new);
    }

    /** The steps of the next {@link #LOOKAHEAD} after {@code t} that do not depend on it and may leave the caller's. */
    int[] partners(int t) {
        return partners[t].clone();
    }

    /**
     * Runs every step before the tail, and frees what each frees: independent steps at once on idle cores if
     * {@code concurrent}, else in order.
     */
    void run(Work work, boolean concurrent) {
        int cores = Runtime.getRuntime().availableProcessors();
        if (!concurrent || !any || cores < 2) {
            for (int t = 0; t < end; t++) {
                work.step(t);
                for (int e : frees[t]) {
                    free(work, e);
                }
            }
            return;
        }
        new Run(work, cores - 1).go();
    }

    private void free(Work work, int e) {
        if (freed[e] < slots) {
            work.drop(freed[e]);
        } else {
            work.release(freed[e] - slots);
        }
    }

    /** The step that last wrote each resource and those that read it since: what each step waits for. */
    private static final class Accesses {
        private final int[] writer;
        private final int[][] readers;
        private final int[] count;
        /** The steps found for the current list, and for each step the list it was last added to. */
        private final int[] found;
        private final int[] mark;
        private int size;
        private int list;

        Accesses(int resources, int steps) {
            writer = new int[resources];
            Arrays.fill(writer, -1);
            readers = new int[resources][];
            count = new int[resources];
            found = new int[steps];
            mark = new int[steps];
            Arrays.fill(mark, -1);
        }

        /** Step t reads resource r: it waits for r's writer. */
        void read(int r, int t) {
            add(writer[r]);
            if (readers[r] == null) {
                readers[r] = new int[2];
            } else if (count[r] == readers[r].length) {
                readers[r] = Arrays.copyOf(readers[r], 2 * count[r]);
            }
            if (count[r] == 0 || readers[r][count[r] - 1] != t) {
                readers[r][count[r]++] = t;
            }
        }

        /** Step t writes resource r: it waits for r's writer and its readers since. */
        void write(int r, int t) {
            add(writer[r]);
            for (int i = 0; i < count[r]; i++) {
                if (readers[r][i] != t) {
                    add(readers[r][i]);
                }
            }
            writer[r] = t;
            count[r] = 0;
        }

        /** The steps that read r since it was written, and step t, which frees it. */
        int[] readersFreedBy(int r, int t) {
            int[] all = Arrays.copyOf(readers[r] == null ? new int[0] : readers[r], count[r] + 1);
            all[count[r]] = t;
            return Arrays.stream(all).distinct().toArray();
        }

        private void add(int s) {
            if (s >= 0 && mark[s] != list) {
                mark[s] = list;
                found[size++] = s;
            }
        }

        /** The steps added since the last list, sorted; the next ones start a new list. */
        int[] found() {
            int[] w = Arrays.copyOf(found, size);
            Arrays.sort(w);
            size = 0;
            list++;
            return w;
        }
    }

    /**
     * One concurrent run: the state of each step (free, taken by a thread, done), how many readers each
     * freeing still waits for, the helpers handed to the pool, and the first step in order that failed. A
     * helper that starts after the run ended does nothing.
     */
    private final class Run {
        private final Work work;
        private final int most;
        private final AtomicIntegerArray state = new AtomicIntegerArray(end);
        private final AtomicIntegerArray left = new AtomicIntegerArray(readers);
        private final Object lock = new Object();
        /** The caller's step: helpers look past it. */
        private volatile int position;
        /** Guarded by lock: helpers handed to the pool and not yet over, and those running. */
        private int pending;
        private int running;
        /** Whether the run ended (set under lock). */
        private volatile boolean closed;
        /** The first step in order that failed (set under lock), and how. */
        private volatile int failed = Integer.MAX_VALUE;
        private Throwable failure;

        Run(Work work, int most) {
            this.work = work;
            this.most = most;
        }

        void go() {
            try {
                for (int t = 0; t < end; t++) {
                    if (!state.compareAndSet(t, FREE, TAKEN)) {
                        continue; // a helper took it
                    }
                    position = t;
                    await(waits[t]);
                    if (failed < t) {
                        break; // a step before this one failed: the run stops where a run in order would
                    }
                    offer(t);
                    if (!execute(t, false)) {
                        break;
                    }
                }
            } finally {
                close();
            }
            Throwable e = failure;
            if (e instanceof RuntimeException r) {
                throw r;
            }
            if (e instanceof Error err) {
                throw err;
            }
        }

        /**
         * Runs step t, then makes each freeing that only waited for it, before t counts as done; wakes the
         * caller if {@code helping}. False if it failed.
         */
        private boolean execute(int t, boolean helping) {
            try {
                work.step(t);
                for (int e : freesAfter[t]) {
                    if (left.decrementAndGet(e) == 0) {
                        free(work, e);
                    }
                }
                return true;
            } catch (RuntimeException | Error e) {
                synchronized (lock) {
                    if (t < failed) {
                        failed = t;
                        failure = e;
                    }
                }
                return false;
            } finally {
                state.set(t, DONE);
                if (helping) {
                    synchronized (lock) {
                        lock.notifyAll();
                    }
                }
            }
        }

        /** Hands a helper to the pool if fewer than one per idle core are out and a partner of step t is ready. */
        private void offer(int t) {
            if (ready(partners[t]) < 0) {
                return;
            }
            synchronized (lock) {
                if (pending >= most) {
                    return;
                }
                pending++;
            }
            ForkJoinPool.commonPool().execute(this::help);
        }

        /** A helper: takes ready steps past the caller's until none is left for {@link #LINGER}. */
        private void help() {
            synchronized (lock) {
                if (closed) {
                    pending--;
                    return;
                }
                running++;
            }
            try {
                long idle = System.nanoTime();
                while (!closed && failed == Integer.MAX_VALUE) {
                    int u = take();
                    if (u >= 0) {
                        execute(u, true);
                        idle = System.nanoTime();
                    } else if (System.nanoTime() - idle < LINGER && !ForkJoinPool.commonPool().hasQueuedSubmissions()) {
                        Thread.yield(); // a spin that gives way on a busy machine
                    } else {
                        break;
                    }
                }
            } finally {
                synchronized (lock) {
                    running--;
                    pending--;
                    lock.notifyAll();
                }
            }
        }

        /** A free step past the caller's whose waits are over, now taken; -1 if none. */
        private int take() {
            int[] candidates = partners[position];
            for (int u = ready(candidates); u >= 0; u = ready(candidates)) {
                if (state.compareAndSet(u, FREE, TAKEN)) {
                    return u;
                }
            }
            return -1;
        }

        /** The first free step of {@code candidates} whose waits are over; -1 if none. */
        private int ready(int[] candidates) {
            for (int u : candidates) {
                if (state.get(u) == FREE && over(waits[u])) {
                    return u;
                }
            }
            return -1;
        }

        private boolean over(int[] steps) {
            for (int s : steps) {
                if (state.get(s) != DONE) {
                    return false;
                }
            }
            return true;
        }

        /** Waits until {@code steps}, which helpers may run, are done. */
        private void await(int[] steps) {
            if (over(steps)) {
                return;
            }
            boolean interrupted = false;
            synchronized (lock) {
                while (!over(steps)) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        interrupted = true; // a run in order is not interruptible either: kept for the caller
                    }
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        /** Ends the run: no helper starts any more, and none is still running a step when the caller goes on. */
        private void close() {
            boolean interrupted = false;
            synchronized (lock) {
                closed = true;
                while (running > 0) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
