package leibniz.autograd;

import leibniz.core.Arguments;

/**
 * An instruction to a {@link Program}: after a run, set {@code target} to the value of {@code value}.
 * Optimizers express a step as assignments (the next weights, the next momentum), and layers with
 * running statistics express their updates the same way.
 *
 * <pre>{@code
 * Assign step = new Assign(w, w.node().sub(grad.mul(0.1)));
 * }</pre>
 */
public record Assign(Parameter target, Node value) {
    /** Checks that the value has the parameter's shape and type. */
    public Assign {
        Arguments.notNull(target, "assign", "target");
        Arguments.notNull(value, "assign", "value");
        if (!value.shape().equals(target.shape())) {
            throw new IllegalArgumentException("assign: parameter '" + target.name() + "' has shape " + target.shape()
                    + ", the value has shape " + value.shape());
        }
        if (value.dtype() != target.dtype()) {
            throw new IllegalArgumentException("assign: parameter '" + target.name() + "' is " + target.dtype()
                    + ", the value is " + value.dtype());
        }
    }
}
