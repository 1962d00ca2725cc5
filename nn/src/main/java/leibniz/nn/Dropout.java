package leibniz.nn;

import java.util.Map;
import java.util.SplittableRandom;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;

/**
 * Inverted dropout: in training, {@code x ⊙ m / (1 − p)} with m a fresh Bernoulli(1 − p) mask of 0s and
 * 1s each time the graph runs, so the expected output equals the input; in evaluation, the identity.
 * Within one run the forward and the backward pass use the same mask, so the gradient is {@code m / (1 − p)}.
 *
 * <pre>{@code
 * Sequential net = Sequential.of(Linear.create(784, 256, rng), Activation.relu(), Dropout.create(0.5, 7), ...);
 * }</pre>
 * The seed makes the sequence of masks reproducible: each forward call takes a new seed from a
 * generator seeded with it, and each run of the built graph draws the next mask of that stream.
 */
public final class Dropout implements Module {
    private final double p;
    private final SplittableRandom seeds;

    private Dropout(double p, long seed) {
        this.p = p;
        this.seeds = new SplittableRandom(seed);
    }

    /** Dropout with drop probability {@code p} in [0, 1). */
    public static Dropout create(double p, long seed) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("Dropout: p must be in [0, 1), got " + p);
        }
        return new Dropout(p, seed);
    }

    /** The drop probability. */
    public double p() {
        return p;
    }

    /** {@code x ⊙ m / (1 − p)} in training, {@code x} in evaluation (and when p = 0). */
    @Override
    public Node forward(Node x, Context ctx) {
        if (!ctx.isTraining() || p == 0) {
            return x;
        }
        long seed;
        synchronized (seeds) {
            seed = seeds.nextLong();
        }
        Node scaledMask = Node.bernoulli(x.shape(), 1 - p, seed).mul(1 / (1 - p));
        return x.mul(scaledMask);
    }

    /** None. */
    @Override
    public Map<String, Parameter> parameters() {
        return Map.of();
    }

    @Override
    public String toString() {
        return "Dropout(" + p + ")";
    }
}
