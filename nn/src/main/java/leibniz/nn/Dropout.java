package leibniz.nn;

import java.util.Map;
import leibniz.autograd.Assign;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.core.Tensor;

/**
 * Inverted dropout: in training, {@code x ⊙ m / (1 − p)} with m a Bernoulli(1 − p) mask of 0s and 1s, so
 * the expected output equals the input; in evaluation, the identity. Within one run the forward and the
 * backward pass use the same mask, so the gradient is {@code m / (1 − p)}.
 *
 * <pre>{@code
 * Sequential net = Sequential.of(Linear.create(784, 256, rng), Activation.relu(), Dropout.create(0.5, 7), ...);
 * }</pre>
 *
 * <p>The mask is a pure function of the seed and of the buffer {@code draws}, a step counter: a training
 * pass records the update {@code draws + 1} with {@link Context#update}, so every step that applies the
 * pass's updates (as the trainer does) draws a fresh mask. Nothing else holds random state, so a trainer
 * checkpoint, which holds the {@link #buffers()}, saves where the masks stand, a resumed run draws the
 * masks the uninterrupted run would have, and two models with the same seed draw the same masks. The
 * counter belongs to the run, not to the model: it is not a {@linkplain #persistentBuffers() persistent}
 * buffer, so a {@link ModelFile} does not hold it, as PyTorch's {@code state_dict} holds nothing for its
 * {@code Dropout}. A program built without the pass's updates draws the same mask on every run. A module
 * applied at several places of one pass draws a different mask at each and counts one step.
 */
public final class Dropout implements Module {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private final double p;
    private final long seed;
    private final Parameter draws = Parameter.of("draws", Tensor.scalar(0));

    private Dropout(double p, long seed) {
        this.p = p;
        this.seed = seed;
    }

    /** Dropout with drop probability {@code p} in [0, 1), its masks determined by {@code seed}. */
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

    /** The number of training steps that have drawn masks: the buffer {@code draws}, a scalar. */
    public Parameter draws() {
        return draws;
    }

    /** {@code x ⊙ m / (1 − p)} in training, {@code x} in evaluation (and when p = 0). */
    @Override
    public Node forward(Node x, Context ctx) {
        if (!ctx.isTraining() || p == 0) {
            return x;
        }
        int k = ctx.application(this);
        if (k == 0) {
            ctx.update(new Assign(draws, draws.node().add(1)));
        }
        // Further applications in the same pass read the same counter from streams of their own.
        Node mask = Node.bernoulli(x.shape(), 1 - p, seed + k * GOLDEN, draws.node()).to(x.dtype());
        Node scaledMask = mask.mul(1 / (1 - p));
        return x.mul(scaledMask);
    }

    /** None. */
    @Override
    public Map<String, Parameter> parameters() {
        return Map.of();
    }

    /** {@code draws}, the step counter the masks are drawn from. */
    @Override
    public Map<String, Parameter> buffers() {
        return Map.of("draws", draws);
    }

    /** None: the step counter belongs in checkpoints, not in model files. */
    @Override
    public Map<String, Parameter> persistentBuffers() {
        return Map.of();
    }

    @Override
    public String toString() {
        return "Dropout(" + p + ")";
    }
}
