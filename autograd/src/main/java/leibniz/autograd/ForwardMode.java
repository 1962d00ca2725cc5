package leibniz.autograd;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import leibniz.core.Shape;
import leibniz.core.Tensor;

/**
 * The forward-mode engine: walks the graph from the inputs to the outputs in topological order, asks each
 * op for its JVP and carries one tangent node per value. Nodes that do not depend on the inputs get no
 * tangent and are never visited twice, so the tangent graph costs about one more forward pass, and it holds
 * no reverse pass: a tanh network's JVP has no {@code tanhBackward} in it.
 */
final class ForwardMode {
    private ForwardMode() {
    }

    /**
     * The tangents of {@code ys} when each of {@code xs} moves along its tangent, of ys' shapes (the symbolic
     * zero where a y does not depend on the xs). An x listed twice moves along the sum of its tangents.
     */
    static List<Node> jvp(List<Node> ys, List<Node> xs, List<Node> tangents) {
        Map<Node, Node> tangent = new IdentityHashMap<>();
        for (int i = 0; i < xs.size(); i++) {
            Node t = tangents.get(i);
            if (!t.isZero()) {
                tangent.merge(xs.get(i), fit("jvp", xs.get(i), t), Node::add);
            }
        }
        Map<Node, Boolean> seeded = new IdentityHashMap<>();
        xs.forEach(x -> seeded.put(x, Boolean.TRUE));
        for (Node n : Topo.order(ys, true)) {
            if (n.arity() == 0 || seeded.containsKey(n) || !n.op().differentiable()) {
                continue;
            }
            List<Node> in = new ArrayList<>(n.arity());
            boolean any = false;
            for (Node x : n.inputs()) {
                Node t = tangent.get(x);
                any |= t != null;
                in.add(t != null ? t : Node.zeros(x.shape(), x.dtype(), x.dynamicAxis()));
            }
            if (!any) {
                continue;
            }
            Node t = n.op().jvp(n, in);
            if (t == null) {
                throw new IllegalArgumentException("jvp of " + n.op().name() + ": returned no tangent; return "
                        + "Node.zeros(shape) for none");
            }
            if (!t.isZero()) {
                tangent.put(n, fit("jvp of " + n.op().name(), n, t));
            }
        }
        List<Node> out = new ArrayList<>(ys.size());
        for (Node y : ys) {
            Node t = tangent.get(y);
            out.add(t != null ? t : Node.zeros(y.shape(), y.dtype(), y.dynamicAxis()));
        }
        return out;
    }

    /**
     * The default JVP of an op, by transposing its VJP: the VJP is linear in its output gradient u, so
     * differentiating {@code Σ_i <vjp_i(u), ṫ_i>} with respect to u gives {@code Σ_i J_i ṫ_i} (JAX's
     * transposition, done with one more reverse pass). u is a constant whose value never matters; for an op of
     * several results it is a tuple of one such constant per result, and so is the tangent.
     */
    static Node transposedVjp(Node out, List<Node> tangents) {
        List<Node> us = new ArrayList<>();
        if (out.op() instanceof Results.Multi m) {
            for (int i = 0; i < m.shapes().size(); i++) {
                us.add(Node.constant(Tensor.zeros(m.shapes().get(i), m.types().get(i))));
            }
        } else {
            us.add(Node.constant(Tensor.zeros(out.shape(), out.dtype())));
        }
        Node u = out.op() instanceof Results.Multi ? Results.Tuple.of(us) : us.get(0);
        List<Node> pulled = out.op().vjp(out, u);
        if (pulled == null || pulled.size() != out.arity()) {
            throw new IllegalArgumentException("vjp of " + out.op().name() + ": returned "
                    + (pulled == null ? "no list" : pulled.size() + " gradients") + " for " + out.arity() + " inputs");
        }
        Node total = null;
        for (int i = 0; i < out.arity(); i++) {
            Node t = tangents.get(i);
            Node p = ReverseMode.fit(out, i, pulled.get(i));
            if (!t.isZero() && !p.isZero()) {
                Node term = p.mul(t).sum();
                total = total == null ? term : total.add(term);
            }
        }
        if (total == null) {
            return Node.zeros(out.shape(), out.dtype());
        }
        Node one = Node.constant(Tensor.full(Shape.scalar(), 1, total.dtype()));
        List<Node> d = ReverseMode.derive(total, us, one);
        return out.op() instanceof Results.Multi ? Results.Tuple.of(d) : d.get(0);
    }

    /** A tangent made to fit its value: broadcast up to the value's shape and converted to its type. */
    private static Node fit(String who, Node value, Node t) {
        if (t.shape().equals(value.shape())) {
            return t.to(value.dtype());
        }
        if (t.shape().broadcastsTo(value.shape())) {
            return t.broadcastTo(value.shape()).to(value.dtype());
        }
        throw new IllegalArgumentException(who + ": tangent has shape " + t.shape() + ", but the value has shape "
                + value.shape());
    }
}
