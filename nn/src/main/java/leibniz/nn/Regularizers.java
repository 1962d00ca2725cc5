package leibniz.nn;

import java.util.Collection;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;

/**
 * Weight penalties to add to a loss, as scalar graph nodes, so their gradients flow like any other.
 *
 * <pre>{@code
 * Node loss = Losses.crossEntropy(model.forward(x, ctx), y)
 *         .add(Regularizers.l2(1e-4, model.parameters().values()));
 * }</pre>
 * Both penalize every parameter given; pass a filtered collection to leave out biases or norms.
 */
public final class Regularizers {
    private Regularizers() {
    }

    /** The lasso penalty {@code λ Σ_p Σ |w|}; its derivative at w = 0 is taken as 0. */
    public static Node l1(double lambda, Collection<Parameter> parameters) {
        return penalty("l1", lambda, parameters, false);
    }

    /**
     * The ridge penalty {@code λ Σ_p Σ w²}, with no factor 1/2: its gradient is {@code 2λw}, so with plain
     * SGD it equals weight decay with coefficient 2λ.
     */
    public static Node l2(double lambda, Collection<Parameter> parameters) {
        return penalty("l2", lambda, parameters, true);
    }

    private static Node penalty(String name, double lambda, Collection<Parameter> parameters, boolean squared) {
        if (!(lambda >= 0) || !Double.isFinite(lambda)) {
            throw new IllegalArgumentException(name + ": lambda must be finite and >= 0, got " + lambda);
        }
        // A sum of the terms alone, so an F32 model's penalty is F32; no parameters is an F64 zero.
        Node total = null;
        for (Parameter p : parameters) {
            Node w = p.node();
            Node term = (squared ? w.square() : w.abs()).sum();
            total = total == null ? term : total.add(term);
        }
        return total == null ? Node.scalar(0) : total.mul(lambda);
    }
}
