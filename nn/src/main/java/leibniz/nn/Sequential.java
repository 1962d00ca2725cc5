package leibniz.nn;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;

/**
 * Modules applied one after another: {@code forward(x) = m_{n−1}(… m_1(m_0(x)))}. The parameters and
 * buffers of module i are named {@code <i>.<name>}, e.g. {@code 0.weight}, as PyTorch's {@code nn.Sequential}
 * names them.
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

    /** {@code <i>.<name>} for each parameter of module i, in order. */
    @Override
    public Map<String, Parameter> parameters() {
        return collect(Module::parameters);
    }

    /** {@code <i>.<name>} for each buffer of module i, in order. */
    @Override
    public Map<String, Parameter> buffers() {
        return collect(Module::buffers);
    }

    /** {@code <i>.<name>} for each persistent buffer of module i, in order. */
    @Override
    public Map<String, Parameter> persistentBuffers() {
        return collect(Module::persistentBuffers);
    }

    private Map<String, Parameter> collect(Function<Module, Map<String, Parameter>> state) {
        Parameters.Builder b = Parameters.builder();
        for (int i = 0; i < layers.size(); i++) {
            b.addAll(Integer.toString(i), state.apply(layers.get(i)));
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
