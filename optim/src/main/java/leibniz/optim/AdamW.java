package leibniz.optim;

/**
 * AdamW (Loshchilov and Hutter): Adam with weight decay decoupled from the gradient, applied to the
 * parameter directly, by PyTorch's formulas. With gradient g, weight decay λ, learning rate η and step t:
 * <pre>
 * p ← p − η λ p
 * m ← β₁ m + (1 − β₁) g
 * v ← β₂ v + (1 − β₂) g²
 * v̂ ← max(v̂, v)               (AMSGrad; otherwise v̂ = v)
 * p ← p − η / (1 − β₁ᵗ) · m / (√v̂ / √(1 − β₂ᵗ) + ε)
 * </pre>
 * Defaults: η = 0.001, β₁ = 0.9, β₂ = 0.999, ε = 1e-8, λ = 0.01. Slots: {@code adamw.m.<name>},
 * {@code adamw.v.<name>} and with AMSGrad {@code adamw.vmax.<name>}.
 *
 * <p>One thread at a time, like every {@link Optimizer}.
 */
public final class AdamW extends RuleOptimizer {
    private AdamW(Builder b) {
        super(new OptimizerState("AdamW", "adamw", b.rule("AdamW", true), b));
    }

    /** AdamW with default betas, ε and weight decay 0.01. */
    public static AdamW create(double learningRate) {
        return builder().learningRate(learningRate).build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Settings for {@link AdamW}. */
    public static final class Builder extends AdamSettings<Builder> {
        private Builder() {
            super(0.001, 0.01);
        }

        @Override
        Builder self() {
            return this;
        }

        /** The optimizer; refuses invalid settings. */
        public AdamW build() {
            return new AdamW(this);
        }
    }
}
