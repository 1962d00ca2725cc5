package leibniz.nn;

import java.util.Map;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.core.DType;

/**
 * A function from nodes to nodes with named parameters: a layer, or a model built of layers.
 *
 * <p>{@link #forward(Node, Context)} builds the graph of the module applied to {@code x}; the
 * {@link Context} says whether this is a training or an evaluation pass and collects the state
 * updates of layers with running statistics. {@link #parameters()} names every trainable parameter,
 * recursively for nested modules ({@code layers.0.weight}), in a stable order.
 *
 * <pre>{@code
 * Module mlp = Sequential.of(Linear.create(784, 256, rng), Activation.relu(), Linear.create(256, 10, rng));
 * Node logits = mlp.forward(x, Context.training());
 * }</pre>
 */
public interface Module {
    /** The module applied to {@code x} in the given pass. */
    Node forward(Node x, Context ctx);

    /** The module applied to {@code x} in an evaluation pass (dropout off, batch norm on running statistics). */
    default Node forward(Node x) {
        return forward(x, Context.evaluation());
    }

    /** Every trainable parameter by its path name, recursively, in a stable order. */
    Map<String, Parameter> parameters();

    /**
     * Every persistent tensor that is not trained by gradients (batch norm's running mean and variance),
     * by path name; saved and loaded with the parameters. None by default.
     */
    default Map<String, Parameter> buffers() {
        return Map.of();
    }

    /**
     * Converts every parameter, and every buffer of rank 1 or more, to {@code dtype} in place and returns
     * this module, as PyTorch's {@code module.to(dtype)}: {@code Module mlp = Sequential.of(...).to(DType.F32)}.
     * Scalar buffers are counters (dropout's draw count) and stay F64, exact far beyond F32's 2²⁴. Build
     * graphs, and so trainers, after converting: a graph built before refuses to run.
     */
    default Module to(DType dtype) {
        if (dtype == null) {
            throw new IllegalArgumentException("to: a dtype is required");
        }
        for (Parameter p : parameters().values()) {
            p.convert(dtype);
        }
        for (Parameter b : buffers().values()) {
            if (b.shape().rank() > 0) {
                b.convert(dtype);
            }
        }
        return this;
    }
}
