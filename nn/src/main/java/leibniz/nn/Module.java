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
 * recursively for nested modules ({@code 0.weight}), in a stable order. The names, shapes and layouts of
 * the layers' parameters and buffers are those of the PyTorch module of the same name, so a model file
 * ({@link ModelFile}) is a PyTorch {@code state_dict}: {@link #parameters()} and
 * {@link #persistentBuffers()} together.
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
     * Every tensor of state that is not trained by gradients, by path name, as PyTorch's
     * {@code named_buffers()}: batch norm's running statistics and count, and dropout's step counter. A
     * trainer's checkpoint holds them all ({@code Trainer.builder().buffers(model.buffers())}), so a resumed
     * run continues bit for bit. None by default.
     */
    default Map<String, Parameter> buffers() {
        return Map.of();
    }

    /**
     * The buffers that belong to the model rather than to a run, by path name: what a model file holds
     * besides the parameters, as PyTorch's {@code state_dict()}. Dropout's step counter is a buffer that is
     * not persistent (PyTorch's {@code persistent=False}): it says where a run's masks stand, which a
     * checkpoint keeps and a model file, read by PyTorch's strict {@code load_state_dict}, must not hold.
     * Every buffer by default; a module made of others collects its children's, as {@link Sequential} does.
     */
    default Map<String, Parameter> persistentBuffers() {
        return buffers();
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
