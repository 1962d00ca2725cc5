package leibniz.autograd;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Collections;
import leibniz.core.Shape;

/**
 * The reverse-mode engine: walks the graph from the output back to the inputs, asks each op for its
 * VJP, sums fan-out, and sums broadcast gradients back to their inputs' shapes. Every gradient is a
 * graph node, so the result can be differentiated again.
 */
final class ReverseMode {
    private ReverseMode() {
    }

    /**
     * The gradients of {@code y} with respect to {@code xs}, seeded with {@code seed} at {@code y}, each
     * marked as such ({@link Gradient}) unless it is the symbolic zero (a {@link Dynamic.ZerosLike} value for an
     * x with a dynamic axis).
     */
    static List<Node> grad(Node y, List<Node> xs, Node seed) {
        Gradient.Origins origins = new Gradient.Origins();
        List<Node> grads = derive(y, xs, seed, origins);
        List<Node> marked = new ArrayList<>(grads.size());
        for (int i = 0; i < grads.size(); i++) {
            Node g = grads.get(i);
            // The zero gradient of an input with a dynamic axis is a value all the same, of the length it is fed.
            marked.add(g.isZero() ? Dynamic.ZerosLike.valued(g, xs.get(i)) : Gradient.of(g, y, seed, xs, i, origins));
        }
        return marked;
    }

    /** The gradients of {@code y} with respect to {@code xs}, seeded with {@code seed} at {@code y}, unmarked. */
    static List<Node> derive(Node y, List<Node> xs, Node seed) {
        return derive(y, xs, seed, null);
    }

    /** {@link #derive(Node, List, Node)}, recording into {@code origins} (if not null) which VJP built each node. */
    private static List<Node> derive(Node y, List<Node> xs, Node seed, Gradient.Origins origins) {
        List<Node> order = Topo.order(List.of(y), true);
        Set<Node> known = Collections.newSetFromMap(new IdentityHashMap<>());
        if (origins != null) {
            known.addAll(Topo.order(List.of(y, seed), false));
        }
        Set<Node> targets = Collections.newSetFromMap(new IdentityHashMap<>());
        targets.addAll(xs);
        // Only nodes that depend on some x need a gradient; everything else is pruned.
        Set<Node> relevant = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Node n : order) {
            boolean r = targets.contains(n);
            for (int i = 0; !r && n.op().differentiable() && i < n.arity(); i++) {
                r = relevant.contains(n.input(i));
            }
            if (r) {
                relevant.add(n);
            }
        }
        // Contributions are collected and summed once a node is reached, so GradientSum sees them all.
        Map<Node, List<Node>> grads = new IdentityHashMap<>();
        accumulate(grads, y, seed);
        for (int k = order.size() - 1; k >= 0; k--) {
            Node n = order.get(k);
            if (n.arity() == 0 || !relevant.contains(n) || !n.op().differentiable() || !grads.containsKey(n)) {
                continue;
            }
            Node g = total(grads, n);
            if (g.isZero()) {
                continue;
            }
            List<Node> dx = n.op().vjp(n, g);
            if (dx == null || dx.size() != n.arity()) {
                throw new IllegalArgumentException("vjp of " + n.op().name() + ": returned "
                        + (dx == null ? "no list" : dx.size() + " gradients") + " for " + n.arity() + " inputs");
            }
            for (int i = 0; i < n.arity(); i++) {
                Node in = n.input(i);
                if (relevant.contains(in)) {
                    Node gi = fit(n, i, dx.get(i));
                    if (origins != null) {
                        origins.record(gi, n, known);
                    }
                    accumulate(grads, in, gi);
                }
            }
        }
        List<Node> out = new ArrayList<>(xs.size());
        for (Node x : xs) {
            out.add(grads.containsKey(x) ? total(grads, x) : Node.zeros(x.shape(), x.dtype(), x.dynamicAxis()));
        }
        return out;
    }

    /**
     * The one place where a gradient is made to fit its input: summed back from the broadcast output
     * shape, and converted to the input's type (an F32 input mixed with F64 data gets an F32 gradient).
     */
    static Node fit(Node n, int i, Node gi) {
        Node x = n.input(i);
        Shape want = x.shape();
        if (gi == null) {
            throw new IllegalArgumentException("vjp of " + n.op().name() + ": gradient for input " + i
                    + " is null; return Node.zeros(shape) for no gradient");
        }
        if (gi.shape().equals(want)) {
            return gi.isZero() ? gi : gi.to(x.dtype());
        }
        if (want.broadcastsTo(gi.shape())) {
            return gi.isZero() ? Node.zeros(want, x.dtype()) : gi.sumTo(want).to(x.dtype());
        }
        throw new IllegalArgumentException("vjp of " + n.op().name() + ": gradient for input " + i + " has shape "
                + gi.shape() + ", but the input has shape " + want);
    }

    private static void accumulate(Map<Node, List<Node>> grads, Node x, Node g) {
        List<Node> parts = grads.computeIfAbsent(x, k -> new ArrayList<>());
        if (!g.isZero()) {
            parts.add(g);
        }
    }

    /** The summed gradient of {@code x}, kept so that a node listed twice in xs gets the same node. */
    private static Node total(Map<Node, List<Node>> grads, Node x) {
        List<Node> parts = grads.get(x);
        Node g = parts.isEmpty() ? Node.zeros(x.shape(), x.dtype(), x.dynamicAxis()) : GradientSum.of(parts);
        grads.put(x, new ArrayList<>(List.of(g)));
        return g;
    }
}
