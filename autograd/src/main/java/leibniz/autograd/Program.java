package leibniz.autograd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import leibniz.core.Tensor;

/**
 * A graph prepared once to evaluate a fixed list of outputs many times, with new values fed to its
 * placeholders and the current values of its parameters; nothing is rebuilt between runs.
 *
 * <p>The nodes are laid out in topological order with their inputs as slot numbers; constants are
 * evaluated once; each intermediate value is released as soon as its last consumer has run.
 *
 * <pre>{@code
 * Program p = Program.of(loss, grad);
 * List<Tensor> values = p.run(Map.of(x, batch, y, labels));
 * }</pre>
 *
 * <p><b>Threads.</b> A program is run by one thread at a time: a second concurrent (or nested) run is
 * refused with a sentence; build one program per thread instead, they share nothing but parameters. Each
 * run reads its parameters as one snapshot when it starts and commits its assignments all at once when
 * it ends (see {@link Parameter}); a run whose assigned parameters were changed by another thread in
 * the meantime is refused and changes nothing, instead of losing that update. The tensors a run returns
 * belong to the caller and never change.
 */
public final class Program {
    private final Node[] nodes;
    private final int[][] inputSlots;
    /** For each step, the slots whose last consumer it is and may be released after it. */
    private final int[][] releases;
    private final Tensor[] constants;
    private final int[] outputSlots;
    private final List<Node> outputs;
    private final List<Assign> updates;
    private final List<Node> placeholders = new ArrayList<>();
    /** The parameters read or assigned, snapshotted together at the start of each run. */
    private final Parameter[] state;
    /** For each slot that reads a parameter, its index in {@link #state}; -1 for other slots. */
    private final int[] stateIndex;
    /** For each update, the index of its target in {@link #state}. */
    private final int[] targetIndex;
    private final AtomicReference<Thread> runner = new AtomicReference<>();

    private Program(List<Node> outputs, List<Assign> updates) {
        this.outputs = List.copyOf(outputs);
        this.updates = List.copyOf(updates);
        List<Node> roots = new ArrayList<>(this.outputs);
        for (Assign a : this.updates) {
            roots.add(a.value());
        }
        List<Node> order = Topo.order(roots, false);
        // A loop and its twin that also saves what the gradient reads run as one loop.
        List<Node> merged = ScanOp.mergeTwins(order, roots);
        if (merged != roots) {
            roots = merged;
            order = Topo.order(roots, false);
        }
        int n = order.size();
        nodes = order.toArray(new Node[0]);
        Map<Node, Integer> slot = new IdentityHashMap<>();
        for (int i = 0; i < n; i++) {
            slot.put(nodes[i], i);
        }
        inputSlots = new int[n][];
        constants = new Tensor[n];
        int[] lastUse = new int[n];
        for (int i = 0; i < n; i++) {
            Node node = nodes[i];
            int[] ins = new int[node.arity()];
            for (int j = 0; j < ins.length; j++) {
                ins[j] = slot.get(node.input(j));
                lastUse[ins[j]] = i;
            }
            inputSlots[i] = ins;
            if (node.isConstant()) {
                constants[i] = node.op().forward();
            } else if (node.op() instanceof Leaves.Placeholder) {
                placeholders.add(node);
            }
        }
        outputSlots = new int[roots.size()];
        boolean[] kept = new boolean[n];
        for (int k = 0; k < outputSlots.length; k++) {
            outputSlots[k] = slot.get(roots.get(k));
            kept[outputSlots[k]] = true;
        }
        List<List<Integer>> free = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            free.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            if (!kept[i] && constants[i] == null && lastUse[i] > i) {
                free.get(lastUse[i]).add(i);
            }
        }
        releases = new int[n][];
        for (int i = 0; i < n; i++) {
            releases[i] = free.get(i).stream().mapToInt(Integer::intValue).toArray();
        }
        Map<Parameter, Integer> index = new IdentityHashMap<>();
        stateIndex = new int[n];
        for (int i = 0; i < n; i++) {
            stateIndex[i] = nodes[i].op() instanceof Leaves.Read r
                    ? index.computeIfAbsent(r.parameter(), k -> index.size()) : -1;
        }
        targetIndex = new int[this.updates.size()];
        for (int k = 0; k < targetIndex.length; k++) {
            targetIndex[k] = index.computeIfAbsent(this.updates.get(k).target(), t -> index.size());
        }
        state = new Parameter[index.size()];
        index.forEach((parameter, i) -> state[i] = parameter);
    }

    /** A program computing {@code outputs}. */
    public static Program of(Node... outputs) {
        if (outputs == null) {
            throw new IllegalArgumentException("program: outputs are required");
        }
        return of(Arrays.asList(outputs));
    }

    /** A program computing {@code outputs}, in order. */
    public static Program of(List<Node> outputs) {
        return of(outputs, List.of());
    }

    /**
     * A program computing {@code outputs} that, after each run, sets every assigned parameter to its new
     * value. All values are computed from the parameters as they were before the run, so the order of
     * the assignments does not matter.
     */
    public static Program of(List<Node> outputs, List<Assign> updates) {
        if (outputs == null || updates == null) {
            throw new IllegalArgumentException("program: " + (outputs == null ? "outputs are" : "updates are")
                    + " required; pass List.of() for none");
        }
        for (int i = 0; i < outputs.size(); i++) {
            if (outputs.get(i) == null) {
                throw new IllegalArgumentException("program: output " + i + " is null");
            }
        }
        for (int i = 0; i < updates.size(); i++) {
            if (updates.get(i) == null) {
                throw new IllegalArgumentException("program: update " + i + " is null");
            }
        }
        if (outputs.isEmpty() && updates.isEmpty()) {
            throw new IllegalArgumentException("program: needs at least one output or update");
        }
        Set<Parameter> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Assign a : updates) {
            if (!seen.add(a.target())) {
                throw new IllegalArgumentException("program: parameter '" + a.target().name() + "' is assigned twice");
            }
        }
        return new Program(outputs, updates);
    }

    /** The assignments applied after each run. */
    public List<Assign> updates() {
        return updates;
    }

    /** The outputs, in the order {@link #run} returns their values. */
    public List<Node> outputs() {
        return outputs;
    }

    /** The placeholders this program needs fed, in evaluation order. */
    public List<Node> placeholders() {
        return List.copyOf(placeholders);
    }

    /** The number of nodes evaluated per run (constants included). */
    public int size() {
        return nodes.length;
    }

    /**
     * The most bytes that intermediate values occupy at once during a run, from the schedule and the shapes:
     * every value an op computes, from its step to its last reader's, outputs and leaves aside; a loop, a
     * conditional or a checkpointed call adds its body's peak while it runs. What checkpointing lowers.
     */
    public long peakBytes() {
        return Memory.peak(nodes, releases, outputSlots);
    }

    /** Evaluates a program that has no placeholders. */
    public List<Tensor> run() {
        return run(Map.of());
    }

    /**
     * Evaluates the outputs with {@code feeds} giving a value of the right shape for every placeholder,
     * converted to the placeholder's type if it has another. Feeds for placeholders this program does not
     * use are ignored.
     */
    public List<Tensor> run(Map<Node, Tensor> feeds) {
        if (feeds == null) {
            throw new IllegalArgumentException("run: feeds are required; pass Map.of() when nothing is fed");
        }
        Thread me = Thread.currentThread();
        if (!runner.compareAndSet(null, me)) {
            Thread other = runner.get();
            String where = other == me ? "on this thread (a nested run)"
                    : "on thread '" + (other == null ? "?" : other.getName()) + "'";
            throw new IllegalStateException("run: this program is already running " + where
                    + "; a Program is run by one thread at a time, so build one per thread");
        }
        try {
            return evaluate(feeds);
        } finally {
            runner.set(null);
        }
    }

    private List<Tensor> evaluate(Map<Node, Tensor> feeds) {
        Tensor[] snapshot = new Tensor[state.length];
        Parameter.read(state, snapshot);
        Tensor[] values = new Tensor[nodes.length];
        // The results of nodes that have several (loops, conditionals), kept beside their empty values.
        Tensor[][] results = new Tensor[nodes.length][];
        for (int i = 0; i < nodes.length; i++) {
            Node node = nodes[i];
            Tensor v = constants[i];
            if (v == null) {
                if (stateIndex[i] >= 0) {
                    v = snapshot[stateIndex[i]];
                } else if (node.op() instanceof Leaves.Placeholder p) {
                    v = feed(feeds, node, p);
                } else {
                    int[] ins = inputSlots[i];
                    Tensor[] args = new Tensor[ins.length];
                    for (int j = 0; j < ins.length; j++) {
                        args[j] = values[ins[j]];
                    }
                    if (node.op() instanceof Results.Pick pick) {
                        v = results[ins[0]][pick.index()];
                    } else if (node.op() instanceof Results.Multi multi) {
                        results[i] = multi.evaluate(args);
                        v = Results.EMPTY;
                    } else {
                        v = node.op().forward(args);
                    }
                }
                check(node, v);
            }
            values[i] = v;
            for (int r : releases[i]) {
                values[r] = null;
                results[r] = null;
            }
        }
        List<Tensor> out = new ArrayList<>(outputs.size());
        for (int k = 0; k < outputs.size(); k++) {
            out.add(values[outputSlots[k]]);
        }
        if (!updates.isEmpty()) {
            Parameter[] targets = new Parameter[updates.size()];
            Tensor[] seen = new Tensor[targets.length];
            Tensor[] next = new Tensor[targets.length];
            for (int k = 0; k < targets.length; k++) {
                targets[k] = updates.get(k).target();
                seen[k] = snapshot[targetIndex[k]];
                next[k] = values[outputSlots[outputs.size() + k]];
            }
            Parameter.commit(targets, seen, next);
        }
        return out;
    }

    /** Every value is checked against its node, so a faulty op is named where it fails, not downstream. */
    private static void check(Node node, Tensor v) {
        if (v == null) {
            throw new IllegalStateException(node.op().name() + ": forward returned no tensor");
        }
        if (v.dtype() != node.dtype()) {
            throw mismatch(node, v);
        }
        if (!Dynamic.fits(node, v.shape())) {
            throw new IllegalStateException(node.op().name() + ": forward returned shape " + v.shape()
                    + " for a node of shape " + Dynamic.show(node) + "; an op's forward must return the shape its shape()"
                    + " declares");
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
