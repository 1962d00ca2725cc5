package leibniz.nn;

import java.util.OptionalDouble;
import leibniz.autograd.Node;

/**
 * Batch normalization of images {@code [N, C, H, W]}, as PyTorch's {@code BatchNorm2d}:
 * {@code y = (x − μ) / √(σ² + ε) ⊙ γ + β} per channel, with μ and σ² over the N·H·W values of each channel,
 * the learned gain γ ({@code weight}, starting at 1) and bias β ({@code bias}, starting at 0).
 *
 * <p>In training, μ and σ² are the batch's per-channel mean and (biased) variance, and the pass records
 * updates of the buffers {@code running_mean} (starting at 0), {@code running_var} (starting at 1) and
 * {@code num_batches_tracked} with {@link Context#update}, as in PyTorch:
 * {@code running = (1 − momentum)·running + momentum·batch}, where the batch variance is the unbiased one
 * (times m/(m−1), m = N·H·W). In evaluation, μ and σ² are the running statistics.
 *
 * <pre>{@code
 * Module block = Sequential.of(Conv2d.create(3, 16, 3, 1, 1, rng), BatchNorm2d.create(16), Activation.relu());
 * Context ctx = Context.training();
 * Node y = block.forward(images, ctx);                    // [N, 16, H, W]; ctx.updates() holds the statistics
 * }</pre>
 * One module may be applied once per training pass: a second application would assign its running
 * statistics twice, which a {@code Program} refuses.
 */
public final class BatchNorm2d extends BatchNorm {
    private BatchNorm2d(int channels, OptionalDouble momentum, double eps) {
        super("BatchNorm2d", channels, momentum, eps);
    }

    /** Batch normalization with momentum 0.1 and ε = 1e-5, as in PyTorch. */
    public static BatchNorm2d create(int channels) {
        return create(channels, 0.1, 1e-5);
    }

    /** Batch normalization with momentum in [0, 1] (the weight of each new batch) and ε &gt; 0. */
    public static BatchNorm2d create(int channels, double momentum, double eps) {
        return new BatchNorm2d(channels, OptionalDouble.of(momentum), eps);
    }

    /**
     * Batch normalization whose running statistics are the plain average over every batch so far
     * (PyTorch's {@code momentum=None}: the k-th batch weighs 1/k), with ε &gt; 0.
     */
    public static BatchNorm2d cumulative(int channels, double eps) {
        return new BatchNorm2d(channels, OptionalDouble.empty(), eps);
    }

    @Override
    void checkInput(Node x) {
        if (x.rank() != 4 || x.shape().dim(1) != features()) {
            throw new IllegalArgumentException(this + ": expected input [batch, " + features()
                    + ", height, width], got " + x.shape());
        }
    }

    /** {@code BatchNorm2d(64)}. */
    @Override
    public String toString() {
        return "BatchNorm2d(" + features() + ")";
    }
}
