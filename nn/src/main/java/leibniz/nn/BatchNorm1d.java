package leibniz.nn;

import java.util.Map;
import leibniz.autograd.Assign;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.core.Tensor;

/**
 * Batch normalization of {@code [batch, features]} inputs: {@code y = (x − μ) / √(σ² + ε) ⊙ γ + β}
 * per feature, with the learned gain γ ({@code weight}, starting at 1) and bias β ({@code bias},
 * starting at 0).
 *
 * <p>In training, μ and σ² are the batch mean and (biased) variance, and the pass records updates of
 * the running statistics with {@link Context#update}, as in PyTorch:
 * {@code running = (1 − momentum)·running + momentum·batch}, where the batch variance is the unbiased
 * one (times n/(n−1)). In evaluation, μ and σ² are the running statistics, which are the buffers
 * {@code running_mean} (starting at 0) and {@code running_var} (starting at 1).
 *
 * <pre>{@code
 * Context ctx = Context.training();
 * Node loss = Losses.mse(bn.forward(x, ctx), y);
 * Program step = Program.of(List.of(loss), ctx.updates());   // plus the optimizer's updates
 * }</pre>
 * One module may be applied once per training pass: a second application would assign its running
 * statistics twice, which a {@code Program} refuses.
 */
public final class BatchNorm1d implements Module {
    private final int features;
    private final double momentum;
    private final double eps;
    private final Parameter weight;
    private final Parameter bias;
    private final Parameter runningMean;
    private final Parameter runningVar;

    private BatchNorm1d(int features, double momentum, double eps) {
        this.features = features;
        this.momentum = momentum;
        this.eps = eps;
        this.weight = Parameter.of("weight", Tensor.ones(features));
        this.bias = Parameter.of("bias", Tensor.zeros(features));
        this.runningMean = Parameter.of("running_mean", Tensor.zeros(features));
        this.runningVar = Parameter.of("running_var", Tensor.ones(features));
    }

    /** Batch normalization with momentum 0.1 and ε = 1e-5, as in PyTorch. */
    public static BatchNorm1d create(int features) {
        return create(features, 0.1, 1e-5);
    }

    /** Batch normalization with momentum in [0, 1] (the weight of each new batch) and ε &gt; 0. */
    public static BatchNorm1d create(int features, double momentum, double eps) {
        if (features < 1) {
            throw new IllegalArgumentException("BatchNorm1d: features must be positive, got " + features);
        }
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("BatchNorm1d(" + features + "): momentum must be in [0, 1], got "
                    + momentum);
        }
        if (!(eps > 0) || !Double.isFinite(eps)) {
            throw new IllegalArgumentException("BatchNorm1d(" + features + "): eps must be positive, got " + eps);
        }
        return new BatchNorm1d(features, momentum, eps);
    }

    /** The gain γ. */
    public Parameter weight() {
        return weight;
    }

    /** The bias β. */
    public Parameter bias() {
        return bias;
    }

    /** The running mean used in evaluation. */
    public Parameter runningMean() {
        return runningMean;
    }

    /** The running variance used in evaluation. */
    public Parameter runningVar() {
        return runningVar;
    }

    /** The batch normalized by batch statistics (training) or running statistics (evaluation). */
    @Override
    public Node forward(Node x, Context ctx) {
        if (x.rank() != 2 || x.shape().dim(1) != features) {
            throw new IllegalArgumentException(this + ": expected input [batch, " + features + "], got " + x.shape());
        }
        int n = x.shape().dim(0);
        Node mean;
        Node var;
        if (ctx.isTraining()) {
            if (n < 2) {
                throw new IllegalArgumentException(this + ": training needs more than 1 example per batch, got "
                        + x.shape());
            }
            mean = x.mean(0);
            var = x.variance(0);
            double m = momentum;
            ctx.update(new Assign(runningMean, runningMean.node().mul(1 - m).add(mean.detach().mul(m))));
            Node unbiased = var.detach().mul((double) n / (n - 1));
            ctx.update(new Assign(runningVar, runningVar.node().mul(1 - m).add(unbiased.mul(m))));
        } else {
            mean = runningMean.node();
            var = runningVar.node();
        }
        return x.sub(mean).div(var.add(eps).sqrt()).mul(weight.node()).add(bias.node());
    }

    /** {@code weight}, then {@code bias}. */
    @Override
    public Map<String, Parameter> parameters() {
        return Parameters.builder().add("weight", weight).add("bias", bias).build();
    }

    /** {@code running_mean}, then {@code running_var}. */
    @Override
    public Map<String, Parameter> buffers() {
        return Parameters.builder().add("running_mean", runningMean).add("running_var", runningVar).build();
    }

    /** {@code BatchNorm1d(64)}. */
    @Override
    public String toString() {
        return "BatchNorm1d(" + features + ")";
    }
}
