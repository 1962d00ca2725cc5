package leibniz.autograd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import leibniz.core.Buffer;
import leibniz.core.DType;
import leibniz.core.Pointwise;
import leibniz.core.Tensor;

/**
 * A graph laid out for evaluation: its nodes in topological order (a node's slot is its position), the
 * steps that compute them (single nodes, or fused loops of elementwise nodes, {@link Fusion}), the memory
 * plan that gives each intermediate a reused buffer ({@link MemoryPlan}), constants evaluated once, and
 * parameter reads mapped to the slots of a snapshot that the {@link Program} takes at the start of a run.
 *
 * <p>A run is {@link #evaluate}, the steps in order, each value checked against its node as it is
 * produced ({@link #check}); then {@link #tail}, the loops that write assigned values, which the program
 * runs while it commits them.
 */
final class Plan {
    final Node[] nodes;
    private final int[][] inputSlots;
    private final Tensor[] constants;
    /** The slot of each root, in order: the outputs, then one per assignment. */
    final int[] rootSlots;
    final List<Node> placeholders = new ArrayList<>();
    /** For each slot that reads a parameter, its index in the snapshot; -1 for other slots. */
    private final int[] stateIndex;
    final MemoryPlan memory;
    /** For each step, the slots whose last reader it is: their values are dropped after it. */
    private final int[][] dropped;
    /** The slots of constants, placeholders and parameter reads. */
    private final int[] leaves;
    /** The options the bodies of loops, conditionals and checkpointed calls run with: the program's, unchecked. */
    final Program.Options bodies;
    /**
     * For each fused step of the body whose outputs all live in the memory plan's buffers: its kernel bound
     * to them, made on first use, so that a run checks them only once.
     */
    private final Pointwise.Bound[] bound;
    /** For each bound step, the views of its outputs' buffers: their values after every run. */
    private final Tensor[][] boundViews;
    /** Whether a node makes several results (a loop, a conditional, a checkpointed call). */
    private final boolean multi;
    /** For each slot, the first output it is the value of, or -1: where a run given buffers for its outputs writes it. */
    private final int[] outputOf;

    /** Sees every value a plan computes, leaves included and constants not, once it passed {@link #check}. */
    interface Watch {
        /** Watches nothing. */
        Watch NONE = (node, args, value) -> { };

        /**
         * {@code value} was computed for {@code node} from {@code args} (none for a leaf; for a fused loop's
         * output, the loop's inputs).
         */
        void computed(Node node, Tensor[] args, Tensor value);

        /**
         * The exception to throw for {@code e}, raised by a body of {@code node} (a loop, a conditional or a
         * checkpointed call evaluated from {@code args}, its bodies run by {@code calls}): {@code e} itself,
         * or {@code e} saying where in {@code node} it happened.
         */
        default NonFiniteException inside(Node node, Tensor[] args, Body.Calls calls, NonFiniteException e) {
            return e;
        }
    }

    private static final Tensor[] NO_ARGS = new Tensor[0];

    /**
     * The plan of {@code roots}, the first {@code outputs} of them outputs and the rest the values assigned
     * to {@code targets}; each parameter read gets its index in {@code parameters}, added if new. With
     * {@code fuse}, elementwise nodes run in fused loops; with {@code planned}, intermediates live in
     * reused buffers. Neither, for the graph as written. The bodies of its loops run with {@code bodies}.
     */
    Plan(List<Node> roots, Map<Parameter, Integer> parameters, int outputs, List<Parameter> targets, boolean fuse,
            boolean planned, Program.Options bodies) {
        this.bodies = bodies.checked(0);
        List<Node> order = Topo.order(roots, false);
        multi = Results.anyMulti(order);
        if (multi) {
            // A loop or a checkpointed call makes all its results at once. Visiting the roots last first runs
            // the backward pass from the output towards the inputs, as the updates come in the parameters'
            // order: each call's results are consumed, and released, before the next call runs.
            List<Node> reversed = new ArrayList<>(roots);
            Collections.reverse(reversed);
            order = Topo.order(reversed, false);
        }
        int n = order.size();
        nodes = order.toArray(new Node[0]);
        Map<Node, Integer> slot = new IdentityHashMap<>();
        for (int i = 0; i < n; i++) {
            slot.put(nodes[i], i);
        }
        inputSlots = new int[n][];
        constants = new Tensor[n];
        stateIndex = new int[n];
        boolean[] leaf = new boolean[n];
        for (int i = 0; i < n; i++) {
            Node node = nodes[i];
            int[] ins = new int[node.arity()];
            for (int j = 0; j < ins.length; j++) {
                ins[j] = slot.get(node.input(j));
            }
            inputSlots[i] = ins;
            if (node.isConstant()) {
                constants[i] = node.op().forward();
            } else if (node.op() instanceof Leaves.Placeholder) {
                placeholders.add(node);
            }
            stateIndex[i] = node.op() instanceof Leaves.Read r
                    ? parameters.computeIfAbsent(r.parameter(), k -> parameters.size()) : -1;
            leaf[i] = constants[i] != null || stateIndex[i] >= 0 || node.op() instanceof Leaves.Placeholder;
        }
        rootSlots = new int[roots.size()];
        boolean[] root = new boolean[n];
        outputOf = new int[n];
        Arrays.fill(outputOf, -1);
        for (int k = 0; k < rootSlots.length; k++) {
            rootSlots[k] = slot.get(roots.get(k));
            root[rootSlots[k]] = true;
            if (k < outputs && outputOf[rootSlots[k]] < 0) {
                outputOf[rootSlots[k]] = k;
            }
        }
        leaves = IntStream.range(0, n).filter(i -> leaf[i]).toArray();
        List<Step> steps = Fusion.steps(nodes, inputSlots, leaf, root, fuse);
        memory = new MemoryPlan(nodes, steps, rootSlots, outputs, targets, planned);
        int[] last = new int[n];
        Arrays.fill(last, -1);
        for (int t = 0; t < memory.steps.length; t++) {
            for (int in : memory.steps[t].inputs()) {
                last[in] = t;
            }
        }
        List<List<Integer>> drop = new ArrayList<>();
        for (int t = 0; t < memory.steps.length; t++) {
            drop.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            if (!root[i] && constants[i] == null && last[i] >= 0) {
                drop.get(last[i]).add(i);
            }
        }
        bound = new Pointwise.Bound[memory.steps.length];
        boundViews = new Tensor[memory.steps.length][];
        dropped = new int[memory.steps.length][];
        for (int t = 0; t < dropped.length; t++) {
            dropped[t] = drop.get(t).stream().mapToInt(Integer::intValue).toArray();
        }
    }

    /** The slots whose last reader step {@code t} is: their values are dropped after it. */
    int[] dropped(int t) {
        return dropped[t];
    }

    /** {@link #evaluate(Map, Tensor[], boolean, Watch, Buffer[])} with nothing watching, outputs in new storage. */
    Tensor[] evaluate(Map<Node, Tensor> feeds, Tensor[] snapshot, boolean checked) {
        return evaluate(feeds, snapshot, checked, Watch.NONE, null);
    }

    /**
     * Runs every step but the tail and returns the value of every slot, parameters read from
     * {@code snapshot}, each computed value shown to {@code watch}. A {@code checked} run keeps a copy of
     * every value as it is produced, for the checked mode to compare, and fills each buffer with NaN when
     * its last reader has run, so that a step reading a freed value gives NaN where the graph as written
     * does not; otherwise values no later step reads are dropped. The bodies of its loops run checked too
     * in a checked run. Output k is written into {@code into[k]} where {@code into} and it are not null and
     * the step that computes it writes into a buffer (a {@link Planned} op or a fused loop), else into new
     * storage: a loop's body writes its step's results into buffers the loop reuses.
     */
    Tensor[] evaluate(Map<Node, Tensor> feeds, Tensor[] snapshot, boolean checked, Watch watch, Buffer[] into) {
        Tensor[] values = new Tensor[nodes.length];
        // The results of nodes that have several (loops, conditionals), kept beside their empty values; none
        // in most plans, which then allocate no such array per run.
        Tensor[][] results = multi ? new Tensor[nodes.length][] : null;
        Tensor[] kept = checked ? new Tensor[nodes.length] : null;
        for (int i : leaves) {
            Node node = nodes[i];
            Tensor v = constants[i];
            if (stateIndex[i] >= 0) {
                v = snapshot[stateIndex[i]];
            } else if (v == null) {
                v = feed(feeds, node, (Leaves.Placeholder) node.op());
            }
            check(node, v);
            if (constants[i] == null) {
                watch.computed(node, NO_ARGS, v);
            }
            values[i] = v;
            if (checked) {
                kept[i] = v;
            }
        }
        Program.Options options = checked ? bodies.checked(1) : bodies;
        for (int t = 0; t < memory.tailStart; t++) {
            run(t, values, results, watch, options, into);
            if (checked) {
                for (int o : memory.steps[t].outputs()) {
                    kept[o] = copy(values[o]);
                }
                memory.poison(t);
            } else {
                for (int s : dropped[t]) {
                    values[s] = null;
                    if (multi) {
                        results[s] = null;
                    }
                }
            }
        }
        return checked ? kept : values;
    }

    /**
     * Runs the tail: the loops that compute assigned values only, each written into {@code into[k]} for
     * assignment k where the memory plan allows it and {@code into[k]} is not null, else into a new buffer.
     * Returns the buffer each assignment the tail computes was written into (null for the others).
     */
    Buffer[] tail(Tensor[] values, Buffer[] into) {
        Buffer[] used = new Buffer[into.length];
        for (int t = memory.tailStart; t < memory.steps.length; t++) {
            Step.Fused f = (Step.Fused) memory.steps[t];
            Buffer[] out = new Buffer[f.outputs().length];
            for (int j = 0; j < out.length; j++) {
                int o = f.outputs()[j];
                int k = memory.assignment[o];
                out[j] = into[k] != null && memory.inPlace[o] ? into[k] : Buffer.of(nodes[o].shape(), nodes[o].dtype());
                used[k] = out[j];
            }
            fused(f, values, out, Watch.NONE);
        }
        return used;
    }

    /**
     * Runs step t, its outputs written into the memory plan's buffers, those given for the program's outputs
     * ({@code into}, may be null) or new storage; a node of several
     * results keeps them in {@code results}, where its picks read them; its bodies run with {@code options}.
     */
    private void run(int t, Tensor[] values, Tensor[][] results, Watch watch, Program.Options options, Buffer[] into) {
        if (memory.steps[t] instanceof Step.Single single) {
            int i = single.slot();
            Node node = nodes[i];
            int[] ins = inputSlots[i];
            Tensor[] args = new Tensor[ins.length];
            for (int j = 0; j < ins.length; j++) {
                args[j] = values[ins[j]];
            }
            Buffer b = node.op() instanceof Planned ? buffer(i, into) : null;
            Tensor v;
            if (node.op() instanceof Results.Pick pick) {
                v = results[ins[0]][pick.index()];
            } else if (node.op() instanceof Results.Multi multi) {
                Body.Calls calls = new Body.Calls(options);
                try {
                    results[i] = multi.evaluate(calls, args);
                } catch (NonFiniteException e) {
                    throw watch.inside(node, args, calls, e);
                }
                v = Results.EMPTY;
            } else {
                v = b != null ? ((Planned) node.op()).forward(b, args) : node.op().forward(args);
            }
            check(node, v);
            watch.computed(node, args, v);
            values[i] = v;
            return;
        }
        Step.Fused f = (Step.Fused) memory.steps[t];
        int[] outs = f.outputs();
        if (bound[t] == null && Arrays.stream(outs).allMatch(memory::planned)) {
            Buffer[] buffers = Arrays.stream(outs).mapToObj(memory::bufferOf).toArray(Buffer[]::new);
            bound[t] = f.kernel().bind(buffers);
            boundViews[t] = Arrays.stream(buffers).map(Buffer::view).toArray(Tensor[]::new);
        }
        if (bound[t] == null) {
            Buffer[] buffers = new Buffer[outs.length];
            for (int j = 0; j < buffers.length; j++) {
                Buffer b = buffer(outs[j], into);
                buffers[j] = b != null ? b : Buffer.of(nodes[outs[j]].shape(), nodes[outs[j]].dtype());
            }
            fused(f, values, buffers, watch);
            return;
        }
        Tensor[] in = inputs(f, values);
        bound[t].run(in);
        Tensor[] views = boundViews[t];
        for (int j = 0; j < outs.length; j++) {
            values[outs[j]] = views[j];
            watch.computed(nodes[outs[j]], in, views[j]);
        }
    }

    /** The buffer slot s is written into: the memory plan's, or the one given for the output it is; null for new storage. */
    private Buffer buffer(int s, Buffer[] into) {
        Buffer b = memory.bufferOf(s);
        return b == null && into != null && outputOf[s] >= 0 ? into[outputOf[s]] : b;
    }

    private void fused(Step.Fused f, Tensor[] values, Buffer[] out, Watch watch) {
        Tensor[] in = inputs(f, values);
        Tensor[] results = f.kernel().run(in, out);
        for (int j = 0; j < results.length; j++) {
            values[f.outputs()[j]] = results[j]; // of its node's shape and type: the loop was built so
            watch.computed(nodes[f.outputs()[j]], in, results[j]);
        }
    }

    private static Tensor[] inputs(Step.Fused f, Tensor[] values) {
        Tensor[] in = new Tensor[f.inputs().length];
        for (int j = 0; j < in.length; j++) {
            in[j] = values[f.inputs()[j]];
        }
        return in;
    }

    /** The value of root k for the caller: a copy where it may read a buffer the plan reuses. */
    Tensor root(Tensor[] values, int k) {
        Tensor v = values[rootSlots[k]];
        return memory.copied[k] ? copy(v) : v;
    }

    /** A copy of {@code t} in new storage. */
    static Tensor copy(Tensor t) {
        return t.dtype() == DType.F32 ? Tensor.of(t.toFloatArray(), t.shape()) : Tensor.of(t.toArray(), t.shape());
    }

    /** Every value is checked against its node, so a faulty op is named where it fails, not downstream. */
    static void check(Node node, Tensor v) {
        if (v == null) {
            throw new IllegalStateException(node.op().name() + ": forward returned no tensor");
        }
        if (v.dtype() != node.dtype()) {
            throw mismatch(node, v);
        }
        if (!Dynamic.fits(node, v.shape())) {
            throw new IllegalStateException(node.op().name() + ": forward returned shape " + v.shape()
                    + " for a node of shape " + Dynamic.show(node) + "; an op's forward must return the shape its"
                    + " shape() declares");
        }
    }

    /** A value whose type is not its node's: a parameter converted after the graph was built, or an op's bug. */
    private static RuntimeException mismatch(Node node, Tensor v) {
        if (node.op() instanceof Leaves.Read r) {
            return new IllegalArgumentException("run: parameter '" + r.parameter().name() + "' now holds "
                    + v.dtype() + " values, but this graph was built when it held " + node.dtype()
                    + ": build graphs after converting parameters");
        }
        return new IllegalStateException(node.op().name() + ": forward returned " + v.dtype() + " for a node of type "
                + node.dtype() + "; an op's dtype() must state what its forward returns");
    }

    private static Tensor feed(Map<Node, Tensor> feeds, Node node, Leaves.Placeholder p) {
        Tensor v = feeds.get(node);
        if (v == null) {
            throw new IllegalArgumentException("run: placeholder '" + p.label() + "' " + Dynamic.show(node)
                    + (feeds.containsKey(node) ? " was fed null" : " was not fed"));
        }
        if (!Dynamic.fits(node, v.shape())) {
            throw new IllegalArgumentException("run: placeholder '" + p.label() + "' expects shape " + Dynamic.show(node)
                    + ", was fed " + v.shape());
        }
        return v.to(node.dtype());
    }
}
