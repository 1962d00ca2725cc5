package leibniz.autograd;

import leibniz.core.Shape;
import leibniz.core.Tensor;

/**
 * A named holder of the current value of a weight or of an optimizer slot (momentum, moments, a
 * step count): the state that persists between runs of a graph.
 *
 * <p>A graph reads it through {@link #node()}, always the same leaf, so gradients can be taken with
 * respect to it. Its shape is fixed at creation; {@link #set(Tensor)} swaps in a new value of that
 * shape, typically the result of an optimizer step.
 *
 * <pre>{@code
 * Parameter w = Parameter.of("w", Tensor.normal(0, 0, 0.1, 784, 10));
 * Node logits = x.matmul(w.node());
 * }</pre>
 */
public final class Parameter {
    private final String name;
    private final Shape shape;
    private final Node node;
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

    /** The current value. */
    public Tensor value() {
        return value;
    }

    /** Replaces the current value with one of the same shape. */
    public void set(Tensor next) {
        if (next == null || !next.shape().equals(shape)) {
            throw new IllegalArgumentException("parameter '" + name + "': cannot set a value of shape "
                    + (next == null ? "null" : next.shape()) + " into shape " + shape);
        }
        this.value = next;
    }

    /** The graph leaf that reads this parameter. */
    public Node node() {
        return node;
    }

    @Override
    public String toString() {
        return "Parameter '" + name + "' " + shape;
    }
}
