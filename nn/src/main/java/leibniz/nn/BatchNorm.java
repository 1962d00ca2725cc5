package leibniz.nn;

import java.util.Arrays;
import java.util.Map;
import java.util.OptionalDouble;
import leibniz.autograd.Assign;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.core.Tensor;

/**
 * What {@link BatchNorm1d} and {@link BatchNorm2d} share, as PyTorch's {@code _BatchNorm}: each channel
 * (axis 1) of {@code [N, C, ...]} normalized by statistics over every other axis,
 * {@code y = (x − μ) / √(σ² + ε) ⊙ γ + β}, the parameters {@code weight} (γ) and {@code bias} (β), and the
 * buffers {@code running_mean}, {@code running_var} and {@code num_batches_tracked}.
 *
 * <p>In training, μ and σ² are the batch's mean and biased variance over the m = N·(other axes) values of
 * each channel, and the pass records, with {@link Context#update}, {@code running ← (1 − f)·running + f·batch}
 * for the mean and for the unbiased variance (σ²·m/(m−1)), and {@code num_batches_tracked + 1}; f is the
 * momentum, or 1/(num_batches_tracked + 1) for a cumulative average (PyTorch's {@code momentum=None}). In
 * evaluation, μ and σ² are the running statistics.
 */
abstract class BatchNorm implements Module {
    private final int features;
    private final OptionalDouble momentum;
    private final double eps;
    private final Parameter weight;
    private final Parameter bias;
    private final Parameter runningMean;
    private final Parameter runningVar;
    private final Parameter numBatchesTracked;

    /** Refuses, naming the layer {@code name}, features below 1, a momentum outside [0, 1] and ε ≤ 0. */
    BatchNorm(String name, int features, OptionalDouble momentum, double eps) {
        if (features < 1) {
            throw new IllegalArgumentException(name + ": features must be positive, got " + features);
        }
        double m = momentum.orElse(0);
        if (!(m >= 0 && m <= 1)) {
            throw new IllegalArgumentException(name + "(" + features + "): momentum must be in [0, 1], got " + m);
        }
        if (!(eps > 0) || !Double.isFinite(eps)) {
            throw new IllegalArgumentException(name + "(" + features + "): eps must be positive, got " + eps);
        }
        this.features = features;
        this.momentum = momentum;
        this.eps = eps;
        this.weight = Parameter.of("weight", Tensor.ones(features));
        this.bias = Parameter.of("bias", Tensor.zeros(features));
        this.runningMean = Parameter.of("running_mean", Tensor.zeros(features));
        this.runningVar = Parameter.of("running_var", Tensor.ones(features));
        // A count, held as F64 (exact to 2⁵³) since tensors have no integer type; PyTorch's is int64.
        this.numBatchesTracked = Parameter.of("num_batches_tracked", Tensor.scalar(0));
    }

    /** Refuses an input that this layer does not normalize, naming the shapes it expects. */
    abstract void checkInput(Node x);

    /** The number of channels. */
    public int features() {
        return features;
    }

    /** The gain γ {@code [features]}, starting at 1. */
    public Parameter weight() {
        return weight;
    }

    /** The bias β {@code [features]}, starting at 0. */
    public Parameter bias() {
        return bias;
    }

    /** The running mean used in evaluation, starting at 0. */
    public Parameter runningMean() {
        return runningMean;
    }

    /** The running (unbiased) variance used in evaluation, starting at 1. */
    public Parameter runningVar() {
        return runningVar;
    }

    /** The number of training passes whose updates were applied: a scalar, starting at 0. */
    public Parameter numBatchesTracked() {
        return numBatchesTracked;
    }

    /** The batch normalized by batch statistics (training) or running statistics (evaluation). */
    @Override
    public Node forward(Node x, Context ctx) {
        checkInput(x);
        int[] channel = new int[x.rank() - 1];
        Arrays.fill(channel, 1);
        channel[0] = features;
        Node centered;
        Node var;
        if (ctx.isTraining()) {
            int m = x.shape().size() / features;
            if (m < 2) {
                throw new IllegalArgumentException(this + ": training needs more than 1 value per channel, got "
                        + x.shape());
            }
            Node mean = meanOverBatch(x);
            centered = x.sub(mean);
            var = meanOverBatch(centered.square());
            Node f = momentum.isPresent() ? Node.scalar(momentum.getAsDouble())
                    : numBatchesTracked.node().add(1).reciprocal();
            ctx.update(new Assign(runningMean, average(runningMean, mean.detach().reshape(features), f)));
            Node unbiased = var.detach().reshape(features).mul((double) m / (m - 1));
            ctx.update(new Assign(runningVar, average(runningVar, unbiased, f)));
            ctx.update(new Assign(numBatchesTracked, numBatchesTracked.node().add(1)));
        } else {
            centered = x.sub(runningMean.node().reshape(channel));
            var = runningVar.node().reshape(channel);
        }
        return centered.div(var.add(eps).sqrt()).mul(weight.node().reshape(channel)).add(bias.node().reshape(channel));
    }

    /** The mean of {@code t [N, C, ...]} over every axis but 1, keeping them: {@code [1, C, 1, ...]}. */
    private static Node meanOverBatch(Node t) {
        Node mean = t.mean(0, true);
        for (int axis = 2; axis < t.rank(); axis++) {
            mean = mean.mean(axis, true);
        }
        return mean;
    }

    /** PyTorch's update {@code (1 − f)·running + f·batch}. */
    private static Node average(Parameter running, Node batch, Node f) {
        return running.node().mul(f.neg().add(1)).add(batch.mul(f));
    }

    /** {@code weight}, then {@code bias}. */
    @Override
    public Map<String, Parameter> parameters() {
        return Parameters.builder().add("weight", weight).add("bias", bias).build();
    }

    /** {@code running_mean}, {@code running_var}, then {@code num_batches_tracked}. */
    @Override
    public Map<String, Parameter> buffers() {
        return Parameters.builder().add("running_mean", runningMean).add("running_var", runningVar)
                .add("num_batches_tracked", numBatchesTracked).build();
    }
}
