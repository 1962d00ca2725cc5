package leibniz.optim;

import java.util.List;
import leibniz.autograd.Node;

/**
 * Adadelta (Zeiler), by PyTorch's formulas: the step is scaled by the ratio of running root mean
 * squares of past updates and of gradients. With gradient g, weight decay λ, learning rate η and decay ρ:
 * <pre>
 * g ← g + λ p
 * v ← ρ v + (1 − ρ) g²
 * Δ ← √(u + ε) / √(v + ε) · g
 * u ← ρ u + (1 − ρ) Δ²
 * p ← p − η Δ
 * </pre>
 * Defaults: η = 1, ρ = 0.9, ε = 1e-6, λ = 0. Slots: {@code adadelta.v.<name>} and
 * {@code adadelta.u.<name>}.
 *
 * <p>One thread at a time, like every {@link Optimizer}.
 */
public final class Adadelta extends RuleOptimizer {
    private static final String OP = "Adadelta";

    private Adadelta(Builder b) {
        super(new OptimizerState(OP, "adadelta", rule(b), b));
    }

    /** The update rule of validated settings. */
    private static AdadeltaRule rule(Builder b) {
        return new AdadeltaRule(Check.unitInterval(OP, "rho", b.rho), Check.positive(OP, "eps", b.eps));
    }

    /** Adadelta with the default ρ and ε. */
    public static Adadelta create(double learningRate) {
        return builder().learningRate(learningRate).build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Settings for {@link Adadelta}. */
    public static final class Builder extends Settings<Builder> {
        private double rho = 0.9;
        private double eps = 1e-6;

        private Builder() {
            super(1.0, 0);
        }

        @Override
        Builder self() {
            return this;
        }

        /** Sets ρ, the decay of both running averages, in [0, 1). */
        public Builder rho(double rho) {
            this.rho = rho;
            return this;
        }

        /** Sets ε, which also sets the size of the very first steps. */
        public Builder eps(double eps) {
            this.eps = eps;
            return this;
        }

        /** The optimizer; refuses invalid settings. */
        public Adadelta build() {
            return new Adadelta(this);
        }
    }

    private record AdadeltaRule(double rho, double eps) implements Rule {
        public List<String> slots() {
            return List.of("v", "u");
        }

        public List<Node> next(Context c) {
            Node g = c.decayedGradient();
            Node v = c.slot(0).mul(rho).add(g.square().mul(1 - rho));
            Node delta = c.slot(1).add(eps).sqrt().div(v.add(eps).sqrt()).mul(g);
            Node u = c.slot(1).mul(rho).add(delta.square().mul(1 - rho));
            return List.of(c.p().sub(delta, c.lr()), v, u);
        }
    }
}
