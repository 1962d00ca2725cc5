package leibniz.autograd;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import leibniz.core.DType;
import leibniz.core.Shape;
import leibniz.core.Tensor;

/**
 * A named holder of the current value of a weight or of an optimizer slot (momentum, moments, a
 * step count): the state that persists between runs of a graph.
 *
 * <p>A graph reads it through {@link #node()}, the same leaf until the type changes, so gradients can be
 * taken with respect to it. Its shape is fixed at creation and its element type changes only through
 * {@link #convert(DType)}; {@link #set(Tensor)} swaps in a new value of that shape and type, typically
 * the result of an optimizer step.
 *
 * <pre>{@code
 * Parameter w = Parameter.of("w", Tensor.normal(0, 0, 0.1, 784, 10));
 * Node logits = x.matmul(w.node());
 * }</pre>
 */
public final class Parameter {
    private final String name;
    private final Shape shape;
    private Node node;
    private Tensor value;

    private Parameter(String name, Tensor value) {
        this.name = name;
        this.shape = value.shape();
        this.value = value;
        this.node = Node.apply(new Leaves.Read(this));
    }

    /** A parameter named {@code name} holding {@code initial}. */
    public static Parameter of(String name, Tensor initial) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("parameter: a name is required");
        }
        if (initial == null) {
            throw new IllegalArgumentException("parameter '" + name + "': an initial value is required");
        }
        return new Parameter(name, initial);
    }

    /** The name, e.g. {@code layers.0.weight}. */
    public String name() {
        return name;
    }

    /** The fixed shape. */
    public Shape shape() {
        return shape;
    }

    /** The element type of the current value. */
    public DType dtype() {
        return value.dtype();
    }

    /** The current value. */
    public Tensor value() {
        return value;
    }

    /** Replaces the current value with one of the same shape and type. */
    public void set(Tensor next) {
        if (next == null || !next.shape().equals(shape)) {
            throw new IllegalArgumentException("parameter '" + name + "': cannot set a value of shape "
                    + (next == null ? "null" : next.shape()) + " into shape " + shape);
        }
        if (next.dtype() != value.dtype()) {
            throw new IllegalArgumentException("parameter '" + name + "': cannot set an " + next.dtype()
                    + " value into an " + value.dtype() + " parameter; convert it with to(" + value.dtype() + ")");
        }
        this.value = next;
    }

    /**
     * Converts the value to {@code dtype} in place. The parameter gets a new {@link #node()} of that type:
     * build graphs after converting, since a {@link Program} built on the old node refuses to run.
     */
    public void convert(DType dtype) {
        if (dtype == null) {
            throw new IllegalArgumentException("parameter '" + name + "': a dtype is required");
        }
        if (dtype != value.dtype()) {
            value = value.to(dtype);
            node = Node.apply(new Leaves.Read(this));
        }
    }

    /**
     * Sets every parameter of {@code targets} to the value of the same name in {@code values}, all or
     * nothing: nothing changes unless {@code values} holds exactly the names of {@code targets}, each with
     * its target's shape; values are converted to each target's type. Loaders of saved state share it:
     * errors start with {@code where} and call the one expecting a shape {@code owner}, so {@code setAll(params, tensors, "load: m.safetensors: ", "the model")}
     * refuses with {@code load: m.safetensors: missing tensors 'a', 'b'}, {@code ...: unexpected tensor 'c'}
     * or {@code ...: 'w' has shape [3, 2], the model expects [2, 3]}.
     */
    public static void setAll(Map<String, Parameter> targets, Map<String, Tensor> values, String where,
            String owner) {
        if (targets == null || values == null || where == null || owner == null) {
            throw new IllegalArgumentException("setAll: targets, values, prefix and owner are required");
        }
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : targets.entrySet()) {
            if (e.getValue() == null) {
                throw new IllegalArgumentException(where + "'" + e.getKey() + "' has no parameter");
            }
            if (values.get(e.getKey()) == null) {
                missing.add(e.getKey());
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(where + names("missing tensor", missing));
        }
        List<String> unexpected = new ArrayList<>(values.keySet());
        unexpected.removeAll(targets.keySet());
        if (!unexpected.isEmpty()) {
            throw new IllegalArgumentException(where + names("unexpected tensor", unexpected));
        }
        for (Map.Entry<String, Parameter> e : targets.entrySet()) {
            Shape found = values.get(e.getKey()).shape();
            if (!found.equals(e.getValue().shape)) {
                throw new IllegalArgumentException(where + "'" + e.getKey() + "' has shape " + found + ", " + owner
                        + " expects " + e.getValue().shape);
            }
        }
        // Only now, with every check passed, does anything change; set cannot fail on a matching shape.
        for (Map.Entry<String, Parameter> e : targets.entrySet()) {
            Parameter p = e.getValue();
            p.set(values.get(e.getKey()).to(p.dtype()));
        }
    }

    /** {@code missing tensor 'a'} or {@code missing tensors 'a', 'b'}. */
    private static String names(String what, List<String> names) {
        StringBuilder b = new StringBuilder(what).append(names.size() > 1 ? "s " : " ");
        for (int i = 0; i < names.size(); i++) {
            b.append(i == 0 ? "'" : ", '").append(names.get(i)).append('\'');
        }
        return b.toString();
    }

    /** The graph leaf that reads this parameter. */
    public Node node() {
        return node;
    }

    @Override
    public String toString() {
        return "Parameter '" + name + "' " + shape + (value.dtype() == DType.F64 ? "" : " " + value.dtype());
    }
}
