package leibniz.autograd;

import static leibniz.autograd.Rule.Domain.EXACT;
import static leibniz.autograd.Rule.Domain.STABILIZE;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules at a {@link Gradient} marker. Stabilizing a function does not stabilize its gradient as the
 * VJPs built it: the gradient of a hand-written {@code log(e^z / Σ e^z)} divides by the softmax, which
 * underflows to 0 at |z| = 1000, whatever becomes of the forward. So where a stabilizing rule rewrote part
 * of the function, the gradient is derived again from the rewritten function, as if the user had written
 * the stable form; elsewhere the marker is dropped and the VJP graph is kept as written (and rewritten
 * like any other). Unlike the rules of the other families, these need what the compiler knows of the
 * rewritten graph (which rule built which node), so each compiler binds its own.
 */
final class GradientRules {
    private final Map<Node, Rule> producedBy;
    private final Map<Node, Boolean> stabilized = new IdentityHashMap<>();
    /** The gradients derived for one (function, seed, inputs): the markers of one call share them. */
    private final Map<List<Node>, List<Node>> derived = new HashMap<>();

    /** Rules that read {@code producedBy}, the compiler's map from each final node to the rule that built it. */
    GradientRules(Map<Node, Rule> producedBy) {
        this.producedBy = producedBy;
    }

    /** The two rules, bound to this compiler's state. */
    List<Rule> rules() {
        return List.of(Rule.of("stabilize.gradient", STABILIZE, this::rederive),
                Rule.of("canonicalize.gradient", EXACT, GradientRules::unmark));
    }

    /**
     * {@code gradient(v, y, seed, xs) → ∂y/∂x}, derived from y as rewritten, where a stabilizing rule rewrote
     * part of y and every x is a parameter or a placeholder (a rewrite may absorb an intermediate x, and
     * merging may join a constant x with an equal one, so the gradient with respect to those is not
     * derived again). Equal to v in exact arithmetic, and finite where the stabilized y is.
     */
    Node rederive(Node n) {
        if (!(n.op() instanceof Gradient marker)) {
            return null;
        }
        List<Node> xs = Gradient.inputs(n);
        for (Node x : xs) {
            if (!(x.op() instanceof Leaves.Read) && !(x.op() instanceof Leaves.Placeholder)) {
                return null;
            }
        }
        Node y = Gradient.function(n);
        if (!stabilized(y)) {
            return null;
        }
        List<Node> key = List.copyOf(n.inputs().subList(1, n.arity()));
        return derived.computeIfAbsent(key, k -> ReverseMode.derive(y, xs, Gradient.seed(n))).get(marker.index());
    }

    /** {@code gradient(v, …) → v}. Exact: the marker's value is v. */
    static Node unmark(Node n) {
        return n.op() instanceof Gradient ? n.input(0) : null;
    }

    /** True if a stabilizing rule built some node of {@code y}'s (final) graph. */
    private boolean stabilized(Node y) {
        Boolean known = stabilized.get(y);
        if (known == null) {
            known = false;
            for (Node m : Topo.order(List.of(y), false)) {
                Rule r = producedBy.get(m);
                if (r != null && r.domain() == STABILIZE) {
                    known = true;
                    break;
                }
            }
            stabilized.put(y, known);
        }
        return known;
    }
}
