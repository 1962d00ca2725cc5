package leibniz.optim;

import java.util.ArrayList;
import java.util.List;
import leibniz.autograd.Node;
import leibniz.core.Shape;

/**
 * Gradient clipping as graph transformations of the gradient list: the clipped nodes go to
 * {@link Optimizer#step} in place of the raw gradients, inside the same training program.
 * <pre>{@code
 * List<Node> grads = Clipping.byGlobalNorm(Autograd.gradients(loss, params), 1.0);
 * Program train = Program.of(List.of(loss), adam.step(params, grads));
 * }</pre>
 */
public final class Clipping {
    private Clipping() {
    }

    /** The global norm {@code ‖g‖ = √(Σᵢ Σ gᵢ²)} over every element of every gradient, a scalar node. */
    public static Node globalNorm(List<Node> gradients) {
        Node total = Node.zeros(Shape.scalar());
        for (Node g : gradients) {
            // Symbolic zeros add nothing; skipping them keeps the graph small.
            if (!g.isZero()) {
                total = total.add(g.square().sum());
            }
        }
        return total.sqrt();
    }

    /**
     * Every gradient scaled by {@code c / max(‖g‖, c)}, where {@code ‖g‖} is the global norm and c is
     * {@code maxNorm}: unchanged when the norm is at most c, otherwise rescaled to norm exactly c, keeping
     * the direction. Writing the factor with {@code max} avoids dividing by a zero norm.
     */
    public static List<Node> byGlobalNorm(List<Node> gradients, double maxNorm) {
        if (!Double.isFinite(maxNorm) || maxNorm <= 0) {
            throw new IllegalArgumentException("clip by global norm: max norm must be a finite positive number, got "
                    + maxNorm);
        }
        nonEmpty("clip by global norm", gradients);
        if (gradients.stream().allMatch(Node::isZero)) {
            return List.copyOf(gradients);
        }
        Node c = Node.scalar(maxNorm);
        Node scale = c.div(globalNorm(gradients).maximum(c));
        List<Node> out = new ArrayList<>(gradients.size());
        for (Node g : gradients) {
            out.add(g.isZero() ? g : g.mul(scale));
        }
        return List.copyOf(out);
    }

    /** Every gradient element clamped to {@code [−limit, limit]}. */
    public static List<Node> byValue(List<Node> gradients, double limit) {
        if (!Double.isFinite(limit) || limit <= 0) {
            throw new IllegalArgumentException("clip by value: limit must be a finite positive number, got " + limit);
        }
        nonEmpty("clip by value", gradients);
        List<Node> out = new ArrayList<>(gradients.size());
        for (Node g : gradients) {
            out.add(g.isZero() ? g : g.clamp(-limit, limit));
        }
        return List.copyOf(out);
    }

    private static void nonEmpty(String op, List<Node> gradients) {
        if (gradients.isEmpty()) {
            throw new IllegalArgumentException(op + ": needs at least one gradient");
        }
    }
}
