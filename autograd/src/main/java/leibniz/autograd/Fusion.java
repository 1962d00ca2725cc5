package leibniz.autograd;

import java.util.ArrayList;
import java.util.Arrays;
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
 * run, a group being one step (else the group would wait for itself; {@link Contracted} answers that in time
 * near-linear in the graph); otherwise it starts a group. Anything else (products, reductions, layout ops, custom
 * ops) is a step of its own. A member is written out when a later step or the caller
 * reads it; the others live in the loop's locals only.
 */
final class Fusion {
    private final Node[] nodes;
    private final int[][] inputSlots;
    /** The groups, with the graph they contract. */
    private final Contracted graph;
    private final List<Group> groups = new ArrayList<>();

    private static final class Group {
        final int id;
        final Shape loop;
        final List<Shape> inputShapes = new ArrayList<>();
        int operations;

        Group(int id, Shape loop) {
            this.id = id;
            this.loop = loop;
        }
    }

    private Fusion(Node[] nodes, int[][] inputSlots, boolean[] leaf) {
        this.nodes = nodes;
        this.inputSlots = inputSlots;
        graph = new Contracted(inputSlots, leaf);
    }

    /**
     * The steps that compute every node of {@code nodes} (a topological order) that is not a leaf, in an
     * order that respects their dependencies and stays close to the nodes' own; with {@code fuse},
     * elementwise nodes in fused loops.
     */
    static List<Step> steps(Node[] nodes, int[][] inputSlots, boolean[] leaf, boolean[] root, boolean fuse) {
        Fusion f = new Fusion(nodes, inputSlots, leaf);
        for (int i = 0; i < nodes.length; i++) {
            if (!leaf[i] && fuse) {
                f.place(i);
            }
        }
        boolean[] read = new boolean[nodes.length];
        for (int i = 0; i < nodes.length; i++) {
            read[i] |= root[i];
            for (int s : inputSlots[i]) {
                read[s] |= f.graph.group(s) >= 0 && f.graph.group(s) != f.graph.group(i);
            }
        }
        List<Step> unordered = new ArrayList<>();
        int[] stepOf = new int[nodes.length];
        Arrays.fill(stepOf, -1);
        for (int i = 0; i < nodes.length; i++) {
            if (leaf[i]) {
                continue;
            }
            int g = f.graph.group(i);
            if (g < 0) {
                stepOf[i] = unordered.size();
                unordered.add(new Step.Single(i, distinct(inputSlots[i])));
            } else if (f.graph.members(g).get(0) == i) {
                Step.Fused step = f.fused(f.groups.get(g), read);
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
            int g = graph.group(s);
            if (g >= 0 && canJoin(groups.get(g), i, operations)) {
                join(g, i, operations);
                for (int t : inputSlots[i]) {
                    int h = graph.group(t);
                    if (h >= 0 && h != g) {
                        merge(groups.get(g), groups.get(h));
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
            Group g = new Group(graph.start(i), node.shape());
            groups.add(g);
            added(g, i, operations);
        }
    }

    private boolean canJoin(Group g, int i, int operations) {
        if (!g.loop.equals(nodes[i].shape()) || g.operations + operations > Pointwise.maxOperations(g.loop)) {
            return false;
        }
        int id = g.id;
        List<Shape> shapes = new ArrayList<>(g.inputShapes);
        for (int s : inputSlots[i]) {
            if (graph.group(s) != id) {
                shapes.add(nodes[s].shape());
                if (graph.dependsOn(s, id)) {
                    return false;
                }
            }
        }
        return Pointwise.fits(g.loop, shapes.toArray(new Shape[0]));
    }

    private void join(int g, int i, int operations) {
        graph.join(g, i);
        added(groups.get(g), i, operations);
    }

    /** Counts member i's operations and the shapes it reads from outside the group. */
    private void added(Group g, int i, int operations) {
        g.operations += operations;
        for (int s : inputSlots[i]) {
            if (graph.group(s) != g.id) {
                g.inputShapes.add(nodes[s].shape());
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
        graph.merge(g.id, h.id);
        g.operations += h.operations;
        g.inputShapes.addAll(h.inputShapes);
        h.operations = 0;
    }

    /** Whether a member of {@code from} reads, through a step of neither group, something that depends on {@code to}. */
    private boolean reachesThroughOthers(Group from, Group to) {
        for (int m : graph.members(from.id)) {
            for (int s : inputSlots[m]) {
                int g = graph.group(s);
                if (g != from.id && g != to.id && graph.dependsOn(s, to.id)) {
                    return true;
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
        List<Integer> members = graph.members(id);
        for (int m : members) {
            for (int s : inputSlots[m]) {
                if (graph.group(s) != id && !value.containsKey(s)) {
                    value.put(s, k.input(nodes[s].shape(), nodes[s].dtype()));
                }
            }
        }
        int[] inputs = value.keySet().stream().mapToInt(Integer::intValue).toArray();
        List<Integer> outputs = new ArrayList<>();
        for (int m : members) {
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
        return new Step.Fused(-1, k.build(), members.stream().mapToInt(Integer::intValue).toArray(), inputs,
                outputs.stream().mapToInt(Integer::intValue).toArray());
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
