package leibniz.optim;

/**
 * Adam (Kingma and Ba), optionally AMSGrad, with weight decay added to the gradient (L2), by PyTorch's
 * formulas. With gradient g, weight decay λ, learning rate η and step t:
 * <pre>
 * g ← g + λ p
 * m ← β₁ m + (1 − β₁) g
 * v ← β₂ v + (1 − β₂) g²
 * v̂ ← max(v̂, v)               (AMSGrad; otherwise v̂ = v)
 * p ← p − η / (1 − β₁ᵗ) · m / (√v̂ / √(1 − β₂ᵗ) + ε)
 * </pre>
 * Defaults: η = 0.001, β₁ = 0.9, β₂ = 0.999, ε = 1e-8, λ = 0. Slots: {@code adam.m.<name>},
 * {@code adam.v.<name>} and with AMSGrad {@code adam.vmax.<name>}.
 *
 * <p>One thread at a time, like every {@link Optimizer}.
 */
public final class Adam extends RuleOptimizer {
    private Adam(Builder b) {
        super(new OptimizerState("Adam", "adam", b.rule("Adam", false), b));
    }

    /** Adam with default betas and ε. */
    public static Adam create(double learningRate) {
        return builder().learningRate(learningRate).build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Settings for {@link Adam}. */
    public static final class Builder extends AdamSettings<Builder> {
        private Builder() {
            super(0.001, 0);
        }

        @Override
        Builder self() {
            return this;
        }

        /** The optimizer; refuses invalid settings. */
        public Adam build() {
            return new Adam(this);
        }
    }
}
