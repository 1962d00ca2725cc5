package leibniz.autograd;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    private Program(List<Node> outputs, List<Assign> updates) {
        this.outputs = List.copyOf(outputs);
        this.updates = List.copyOf(updates);
        List<Node> roots = new ArrayList<>(this.outputs);
        for (Assign a : this.updates) {
            roots.add(a.value());
        }
        List<Node> order = Topo.order(roots, false);
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
    }

    /** A program computing {@code outputs}. */
    public static Program of(Node... outputs) {
        return of(List.of(outputs));
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
        Tensor[] values = new Tensor[nodes.length];
        for (int i = 0; i < nodes.length; i++) {
            Node node = nodes[i];
            Tensor v = constants[i];
            if (v == null) {
                if (node.op() instanceof Leaves.Placeholder p) {
                    v = feed(feeds, node, p);
                } else {
                    int[] ins = inputSlots[i];
                    Tensor[] args = new Tensor[ins.length];
                    for (int j = 0; j < ins.length; j++) {
                        args[j] = values[ins[j]];
                    }
                    v = node.op().forward(args);
                }
                if (v.dtype() != node.dtype()) {
                    throw mismatch(node, v);
                }
            }
            values[i] = v;
            for (int r : releases[i]) {
                values[r] = null;
            }
        }
        List<Tensor> out = new ArrayList<>(outputs.size());
        for (int k = 0; k < outputs.size(); k++) {
            out.add(values[outputSlots[k]]);
        }
        for (int k = 0; k < updates.size(); k++) {
            updates.get(k).target().set(values[outputSlots[outputs.size() + k]]);
        }
        return out;
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
            throw new IllegalArgumentException("run: placeholder '" + p.label() + "' " + node.shape() + " was not fed");
        }
        if (!v.shape().equals(node.shape())) {
            throw new IllegalArgumentException("run: placeholder '" + p.label() + "' expects shape " + node.shape()
                    + ", was fed " + v.shape());
        }
        return v.to(node.dtype());
    }
}
