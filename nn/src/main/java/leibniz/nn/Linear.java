package leibniz.nn;

import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.autograd.Provenance;
import leibniz.core.Shape;
import leibniz.core.Tensor;

/**
 * A fully connected layer {@code y = x·Wᵀ + b}, with W of shape {@code [out, in]} and b of shape
 * {@code [out]}, applied to the last axis of an input of shape {@code [..., in]} (any number of leading
 * axes). The parameters are named {@code weight} and {@code bias} and laid out as PyTorch's
 * {@code nn.Linear}: row j of W holds the weights of output j. The product reads W through the matrix
 * product's transpose flag, never a transposed copy.
 *
 * <pre>{@code
 * Linear layer = Linear.create(784, 256, new SplittableRandom(42));
 * Node h = layer.forward(x);                  // [64, 784] -> [64, 256]
 * }</pre>
 */
public final class Linear implements Module {
    private final int in;
    private final int out;
    private final Parameter weight;
    private final Optional<Parameter> bias;

    private Linear(int in, int out, Parameter weight, Optional<Parameter> bias) {
        this.in = in;
        this.out = out;
        this.weight = weight;
        this.bias = bias;
    }

    /**
     * A layer initialized like PyTorch's: weights and bias uniform on {@code [−1/√in, 1/√in)}
     * ({@link Initializers#fanInUniform()}), drawn from {@code rng}.
     */
    public static Linear create(int in, int out, RandomGenerator rng) {
        checkSizes(in, out);
        Initializer init = Initializers.fanInUniform();
        // Drawn in [in, out] order, then transposed: a seed gives the network it gave before the weight took
        // PyTorch's layout, so seeded runs (and the results the README reports) stay what they were.
        Parameter w = Parameter.of("weight", init.init(Shape.of(in, out), in, out, rng).transpose());
        Parameter b = Parameter.of("bias", init.init(Shape.of(out), in, out, rng));
        return new Linear(in, out, w, Optional.of(b));
    }

    /**
     * A layer whose weights {@code [out, in]} come from {@code weights} (with fanIn = in, fanOut = out), and
     * with a bias starting at zero if {@code bias}, or none.
     */
    public static Linear create(int in, int out, RandomGenerator rng, Initializer weights, boolean bias) {
        checkSizes(in, out);
        Shape shape = Shape.of(out, in);
        Parameter w = Parameter.of("weight", Initializers.draw(describe(in, out), weights, shape, in, out, rng));
        Optional<Parameter> b = bias
                ? Optional.of(Parameter.of("bias", Tensor.zeros(out)))
                : Optional.empty();
        return new Linear(in, out, w, b);
    }

    private static void checkSizes(int in, int out) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException(describe(in, out) + ": sizes must be positive");
        }
    }

    private static String describe(int in, int out) {
        return "Linear(" + in + " -> " + out + ")";
    }

    /** The number of input features. */
    public int in() {
        return in;
    }

    /** The number of output features. */
    public int out() {
        return out;
    }

    /** The weight, of shape {@code [out, in]} (PyTorch's layout). */
    public Parameter weight() {
        return weight;
    }

    /** The bias, of shape {@code [out]}, if the layer has one. */
    public Optional<Parameter> bias() {
        return bias;
    }

    /** {@code x·Wᵀ + b} for {@code x} of shape {@code [..., in]}; the result has shape {@code [..., out]}. */
    @Override
    public Node forward(Node x, Context ctx) {
        if (x.rank() == 0) {
            throw new IllegalArgumentException(this + ": input is a scalar, expected [..., " + in + "]");
        }
        int features = x.shape().dim(x.rank() - 1);
        if (features != in) {
            throw new IllegalArgumentException(this + ": input has " + features + " features; "
                    + Provenance.of(x, x.rank() - 1));
        }
        Node y = x.matmul(weight.node(), false, true);
        return bias.isPresent() ? y.add(bias.get().node()) : y;
    }

    /** {@code weight}, then {@code bias} if present. */
    @Override
    public Map<String, Parameter> parameters() {
        Parameters.Builder b = Parameters.builder().add("weight", weight);
        bias.ifPresent(p -> b.add("bias", p));
        return b.build();
    }

    /** {@code Linear(784 -> 256)}. */
    @Override
    public String toString() {
        return describe(in, out);
    }
}
