package leibniz.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scan and a twin that computes it among more results run as one loop. Transforms make such twins: the VJP
 * of a scan saves what its reverse loop reads by a twin that also stacks those values ({@link ScanOp#vjp}),
 * and its JVP is a twin that also carries the tangents ({@link ScanOp#jvp}). A program holding both (a
 * training step: the loss and its gradient; forward mode: the value and its tangent) reads the scan's
 * results from the twin, so the loop runs once.
 *
 * <p>Scan b is a twin of scan a when b's body has every input stand-in and every output node of a's body (the
 * same nodes, so the same computation, or constants of one value) in matching roles: a's carries among b's
 * carries, its sequences among b's sequences along the same axes, its captured values among b's, its outputs
 * among b's stacked along the same axes; the same values fed to the matching inputs; and the same length and
 * direction.
 */
final class ScanTwins {
    private ScanTwins() {
    }

    /**
     * {@code roots} with the results of every scan that has a twin in the graph read from the twin with the most
     * results instead; {@code roots} itself if there is none.
     */
    static List<Node> mergeTwins(List<Node> order, List<Node> roots) {
        Map<Node, Integer> consumers = new IdentityHashMap<>();
        Map<Node, Integer> picks = new IdentityHashMap<>();
        List<Node> scans = new ArrayList<>();
        for (Node x : order) {
            if (x.op() instanceof ScanOp) {
                scans.add(x);
            }
            for (Node i : x.inputs()) {
                consumers.merge(i, 1, Integer::sum);
                if (x.op() instanceof Results.Pick) {
                    picks.merge(i, 1, Integer::sum);
                }
            }
        }
        Map<Node, Node> twin = new IdentityHashMap<>();
        Map<Node, int[]> at = new IdentityHashMap<>();
        for (Node a : scans) {
            if (!consumers.getOrDefault(a, 0).equals(picks.getOrDefault(a, 0)) || roots.contains(a)) {
                continue;
            }
            for (Node b : scans) {
                int[] map = results(a, b);
                if (map != null && (!twin.containsKey(a) || size(b) > size(twin.get(a))) && !reaches(b, a)) {
                    twin.put(a, b);
                    at.put(a, map);
                }
            }
        }
        return twin.isEmpty() ? roots : rebuilt(roots, twin, at);
    }

    /**
     * The copy of {@code roots} where each pick of a scan with a twin picks the matching result of the twin (itself
     * copied first, as its inputs may read other replaced picks); an iterative walk, as graphs can be deep.
     */
    private static List<Node> rebuilt(List<Node> roots, Map<Node, Node> twin, Map<Node, int[]> at) {
        Map<Node, Node> copy = new IdentityHashMap<>();
        Deque<Node> stack = new ArrayDeque<>(roots);
        while (!stack.isEmpty()) {
            Node n = stack.peek();
            if (copy.containsKey(n)) {
                stack.pop();
                continue;
            }
            Node from = n.op() instanceof Results.Pick ? twin.get(n.input(0)) : null;
            List<Node> needs = from != null ? List.of(from) : n.inputs();
            boolean ready = true;
            for (Node x : needs) {
                if (!copy.containsKey(x)) {
                    stack.push(x);
                    ready = false;
                }
            }
            if (!ready) {
                continue;
            }
            stack.pop();
            if (from != null) {
                int index = at.get(n.input(0))[((Results.Pick) n.op()).index()];
                Node b = copy.get(from);
                copy.put(n, Node.apply(new Results.Pick(index, (Results.Multi) b.op()), b));
                continue;
            }
            Node[] in = new Node[n.arity()];
            boolean changed = false;
            for (int i = 0; i < in.length; i++) {
                in[i] = copy.get(n.input(i));
                changed |= in[i] != n.input(i);
            }
            copy.put(n, changed ? Node.apply(n.op(), in) : n);
        }
        List<Node> out = new ArrayList<>(roots.size());
        roots.forEach(r -> out.add(copy.get(r)));
        return out;
    }

    /** True if {@code to} is among the nodes {@code from} is computed from. */
    private static boolean reaches(Node from, Node to) {
        return Topo.order(List.of(from), n -> n != to).contains(to);
    }

    private static int size(Node scan) {
        return ((ScanOp) scan.op()).shapes().size();
    }

    /** Where each result of scan a is among the results of b, if b is a twin of a with more results; else null. */
    private static int[] results(Node a, Node b) {
        ScanOp x = (ScanOp) a.op();
        ScanOp y = (ScanOp) b.op();
        if (a == b || y.shapes().size() <= x.shapes().size() || x.length() != y.length()
                || x.dynamic() != y.dynamic() || x.reverse() != y.reverse()) {
            return null;
        }
        int k = x.carries();
        int m = x.xsAxes().size();
        int[] map = new int[x.shapes().size()];
        for (int i = 0; i < x.body().inputs().size(); i++) {
            int role = i < k ? 0 : i < k + m ? 1 : 2;
            int p = input(a, i, b, role);
            if (p < 0 || role == 0 && !same(y.body().outputs().get(p), x.body().outputs().get(i))) {
                return null;
            }
            if (role == 0) {
                map[i] = p;
            }
        }
        List<Node> outputs = y.body().outputs();
        for (int j = 0; j < x.ysAxes().size(); j++) {
            Node out = x.body().outputs().get(k + j);
            map[k + j] = -1;
            for (int q = y.carries(); q < outputs.size() && map[k + j] < 0; q++) {
                if (same(outputs.get(q), out) && y.ysAxes().get(q - y.carries()).equals(x.ysAxes().get(j))) {
                    map[k + j] = q;
                }
            }
            if (map[k + j] < 0) {
                return null;
            }
        }
        return map;
    }

    /**
     * The index among b's inputs of a's input i, of the same role (0 carry, 1 sequence along the same axis, 2
     * captured), the same stand-in in the bodies and the same value fed; -1 if there is none.
     */
    private static int input(Node a, int i, Node b, int role) {
        ScanOp x = (ScanOp) a.op();
        ScanOp y = (ScanOp) b.op();
        int k = y.carries();
        int m = y.xsAxes().size();
        int from = role == 0 ? 0 : role == 1 ? k : k + m;
        int to = role == 0 ? k : role == 1 ? k + m : b.arity();
        Node standIn = x.body().inputs().get(i);
        for (int p = from; p < to; p++) {
            if (y.body().inputs().get(p) == standIn && sameValue(a.input(i), b.input(p))
                    && (role != 1 || y.xsAxes().get(p - k).equals(x.xsAxes().get(i - x.carries())))) {
                return p;
            }
        }
        return -1;
    }

    /**
     * True if the two nodes are the same value: the same node, or the same built-in op of the same nodes (a
     * batch's shared initial carry, repeated over the batch once for each of two loops).
     */
    private static boolean sameValue(Node x, Node y) {
        return same(x, y) || x.op() instanceof BuiltIn && x.arity() > 0 && x.op().equals(y.op())
                && x.inputs().equals(y.inputs());
    }

    /** True if the two nodes are one node, or constants of one value (two zero tangents, say). */
    private static boolean same(Node x, Node y) {
        return x == y || x.op() instanceof Leaves.Constant && x.op().equals(y.op());
    }
}
