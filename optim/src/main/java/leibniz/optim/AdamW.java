package leibniz.optim;

import java.util.List;
import java.util.Map;
import leibniz.autograd.Assign;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;

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
 */
public final class AdamW implements Optimizer {
    private final OptimizerState state;

    private AdamW(Builder b) {
        String op = "AdamW";
        AdamRule rule = new AdamRule(Check.unitInterval(op, "beta1", b.beta1), Check.unitInterval(op, "beta2", b.beta2),
                Check.positive(op, "eps", b.eps), b.amsgrad, true);
        this.state = new OptimizerState(op, "adamw", rule, b);
    }

    /** AdamW with default betas, ε and weight decay 0.01. */
    public static AdamW create(double learningRate) {
        return builder().learningRate(learningRate).build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public List<Assign> step(List<Parameter> parameters, List<Node> gradients) {
        return state.step(parameters, gradients);
    }

    @Override
    public Map<String, Parameter> state() {
        return state.state();
    }

    @Override
    public double learningRate() {
        return state.learningRate();
    }

    @Override
    public void setLearningRate(double rate) {
        state.setLearningRate(rate);
    }

    /** Settings for {@link AdamW}. */
    public static final class Builder extends Settings<Builder> {
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double eps = 1e-8;
        private boolean amsgrad;

        private Builder() {
            super(0.001, 0.01);
        }

        @Override
        Builder self() {
            return this;
        }

        /** Sets β₁, the decay of the first-moment average, in [0, 1). */
        public Builder beta1(double beta1) {
            this.beta1 = beta1;
            return this;
        }

        /** Sets β₂, the decay of the second-moment average, in [0, 1). */
        public Builder beta2(double beta2) {
            this.beta2 = beta2;
            return this;
        }

        /** Sets ε, added to the denominator for numerical stability. */
        public Builder eps(double eps) {
            this.eps = eps;
            return this;
        }

        /** Uses AMSGrad: the denominator uses the largest second moment seen so far. */
        public Builder amsgrad(boolean amsgrad) {
            this.amsgrad = amsgrad;
            return this;
        }

        /** The optimizer; refuses invalid settings. */
        public AdamW build() {
            return new AdamW(this);
        }
    }
}
