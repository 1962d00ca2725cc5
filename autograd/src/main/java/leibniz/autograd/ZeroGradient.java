package leibniz.autograd;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import leibniz.core.Tensor;

/**
 * The answer of {@link Autograd#explainZero}: why the gradient of a loss with respect to a parameter is
 * zero, in one sentence. In order: no path from the parameter to the loss; every path through a
 * {@code detach} or a piecewise-constant op (argmax, step, sign, comparisons); every path through ReLUs
 * inactive for every input of the batch; exactly zero for another reason; or not zero, merely tiny.
 */
final class ZeroGradient {
    /** A gradient whose norm is at most this times max(1, ‖w‖) is called tiny. */
    static final double TINY = 1e-8;

    private ZeroGradient() {
    }

    static String explain(Node loss, Parameter p, Map<Node, Tensor> feeds) {
        Node w = p.node();
        String name = "parameter '" + p.name() + "'";
        List<Node> order = Topo.order(List.of(loss), false);
        if (!order.contains(w)) {
            return name + " has no path to the loss: the loss never reads it";
        }
        if (!identitySet(Topo.order(List.of(loss), true)).contains(w)) {
            return "every path from " + name + " to the loss passes through " + blocked(order, w);
        }
        Node g = Autograd.grad(loss, w).get(0);
        if (g.isZero()) {
            return "the gradient of the loss with respect to " + name + " is symbolically zero: its paths reach"
                    + " the loss only through inputs whose VJP is zero (such as the condition of where)";
        }
        List<Node> relus = new ArrayList<>();
        for (Node n : order) {
            if (n.op() instanceof UnaryOps.Relu) {
                relus.add(n);
            }
        }
        List<Node> outputs = new ArrayList<>(relus);
        outputs.add(g);
        List<Tensor> v = Program.of(outputs, List.of(), Program.Options.defaults().debug(false)).run(feeds);
        double[] gv = v.get(v.size() - 1).toArray();
        double max = 0;
        double norm = 0;
        for (double x : gv) {
            max = Math.max(max, Math.abs(x));
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        if (max == 0) {
            Set<Node> dead = identitySet(List.of());
            for (int i = 0; i < relus.size(); i++) {
                if (allZero(v.get(i))) {
                    dead.add(relus.get(i));
                }
            }
            List<Node> cut = onEveryPath(order, w, dead);
            if (!cut.isEmpty()) {
                List<String> where = new ArrayList<>();
                for (Node r : cut) {
                    where.add(Provenance.describe(r));
                }
                return "every path from " + name + " to the loss passes through "
                        + (cut.size() == 1 ? "a ReLU" : "ReLUs") + " inactive (input at most 0) for every input of"
                        + " this batch: " + String.join(", ", where);
            }
            return "the gradient with respect to " + name + " is exactly 0 for these inputs, though the loss depends"
                    + " on it through differentiable ops (a zero factor, a saturated clamp or a mask)";
        }
        double scale = Math.max(1, norm(p.value()));
        String size = "its largest element is " + NonFiniteException.number(max) + " (norm "
                + NonFiniteException.number(norm) + ")";
        return norm <= TINY * scale ? "the gradient with respect to " + name + " is not zero but tiny: " + size
                : "the gradient with respect to " + name + " is not zero: " + size;
    }

    /** The ops without a gradient on the paths from {@code w}: detaches, then piecewise-constant ops. */
    private static String blocked(List<Node> order, Node w) {
        List<String> detaches = new ArrayList<>();
        List<String> flat = new ArrayList<>();
        Set<Node> reaches = identitySet(List.of(w));
        for (Node n : order) {
            boolean from = false;
            for (Node in : n.inputs()) {
                from |= reaches.contains(in);
            }
            if (!from) {
                continue;
            }
            if (n.op().differentiable()) {
                reaches.add(n);
            } else {
                (n.op() instanceof UnaryOps.StopGradient ? detaches : flat).add(Provenance.describe(n));
            }
        }
        String d = "a detach: " + String.join(", ", detaches);
        String f = "piecewise-constant ops, whose derivative is 0: " + String.join(", ", flat);
        return flat.isEmpty() ? d : detaches.isEmpty() ? f : d + "; or " + f;
    }

    /**
     * The nodes of {@code cut} that lie between {@code w} and the loss (the last node of {@code order}) if
     * every differentiable path from w passes through one of them; empty otherwise.
     */
    private static List<Node> onEveryPath(List<Node> order, Node w, Set<Node> cut) {
        Set<Node> reaches = identitySet(List.of(w));
        Set<Node> through = identitySet(List.of(w));
        List<Node> met = new ArrayList<>();
        for (Node n : order) {
            boolean from = false;
            boolean around = false;
            for (Node in : n.inputs()) {
                from |= reaches.contains(in);
                around |= through.contains(in);
            }
            if (!from || !n.op().differentiable()) {
                continue;
            }
            reaches.add(n);
            if (cut.contains(n)) {
                met.add(n);
            } else if (around) {
                through.add(n);
            }
        }
        return through.contains(order.get(order.size() - 1)) ? List.of() : met;
    }

    private static boolean allZero(Tensor t) {
        for (double v : t.toArray()) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }

    private static double norm(Tensor t) {
        double s = 0;
        for (double v : t.toArray()) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    private static Set<Node> identitySet(List<Node> nodes) {
        Set<Node> set = Collections.newSetFromMap(new IdentityHashMap<>());
        set.addAll(nodes);
        return set;
    }
}
