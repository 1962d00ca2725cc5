package leibniz.nn;

import java.util.OptionalDouble;
import leibniz.autograd.Node;

/**
 * Batch normalization of {@code [batch, features]} or {@code [batch, features, length]} inputs, as
 * PyTorch's {@code BatchNorm1d}: {@code y = (x − μ) / √(σ² + ε) ⊙ γ + β} per feature, with μ and σ² over
 * the batch (and length) axes, the learned gain γ ({@code weight}, starting at 1) and bias β ({@code bias},
 * starting at 0).
 *
 * <p>In training, μ and σ² are the batch mean and (biased) variance, and the pass records updates of the
 * buffers {@code running_mean} (starting at 0), {@code running_var} (starting at 1) and
 * {@code num_batches_tracked} with {@link Context#update}, as in PyTorch:
 * {@code running = (1 − momentum)·running + momentum·batch}, where the batch variance is the unbiased one
 * (times m/(m−1) for m values per feature). In evaluation, μ and σ² are the running statistics.
 *
 * <pre>{@code
 * Context ctx = Context.training();
 * Node loss = Losses.mse(bn.forward(x, ctx), y);
 * Program step = Program.of(List.of(loss), ctx.updates());   // plus the optimizer's updates
 * }</pre>
 * One module may be applied once per training pass: a second application would assign its running
 * statistics twice, which a {@code Program} refuses.
 */
public final class BatchNorm1d extends BatchNorm {
    private BatchNorm1d(int features, OptionalDouble momentum, double eps) {
        super("BatchNorm1d", features, momentum, eps);
    }

    /** Batch normalization with momentum 0.1 and ε = 1e-5, as in PyTorch. */
    public static BatchNorm1d create(int features) {
        return create(features, 0.1, 1e-5);
    }

    /** Batch normalization with momentum in [0, 1] (the weight of each new batch) and ε &gt; 0. */
    public static BatchNorm1d create(int features, double momentum, double eps) {
        return new BatchNorm1d(features, OptionalDouble.of(momentum), eps);
    }

    /**
     * Batch normalization whose running statistics are the plain average over every batch so far
     * (PyTorch's {@code momentum=None}: the k-th batch weighs 1/k), with ε &gt; 0.
     */
    public static BatchNorm1d cumulative(int features, double eps) {
        return new BatchNorm1d(features, OptionalDouble.empty(), eps);
    }

    @Override
    void checkInput(Node x) {
        if (x.rank() < 2 || x.rank() > 3 || x.shape().dim(1) != features()) {
            throw new IllegalArgumentException(this + ": expected input [batch, " + features() + "] or [batch, "
                    + features() + ", length], got " + x.shape());
        }
    }

    /** {@code BatchNorm1d(64)}. */
    @Override
    public String toString() {
        return "BatchNorm1d(" + features() + ")";
    }
}
