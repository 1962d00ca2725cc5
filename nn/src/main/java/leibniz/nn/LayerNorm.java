package leibniz.nn;

import java.util.Map;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.core.Tensor;

/**
 * Layer normalization over the last axis: {@code y = (x − μ) / √(σ² + ε) ⊙ γ + β}, with μ and σ² the
 * mean and (population) variance of each {@code [..., features]} row, and the learned gain γ
 * ({@code weight}, starting at 1) and bias β ({@code bias}, starting at 0). The same in training and
 * evaluation.
 *
 * <pre>{@code
 * LayerNorm norm = LayerNorm.create(512);
 * Node y = norm.forward(x);                  // [32, 128, 512] -> [32, 128, 512]
 * }</pre>
 */
public final class LayerNorm implements Module {
    private final int features;
    private final double eps;
    private final Parameter weight;
    private final Parameter bias;

    private LayerNorm(int features, double eps) {
        this.features = features;
        this.eps = eps;
        this.weight = Parameter.of("weight", Tensor.ones(features));
        this.bias = Parameter.of("bias", Tensor.zeros(features));
    }

    /** Layer normalization with ε = 1e-5, as in PyTorch. */
    public static LayerNorm create(int features) {
        return create(features, 1e-5);
    }

    /** Layer normalization with the given ε &gt; 0, added to the variance to keep the division finite. */
    public static LayerNorm create(int features, double eps) {
        if (features < 1) {
            throw new IllegalArgumentException("LayerNorm: features must be positive, got " + features);
        }
        if (!(eps > 0) || !Double.isFinite(eps)) {
            throw new IllegalArgumentException("LayerNorm(" + features + "): eps must be positive, got " + eps);
        }
        return new LayerNorm(features, eps);
    }

    /** The gain γ, of shape {@code [features]}. */
    public Parameter weight() {
        return weight;
    }

    /** The bias β, of shape {@code [features]}. */
    public Parameter bias() {
        return bias;
    }

    /** Each row of the last axis normalized, scaled and shifted. */
    @Override
    public Node forward(Node x, Context ctx) {
        if (x.rank() == 0) {
            throw new IllegalArgumentException(this + ": input is a scalar, expected [..., " + features + "]");
        }
        int last = x.shape().dim(x.rank() - 1);
        if (last != features) {
            throw new IllegalArgumentException(this + ": input has " + last + " features");
        }
        Node centered = x.sub(x.mean(-1, true));
        Node scale = x.variance(-1, true).add(eps).sqrt();
        return centered.div(scale).mul(weight.node()).add(bias.node());
    }

    /** {@code weight}, then {@code bias}. */
    @Override
    public Map<String, Parameter> parameters() {
        return Parameters.builder().add("weight", weight).add("bias", bias).build();
    }

    /** {@code LayerNorm(512)}. */
    @Override
    public String toString() {
        return "LayerNorm(" + features + ")";
    }
}
