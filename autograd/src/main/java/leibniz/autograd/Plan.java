package leibniz.autograd;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import leibniz.core.Tensor;

/**
 * A graph laid out for evaluation: its nodes in topological order with their inputs as slot numbers,
 * constants evaluated once, each intermediate value released as soon as its last consumer has run, and
 * parameter reads mapped to the slots of a snapshot that the {@link Program} takes at the start of a run.
 */
final class Plan {
    final Node[] nodes;
    private final int[][] inputSlots;
    /** For each step, the slots whose last consumer it is and may be released after it. */
    final int[][] releases;
    private final Tensor[] constants;
    /** The slot of each root, in order. */
    final int[] rootSlots;
    final List<Node> placeholders = new ArrayList<>();
    /** For each slot that reads a parameter, its index in the snapshot; -1 for other slots. */
    private final int[] stateIndex;

    /** Sees every value a plan computes, leaves included and constants not, once it passed {@link #check}. */
    interface Watch {
        /** Watches nothing. */
        Watch NONE = (node, args, value) -> { };

        /** {@code value} was computed for {@code node} from {@code args} (none for a leaf). */
        void computed(Node node, Tensor[] args, Tensor value);
    }

    private static final Tensor[] NO_ARGS = new Tensor[0];

    /** The plan of {@code roots}; each parameter read gets its index in {@code parameters}, added if new. */
    Plan(List<Node> roots, Map<Parameter, Integer> parameters) {
        List<Node> order = Topo.order(roots, false);
        if (Results.anyMulti(order)) {
            // A loop or a checkpointed call makes all its results at once. Visiting the roots last first runs
            // the backward pass from the output towards the inputs, as the updates come in the parameters'
            // order: each call's results are consumed, and released, before the next call runs.
            List<Node> reversed = new ArrayList<>(roots);
            java.util.Collections.reverse(reversed);
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
            stateIndex[i] = node.op() instanceof Leaves.Read r
                    ? parameters.computeIfAbsent(r.parameter(), k -> parameters.size()) : -1;
        }
        rootSlots = new int[roots.size()];
        boolean[] kept = new boolean[n];
        for (int k = 0; k < rootSlots.length; k++) {
            rootSlots[k] = slot.get(roots.get(k));
            kept[rootSlots[k]] = true;
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
    }

    /** {@link #evaluate(Map, Tensor[], boolean, Watch)} with nothing watching. */
    Tensor[] evaluate(Map<Node, Tensor> feeds, Tensor[] snapshot, boolean keepAll) {
        return evaluate(feeds, snapshot, keepAll, Watch.NONE);
    }

    /**
     * The value of every slot, parameters read from {@code snapshot}; intermediate values are released
     * unless {@code keepAll} (the checked mode compares them); each computed value is shown to {@code watch}.
     */
    Tensor[] evaluate(Map<Node, Tensor> feeds, Tensor[] snapshot, boolean keepAll, Watch watch) {
        Tensor[] values = new Tensor[nodes.length];
        // The results of nodes that have several (loops, conditionals), kept beside their empty values.
        Tensor[][] results = new Tensor[nodes.length][];
        for (int i = 0; i < nodes.length; i++) {
            Node node = nodes[i];
            Tensor v = constants[i];
            if (v == null) {
                Tensor[] args = NO_ARGS;
                if (stateIndex[i] >= 0) {
                    v = snapshot[stateIndex[i]];
                } else if (node.op() instanceof Leaves.Placeholder p) {
                    v = feed(feeds, node, p);
                } else {
                    int[] ins = inputSlots[i];
                    args = new Tensor[ins.length];
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
                watch.computed(node, args, v);
            }
            values[i] = v;
            if (!keepAll) {
                for (int r : releases[i]) {
                    values[r] = null;
                    results[r] = null;
                }
            }
        }
        return values;
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
