package leibniz.optim;

import java.util.List;
import leibniz.autograd.Node;

/**
 * Adagrad (Duchi, Hazan and Singer), by PyTorch's formulas: each coordinate's rate shrinks with the
 * sum of its squared gradients. With gradient g, weight decay λ, learning rate η, rate decay δ and step t:
 * <pre>
 * g ← g + λ p
 * s ← s + g²
 * p ← p − η / (1 + (t − 1) δ) · g / (√s + ε)
 * </pre>
 * Defaults: η = 0.01, δ = 0, initial accumulator s₀ = 0, ε = 1e-10, λ = 0. The slot is
 * {@code adagrad.sum.<name>}.
 *
 * <p>One thread at a time, like every {@link Optimizer}.
 */
public final class Adagrad extends RuleOptimizer {
    private static final String OP = "Adagrad";

    private Adagrad(Builder b) {
        super(new OptimizerState(OP, "adagrad", rule(b), b));
    }

    /** The update rule of validated settings. */
    private static AdagradRule rule(Builder b) {
        return new AdagradRule(Check.nonNegative(OP, "learning rate decay", b.learningRateDecay),
                Check.nonNegative(OP, "initial accumulator", b.initialAccumulator), Check.positive(OP, "eps", b.eps));
    }

    /** Adagrad with the default ε and no rate decay. */
    public static Adagrad create(double learningRate) {
        return builder().learningRate(learningRate).build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Settings for {@link Adagrad}. */
    public static final class Builder extends Settings<Builder> {
        private double learningRateDecay;
        private double initialAccumulator;
        private double eps = 1e-10;

        private Builder() {
            super(0.01, 0);
        }

        @Override
        Builder self() {
            return this;
        }

        /** Sets δ, the decay of the rate with the step count. */
        public Builder learningRateDecay(double decay) {
            this.learningRateDecay = decay;
            return this;
        }

        /** Sets s₀, the value every sum of squares starts at. */
        public Builder initialAccumulator(double value) {
            this.initialAccumulator = value;
            return this;
        }

        /** Sets ε, added to the denominator for numerical stability. */
        public Builder eps(double eps) {
            this.eps = eps;
            return this;
        }

        /** The optimizer; refuses invalid settings. */
        public Adagrad build() {
            return new Adagrad(this);
        }
    }

    private record AdagradRule(double decay, double initialSum, double eps) implements Rule {
        public List<String> slots() {
            return List.of("sum");
        }

        @Override
        public double initial(String slot) {
            return initialSum;
        }

        public List<Node> next(Context c) {
            Node g = c.decayedGradient();
            Node s = c.slot(0).add(g.square());
            Node rate = decay == 0 ? c.lr() : c.lr().div(c.t().sub(1).mul(decay).add(1));
            return List.of(c.p().sub(g.div(s.sqrt().add(eps)), rate), s);
        }
    }
}
