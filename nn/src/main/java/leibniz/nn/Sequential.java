package leibniz.nn;

import java.util.List;
import java.util.Map;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;

/**
 * Modules applied one after another: {@code forward(x) = m_{n−1}(… m_1(m_0(x)))}. The parameters and
 * buffers of module i are named {@code layers.<i>.<name>}, e.g. {@code layers.0.weight}.
 *
 * <pre>{@code
 * Sequential mlp = Sequential.of(Linear.create(784, 256, rng), Activation.relu(), Linear.create(256, 10, rng));
 * Node logits = mlp.forward(x, Context.training());
 * }</pre>
 */
public final class Sequential implements Module {
    private final List<Module> layers;

    private Sequential(List<Module> layers) {
        this.layers = layers;
    }

    /** The modules in order of application; none may be null. */
    public static Sequential of(Module... layers) {
        for (int i = 0; i < layers.length; i++) {
            if (layers[i] == null) {
                throw new IllegalArgumentException("Sequential: module " + i + " is null");
            }
        }
        return new Sequential(List.of(layers));
    }

    /** The modules, in order. */
    public List<Module> layers() {
        return layers;
    }

    /** Each module applied to the output of the one before it, all in the same pass. */
    @Override
    public Node forward(Node x, Context ctx) {
        Node h = x;
        for (Module m : layers) {
            h = m.forward(h, ctx);
        }
        return h;
    }

    /** {@code layers.<i>.<name>} for each parameter of module i, in order. */
    @Override
    public Map<String, Parameter> parameters() {
        Parameters.Builder b = Parameters.builder();
        for (int i = 0; i < layers.size(); i++) {
            b.addAll("layers." + i, layers.get(i).parameters());
        }
        return b.build();
    }

    /** {@code layers.<i>.<name>} for each buffer of module i, in order. */
    @Override
    public Map<String, Parameter> buffers() {
        Parameters.Builder b = Parameters.builder();
        for (int i = 0; i < layers.size(); i++) {
            b.addAll("layers." + i, layers.get(i).buffers());
        }
        return b.build();
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Sequential(");
        for (int i = 0; i < layers.size(); i++) {
            s.append(i == 0 ? "" : ", ").append(layers.get(i));
        }
        return s.append(')').toString();
    }
}
