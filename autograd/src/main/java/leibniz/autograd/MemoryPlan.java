package leibniz.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import leibniz.core.Buffer;
import leibniz.core.DType;

/**
 * Where each value of a plan lives, after XLA's buffer assignment: a liveness analysis over the ordered
 * steps gives every intermediate that a kernel can write into ({@link Planned} ops and fused loops) a
 * buffer, reused by later values of the same type and size once no step reads the old one, and by the
 * next run. A fused loop writes an output over an input that dies at it (in place: the loop reads each
 * element before writing it). Values the caller receives (outputs, assigned values) never live in a
 * reused buffer: they get new storage, and one that may read a buffer (a view a custom or layout op
 * made of one) is copied before the run returns. Nor does a value of dynamic shape ({@link Dynamic}),
 * whose size a run gives.
 *
 * <p>Fused loops whose outputs are only assigned values form the tail: they run last, while the commit
 * holds the parameters, and write each value over its parameter's storage when the program may
 * ({@link Parameter}: nothing else holds that storage, and no step after the loop reads the old value).
 */
final class MemoryPlan {
    /** The buffer of a value that gets new storage (or lives in none of the plan's). */
    static final int FRESH = -1;

    /** The steps, the tail last. */
    final Step[] steps;
    /** The first step of the tail. */
    final int tailStart;
    /** For each slot, its buffer, or {@link #FRESH}. */
    private final int[] buffer;
    /** For each step, the buffers no value reads after it. */
    private final int[][] releases;
    /** For each slot a tail loop writes: the assignment it computes, else -1. */
    final int[] assignment;
    /** For each slot a tail loop writes: whether it may overwrite its parameter's storage. */
    final boolean[] inPlace;
    /** For each root: whether its value may read a buffer of this plan, so that the caller gets a copy. */
    final boolean[] copied;
    private final List<DType> types = new ArrayList<>();
    private final List<Integer> sizes = new ArrayList<>();
    /** The storage of each buffer and, per slot, a buffer of the slot's shape over it; made on first use. */
    private final Buffer[] storage;
    private final Buffer[] views;
    private final Node[] nodes;

    /**
     * The plan of {@code ordered} steps over {@code nodes}; {@code rootSlots} holds the outputs first, then
     * one slot per assignment to {@code targets}. Without {@code planned}, every value gets new storage.
     */
    MemoryPlan(Node[] nodes, List<Step> ordered, int[] rootSlots, int outputs, List<Parameter> targets,
            boolean planned) {
        this.nodes = nodes;
        int n = nodes.length;
        int[] assigned = new int[n];
        Arrays.fill(assigned, -1);
        int[] roots = new int[n];
        for (int k = 0; k < rootSlots.length; k++) {
            roots[rootSlots[k]]++;
            if (k >= outputs) {
                assigned[rootSlots[k]] = roots[rootSlots[k]] == 1 ? k - outputs : -1;
            }
        }
        boolean[] read = new boolean[n];
        for (Step s : ordered) {
            for (int in : s.inputs()) {
                read[in] = true;
            }
        }
        List<Step> body = new ArrayList<>();
        List<Step> tail = new ArrayList<>();
        for (Step s : ordered) {
            boolean assigns = planned && s instanceof Step.Fused;
            for (int o : s.outputs()) {
                assigns &= roots[o] == 1 && assigned[o] >= 0 && !read[o];
            }
            (assigns ? tail : body).add(s);
        }
        tailStart = body.size();
        body.addAll(tail);
        steps = body.toArray(new Step[0]);
        int end = steps.length;
        int[] last = new int[n];
        Arrays.fill(last, -1);
        for (int t = 0; t < end; t++) {
            for (int in : steps[t].inputs()) {
                last[in] = t;
            }
        }
        for (int r : rootSlots) {
            last[r] = end;
        }
        // Each assigned parameter's old value is a buffer of its own (never pooled), so that views of it
        // are tracked like views of any buffer, and an in-place write waits until nothing reads it.
        int[][] refs = new int[n][];
        List<Integer> until = new ArrayList<>();
        int[] parameterBuffer = new int[targets.size()];
        Map<Parameter, Integer> targetIndex = new HashMap<>();
        for (int k = 0; k < targets.size(); k++) {
            targetIndex.put(targets.get(k), k);
            parameterBuffer[k] = newBuffer(nodes[rootSlots[outputs + k]].dtype(), 0, until);
        }
        for (int i = 0; i < n; i++) {
            Integer k = nodes[i].op() instanceof Leaves.Read r ? targetIndex.get(r.parameter()) : null;
            refs[i] = k == null ? new int[0] : new int[] {parameterBuffer[k]};
            if (k != null) {
                until.set(parameterBuffer[k], Math.max(until.get(parameterBuffer[k]), last[i]));
            }
        }
        buffer = new int[n];
        Arrays.fill(buffer, FRESH);
        assignment = new int[n];
        Arrays.fill(assignment, -1);
        inPlace = new boolean[n];
        releases = new int[end][];
        Map<Key, Deque<Integer>> free = new HashMap<>();
        for (int t = 0; t < end; t++) {
            Step step = steps[t];
            List<Integer> taken = new ArrayList<>();
            for (int o : step.outputs()) {
                if (step instanceof Step.Single single && !(nodes[single.slot()].op() instanceof Planned)) {
                    refs[o] = union(refs, step.inputs()); // a view of its inputs, for all the plan knows
                    for (int b : refs[o]) {
                        until.set(b, Math.max(until.get(b), last[o]));
                    }
                    continue;
                }
                refs[o] = new int[0];
                if (t >= tailStart) {
                    int b = parameterBuffer[assigned[o]];
                    assignment[o] = assigned[o];
                    inPlace[o] = until.get(b) <= t && readsElementwise(step, b, o, refs);
                } else if (planned && roots[o] == 0 && nodes[o].dynamicAxis() < 0) {
                    int b = step instanceof Step.Fused ? overwritable(step, o, refs, until, taken, t) : FRESH;
                    if (b == FRESH) {
                        Deque<Integer> pool = free.get(new Key(nodes[o].dtype(), nodes[o].shape().size()));
                        b = pool == null || pool.isEmpty() ? newBuffer(nodes[o].dtype(), nodes[o].shape().size(), until)
                                : pool.pop();
                    }
                    taken.add(b);
                    buffer[o] = b;
                    refs[o] = new int[] {b};
                    until.set(b, Math.max(last[o], t));
                }
            }
            List<Integer> released = new ArrayList<>();
            for (int in : step.inputs()) {
                for (int b : refs[in]) {
                    if (until.get(b) == t && !taken.contains(b) && !released.contains(b) && sizes.get(b) > 0) {
                        released.add(b);
                        free.computeIfAbsent(new Key(types.get(b), sizes.get(b)), x -> new ArrayDeque<>()).push(b);
                    }
                }
            }
            releases[t] = released.stream().mapToInt(Integer::intValue).toArray();
        }
        copied = new boolean[rootSlots.length];
        for (int k = 0; k < rootSlots.length; k++) {
            copied[k] = Arrays.stream(refs[rootSlots[k]]).anyMatch(b -> sizes.get(b) > 0);
        }
        storage = new Buffer[types.size()];
        views = new Buffer[n];
    }

    /**
     * A buffer of an input of fused {@code step} that output {@code o} may overwrite: read by nothing after
     * this step, of o's type, size and shape, and read by the loop element by element only; else FRESH.
     */
    private int overwritable(Step step, int o, int[][] refs, List<Integer> until, List<Integer> taken, int t) {
        for (int in : step.inputs()) {
            int b = buffer[in];
            if (b == FRESH || refs[in].length != 1) {
                continue; // new storage, or a view a layout or custom op made, which may read more than it shows
            }
            if (until.get(b) != t || taken.contains(b) || sizes.get(b) == 0 || types.get(b) != nodes[o].dtype()
                    || !nodes[in].shape().equals(nodes[o].shape())) {
                continue;
            }
            if (readsElementwise(step, b, o, refs)) {
                return b;
            }
        }
        return FRESH;
    }

    /** Whether every input of {@code step} that may read buffer {@code b} is read element by element with o. */
    private boolean readsElementwise(Step step, int b, int o, int[][] refs) {
        for (int in : step.inputs()) {
            boolean reads = Arrays.stream(refs[in]).anyMatch(x -> x == b);
            if (reads && !nodes[in].shape().equals(nodes[o].shape())) {
                return false;
            }
        }
        return true;
    }

    private int newBuffer(DType type, int size, List<Integer> until) {
        types.add(type);
        sizes.add(size);
        until.add(-1);
        return types.size() - 1;
    }

    /** What a buffer is pooled by: values of one type and number of elements share buffers (built at compile time). */
    private record Key(DType type, int size) {
    }

    private static int[] union(int[][] refs, int[] slots) {
        return Arrays.stream(slots).flatMap(s -> Arrays.stream(refs[s])).distinct().toArray();
    }

    /** Whether slot {@code s} lives in a buffer of this plan (else in new storage). */
    boolean planned(int s) {
        return buffer[s] != FRESH;
    }

    /** The buffer slot {@code s} is written into, or null when it gets new storage. */
    Buffer bufferOf(int s) {
        int b = buffer[s];
        if (b == FRESH) {
            return null;
        }
        if (views[s] == null) {
            if (storage[b] == null) {
                storage[b] = Buffer.of(nodes[s].shape(), types.get(b));
            }
            views[s] = storage[b].reshaped(nodes[s].shape());
        }
        return views[s];
    }

    /** Fills the buffers released after step {@code t} with NaN, so that a read of a freed value shows. */
    void poison(int t) {
        for (int b : releases[t]) {
            if (storage[b] != null) {
                storage[b].fill(Double.NaN);
            }
        }
    }

    /** The bytes of all buffers: the peak memory of the planned intermediates, held from run to run. */
    long bytes() {
        long total = 0;
        for (int b = 0; b < types.size(); b++) {
            total += (long) sizes.get(b) * types.get(b).bytes();
        }
        return total;
    }

    /** The number of buffers (of the parameters' old values, none). */
    int buffers() {
        return (int) sizes.stream().filter(s -> s > 0).count();
    }
}
