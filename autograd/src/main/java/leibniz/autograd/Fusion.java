package leibniz.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import leibniz.core.Pointwise;
import leibniz.core.Shape;

/**
 * Groups the elementwise nodes of a plan into fused loops and orders the plan's steps, after XLA's loop
 * fusion and PyTensor's elemwise fusion. Walking the nodes in topological order, a {@link Fusible} node
 * joins the group of one of its inputs when it has the group's shape, one {@link Pointwise} loop can
 * still read every input from outside the group, the loop stays under {@link Pointwise#maxOperations}
 * (a larger body is not JIT-compiled well), and no other input of the node depends on the group as the steps
 * run, a group being one step (else the group would wait for itself); otherwise it starts a group. Anything else (products, reductions,
 * layout ops, custom ops) is a step of its own. A member is written out when a later step or the caller
 * reads it; the others live in the loop's locals only.
 */
final class Fusion {
    private final Node[] nodes;
    private final int[][] inputSlots;
    /** The group of each slot, or -1. */
    private final int[] group;
    private final List<Group> groups = new ArrayList<>();
    /** Nodes a dependency search visits at most before it gives up. */
    private static final int SEARCH_LIMIT = 20_000;
    /** For the dependency search: the query that last visited each slot, and each group. */
    private final int[] seen;
    private int[] groupSeen = new int[16];
    private int query;

    private static final class Group {
        final int id;
        final Shape loop;
        /** The first member in topological order. */
        int first;
        final List<Integer> members = new ArrayList<>();
        final List<Shape> inputShapes = new ArrayList<>();
        int operations;

        Group(int id, Shape loop, int first) {
            this.id = id;
            this.loop = loop;
            this.first = first;
        }
    }

    private Fusion(Node[] nodes, int[][] inputSlots) {
        this.nodes = nodes;
        this.inputSlots = inputSlots;
        group = new int[nodes.length];
        Arrays.fill(group, -1);
        seen = new int[nodes.length];
    }

    /**
     * The steps that compute every node of {@code nodes} (a topological order) that is not a leaf, in an
     * order that respects their dependencies and stays close to the nodes' own; with {@code fuse},
     * elementwise nodes in fused loops.
     */
    static List<Step> steps(Node[] nodes, int[][] inputSlots, boolean[] leaf, boolean[] root, boolean fuse) {
        Fusion f = new Fusion(nodes, inputSlots);
        for (int i = 0; i < nodes.length; i++) {
            if (!leaf[i] && fuse) {
                f.place(i);
            }
        }
        boolean[] read = new boolean[nodes.length];
        for (int i = 0; i < nodes.length; i++) {
            read[i] |= root[i];
            for (int s : inputSlots[i]) {
                read[s] |= f.group[s] >= 0 && f.group[s] != f.group[i];
            }
        }
        List<Step> unordered = new ArrayList<>();
        int[] stepOf = new int[nodes.length];
        Arrays.fill(stepOf, -1);
        for (int i = 0; i < nodes.length; i++) {
            if (leaf[i]) {
                continue;
            }
            if (f.group[i] < 0) {
                stepOf[i] = unordered.size();
                unordered.add(new Step.Single(i, distinct(inputSlots[i])));
            } else if (f.groups.get(f.group[i]).first == i) {
                Step.Fused step = f.fused(f.groups.get(f.group[i]), read);
                for (int m : step.members()) {
                    stepOf[m] = unordered.size();
                }
                unordered.add(step);
            }
        }
        return order(unordered, stepOf, nodes.length);
    }

    /** Puts fusible node i into a group: the first of its inputs' groups it can join, or a new one. */
    private void place(int i) {
        Node node = nodes[i];
        if (!(node.op() instanceof Fusible op) || !op.fusible(node) || node.dynamicAxis() >= 0) {
            return; // a loop's shape is fixed when it is generated; a dynamic length is known only at run time
        }
        int operations = operations(node);
        for (int s : inputSlots[i]) {
            int g = group[s];
            if (g >= 0 && canJoin(groups.get(g), i, operations)) {
                join(g, i, operations);
                for (int t : inputSlots[i]) {
                    if (group[t] >= 0 && group[t] != g) {
                        merge(groups.get(g), groups.get(group[t]));
                    }
                }
                return;
            }
        }
        List<Shape> shapes = new ArrayList<>();
        for (Node in : node.inputs()) {
            shapes.add(in.shape());
        }
        if (Pointwise.fits(node.shape(), shapes.toArray(new Shape[0]))) {
            groups.add(new Group(groups.size(), node.shape(), i));
            if (groupSeen.length < groups.size()) {
                groupSeen = Arrays.copyOf(groupSeen, 2 * groups.size());
            }
            join(groups.size() - 1, i, operations);
        }
    }

    private boolean canJoin(Group g, int i, int operations) {
        if (!g.loop.equals(nodes[i].shape()) || g.operations + operations > Pointwise.maxOperations(g.loop)) {
            return false;
        }
        int id = g.id;
        List<Shape> shapes = new ArrayList<>(g.inputShapes);
        for (int s : inputSlots[i]) {
            if (group[s] != id) {
                shapes.add(nodes[s].shape());
                if (dependsOn(s, id)) {
                    return false;
                }
            }
        }
        return Pointwise.fits(g.loop, shapes.toArray(new Shape[0]));
    }

    private void join(int g, int i, int operations) {
        Group grp = groups.get(g);
        group[i] = g;
        grp.members.add(i);
        grp.operations += operations;
        for (int s : inputSlots[i]) {
            if (group[s] != g) {
                grp.inputShapes.add(nodes[s].shape());
            }
        }
    }

    /**
     * Merges group h into g when they read each other's members at most directly (no path between them
     * through another step) and one loop can compute both, so that a node joining two groups makes them
     * one: the connected elementwise nodes become a single loop.
     */
    private void merge(Group g, Group h) {
        if (!g.loop.equals(h.loop) || g.operations + h.operations > Pointwise.maxOperations(g.loop)
                || reachesThroughOthers(h, g) || reachesThroughOthers(g, h)) {
            return;
        }
        List<Shape> shapes = new ArrayList<>(g.inputShapes);
        shapes.addAll(h.inputShapes);
        if (!Pointwise.fits(g.loop, shapes.toArray(new Shape[0]))) {
            return;
        }
        for (int m : h.members) {
            group[m] = g.id;
        }
        g.members.addAll(h.members);
        g.members.sort(null); // slots are a topological order
        g.first = g.members.get(0);
        g.operations += h.operations;
        g.inputShapes.addAll(h.inputShapes);
        h.members.clear();
        h.operations = 0;
    }

    /** Whether a member of {@code from} reads, through a step of neither group, something that depends on {@code to}. */
    private boolean reachesThroughOthers(Group from, Group to) {
        for (int m : from.members) {
            for (int s : inputSlots[m]) {
                if (group[s] != from.id && group[s] != to.id && dependsOn(s, to.id)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether slot s depends on group g as the steps will run: a fused loop runs as one step, so reaching
     * any member of a group reaches the inputs of all its members. A search that grows past
     * {@link #SEARCH_LIMIT} nodes answers yes, so that a node is kept out of a group rather than risking a
     * group that waits for itself.
     */
    private boolean dependsOn(int s, int g) {
        query++;
        int budget = SEARCH_LIMIT;
        Deque<Integer> todo = new ArrayDeque<>();
        todo.push(s);
        while (!todo.isEmpty()) {
            int x = todo.pop();
            if (seen[x] == query) {
                continue;
            }
            seen[x] = query;
            if (group[x] == g || --budget < 0) {
                return true;
            }
            int h = group[x];
            if (h < 0) {
                for (int in : inputSlots[x]) {
                    todo.push(in);
                }
            } else if (groupSeen[h] != query) {
                groupSeen[h] = query;
                for (int m : groups.get(h).members) {
                    for (int in : inputSlots[m]) {
                        todo.push(in);
                    }
                }
            }
        }
        return false;
    }

    /** The operations node's formula adds to a loop. */
    private static int operations(Node node) {
        Pointwise.Builder scratch = Pointwise.builder(node.shape());
        int[] in = new int[node.arity()];
        for (int j = 0; j < in.length; j++) {
            in[j] = scratch.input(node.input(j).shape(), node.input(j).dtype());
        }
        ((Fusible) node.op()).emit(scratch, node.dtype(), in);
        return scratch.operations();
    }

    /** The group's loop: its inputs from outside in order of first use, its members' formulas, the members read later. */
    private Step.Fused fused(Group g, boolean[] read) {
        int id = g.id;
        Pointwise.Builder k = Pointwise.builder(g.loop);
        Map<Integer, Integer> value = new LinkedHashMap<>();
        for (int m : g.members) {
            for (int s : inputSlots[m]) {
                if (group[s] != id && !value.containsKey(s)) {
                    value.put(s, k.input(nodes[s].shape(), nodes[s].dtype()));
                }
            }
        }
        int[] inputs = value.keySet().stream().mapToInt(Integer::intValue).toArray();
        List<Integer> outputs = new ArrayList<>();
        for (int m : g.members) {
            int[] in = new int[inputSlots[m].length];
            for (int j = 0; j < in.length; j++) {
                in[j] = value.get(inputSlots[m][j]);
            }
            value.put(m, ((Fusible) nodes[m].op()).emit(k, nodes[m].dtype(), in));
            if (read[m]) {
                outputs.add(m);
            }
        }
        for (int m : outputs) {
            k.output(value.get(m));
        }
        int[] members = g.members.stream().mapToInt(Integer::intValue).toArray();
        return new Step.Fused(-1, k.build(), members, inputs, outputs.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * The steps in an order where each runs after the steps it reads from (Kahn's algorithm), taking the
     * step with the earliest node first whenever several are ready; fused steps numbered in that order.
     */
    private static List<Step> order(List<Step> steps, int[] stepOf, int n) {
        int count = steps.size();
        int[] waiting = new int[count];
        List<List<Integer>> readers = new ArrayList<>(count);
        int[] key = new int[count];
        for (int t = 0; t < count; t++) {
            readers.add(new ArrayList<>());
            key[t] = steps.get(t) instanceof Step.Fused f ? f.members()[0] : ((Step.Single) steps.get(t)).slot();
        }
        for (int t = 0; t < count; t++) {
            for (int s : steps.get(t).inputs()) {
                int from = stepOf[s];
                if (from >= 0 && from != t) {
                    waiting[t]++;
                    readers.get(from).add(t);
                }
            }
        }
        PriorityQueue<Integer> ready = new PriorityQueue<>((a, b) -> Integer.compare(key[a], key[b]));
        for (int t = 0; t < count; t++) {
            if (waiting[t] == 0) {
                ready.add(t);
            }
        }
        List<Step> out = new ArrayList<>(count);
        int fused = 0;
        while (!ready.isEmpty()) {
            int t = ready.poll();
            Step s = steps.get(t);
            out.add(s instanceof Step.Fused f ? new Step.Fused(fused++, f.kernel(), f.members(), f.inputs(),
                    f.outputs()) : s);
            for (int r : readers.get(t)) {
                if (--waiting[r] == 0) {
                    ready.add(r);
                }
            }
        }
        if (out.size() != count) {
            throw new IllegalStateException("compile: fused steps depend on each other in a cycle; this is a bug of"
                    + " the fusion, which must refuse such groups");
        }
        return out;
    }

    private static int[] distinct(int[] slots) {
        return Arrays.stream(slots).distinct().toArray();
    }
}
