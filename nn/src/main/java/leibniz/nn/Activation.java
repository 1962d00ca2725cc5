package leibniz.nn;

import java.util.Map;
import java.util.function.UnaryOperator;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;

/**
 * An activation function as a module with no parameters, for use in {@link Sequential}; the functions
 * themselves are in {@link Activations}.
 *
 * <pre>{@code
 * Sequential mlp = Sequential.of(Linear.create(4, 8, rng), Activation.gelu(), Linear.create(8, 3, rng));
 * }</pre>
 */
public final class Activation implements Module {
    private final String name;
    private final UnaryOperator<Node> f;

    private Activation(String name, UnaryOperator<Node> f) {
        this.name = name;
        this.f = f;
    }

    /** A module applying {@code f}, shown as {@code name}. */
    public static Activation of(String name, UnaryOperator<Node> f) {
        if (name == null || name.isBlank() || f == null) {
            throw new IllegalArgumentException("Activation: needs a name and a function");
        }
        return new Activation(name, f);
    }

    /** {@link Activations#sigmoid}. */
    public static Activation sigmoid() {
        return new Activation("Sigmoid", Activations::sigmoid);
    }

    /** {@link Activations#tanh}. */
    public static Activation tanh() {
        return new Activation("Tanh", Activations::tanh);
    }

    /** {@link Activations#relu}. */
    public static Activation relu() {
        return new Activation("ReLU", Activations::relu);
    }

    /** {@link Activations#leakyRelu} with the given negative slope. */
    public static Activation leakyRelu(double slope) {
        Activations.requireFinite("leakyRelu", "slope", slope);
        return new Activation("LeakyReLU(" + slope + ")", x -> Activations.leakyRelu(x, slope));
    }

    /** {@link Activations#elu} with the given alpha. */
    public static Activation elu(double alpha) {
        Activations.requireFinite("elu", "alpha", alpha);
        return new Activation("ELU(" + alpha + ")", x -> Activations.elu(x, alpha));
    }

    /** {@link Activations#gelu}, the exact GELU. */
    public static Activation gelu() {
        return new Activation("GELU", Activations::gelu);
    }

    /** {@link Activations#geluTanh}, the tanh approximation of GELU. */
    public static Activation geluTanh() {
        return new Activation("GELU(tanh)", Activations::geluTanh);
    }

    /** {@link Activations#softplus}. */
    public static Activation softplus() {
        return new Activation("Softplus", Activations::softplus);
    }

    /** {@link Activations#softmax} along {@code axis}. */
    public static Activation softmax(int axis) {
        return new Activation("Softmax(" + axis + ")", x -> Activations.softmax(x, axis));
    }

    /** {@link Activations#logSoftmax} along {@code axis}. */
    public static Activation logSoftmax(int axis) {
        return new Activation("LogSoftmax(" + axis + ")", x -> Activations.logSoftmax(x, axis));
    }

    /** The function applied to {@code x}; the same in training and evaluation. */
    @Override
    public Node forward(Node x, Context ctx) {
        return f.apply(x);
    }

    /** None. */
    @Override
    public Map<String, Parameter> parameters() {
        return Map.of();
    }

    @Override
    public String toString() {
        return name;
    }
}
