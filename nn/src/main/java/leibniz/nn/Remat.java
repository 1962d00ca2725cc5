package leibniz.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import leibniz.autograd.Assign;
import leibniz.autograd.Autograd;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.core.DType;

/**
 * A module checkpointed as one block ({@link Autograd#checkpoint}, PyTorch's {@code torch.utils.checkpoint},
 * JAX's rematerialization): its intermediate values are not kept for the gradient but recomputed from its
 * input when the backward pass reaches it, trading compute for memory. Values and gradients are unchanged
 * bit for bit, dropout included (its masks are functions of a counter). Its parameters and buffers are the
 * wrapped module's under the same names, so model files do not change.
 *
 * <pre>{@code
 * // 32 layers, their activations kept only at every fourth
 * Module mlp = Sequential.of(Remat.of(Sequential.of(l0, relu, l1, relu, l2, relu, l3, relu)), Remat.of(...), ...);
 * }</pre>
 */
public final class Remat implements Module {
    private final Module module;

    private Remat(Module module) {
        this.module = module;
    }

    /** {@code module}, checkpointed. */
    public static Remat of(Module module) {
        if (module == null) {
            throw new IllegalArgumentException("Remat: a module is required");
        }
        return new Remat(module);
    }

    /** The module checkpointed. */
    public Module module() {
        return module;
    }

    /**
     * The module applied to {@code x} inside one checkpointed call; the state updates it records (batch norm's
     * statistics, dropout's counter) are results of that call too, and reach {@code ctx} from there.
     */
    @Override
    public Node forward(Node x, Context ctx) {
        Context inner = ctx.inner();
        List<Node> out = Autograd.checkpoint(in -> {
            List<Node> results = new ArrayList<>();
            results.add(module.forward(in.get(0), inner));
            for (Assign a : inner.updates()) {
                results.add(a.value());
            }
            return results;
        }, List.of(x));
        List<Assign> updates = inner.updates();
        for (int i = 0; i < updates.size(); i++) {
            ctx.update(new Assign(updates.get(i).target(), out.get(1 + i)));
        }
        return out.get(0);
    }

    @Override
    public Map<String, Parameter> parameters() {
        return module.parameters();
    }

    @Override
    public Map<String, Parameter> buffers() {
        return module.buffers();
    }

    @Override
    public Map<String, Parameter> persistentBuffers() {
        return module.persistentBuffers();
    }

    @Override
    public Module to(DType dtype) {
        module.to(dtype);
        return this;
    }

    /** {@code Remat(Sequential(...))}. */
    @Override
    public String toString() {
        return "Remat(" + module + ")";
    }
}
