package leibniz.nn;

import java.util.Map;
import java.util.random.RandomGenerator;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.core.Shape;
import leibniz.core.Tensor;

/**
 * A lookup table of {@code vocab} learned vectors of size {@code dim}: integer indices of any shape
 * {@code [...]} become their rows, of shape {@code [..., dim]}. The table is the parameter {@code weight},
 * of shape {@code [vocab, dim]}; its gradient is the sum of the incoming gradients at each looked-up row.
 *
 * <pre>{@code
 * Embedding tokens = Embedding.create(10_000, 64, rng);
 * Node vectors = tokens.forward(ids);          // ids [32, 128] -> [32, 128, 64]
 * }</pre>
 */
public final class Embedding implements Module {
    private final int vocab;
    private final int dim;
    private final Parameter weight;

    private Embedding(int vocab, int dim, Parameter weight) {
        this.vocab = vocab;
        this.dim = dim;
        this.weight = weight;
    }

    /** A table initialized from N(0, 1), as in PyTorch. */
    public static Embedding create(int vocab, int dim, RandomGenerator rng) {
        return create(vocab, dim, rng, Initializers.normal(0, 1));
    }

    /** A table initialized by {@code init} (with fanIn = vocab, fanOut = dim). */
    public static Embedding create(int vocab, int dim, RandomGenerator rng, Initializer init) {
        if (vocab < 1 || dim < 1) {
            throw new IllegalArgumentException(describe(vocab, dim) + ": sizes must be positive");
        }
        Tensor table = Initializers.draw(describe(vocab, dim), init, Shape.of(vocab, dim), vocab, dim, rng);
        return new Embedding(vocab, dim, Parameter.of("weight", table));
    }

    private static String describe(int vocab, int dim) {
        return "Embedding(" + vocab + " x " + dim + ")";
    }

    /** The number of rows. */
    public int vocab() {
        return vocab;
    }

    /** The size of each vector. */
    public int dim() {
        return dim;
    }

    /** The table, of shape {@code [vocab, dim]}. */
    public Parameter weight() {
        return weight;
    }

    /**
     * The rows at {@code indices}, whole numbers in [0, vocab), checked when the graph is built if they are
     * a constant, else when it runs.
     */
    @Override
    public Node forward(Node indices, Context ctx) {
        Node checked = IndexCheck.of(indices, toString(), "index", vocab);
        return weight.node().indexSelect(0, checked);
    }

    /** {@code weight}. */
    @Override
    public Map<String, Parameter> parameters() {
        return Map.of("weight", weight);
    }

    /** {@code Embedding(10000 x 64)}. */
    @Override
    public String toString() {
        return describe(vocab, dim);
    }
}
