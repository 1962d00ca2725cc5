package leibniz.optim;

import java.util.ArrayList;
import java.util.List;
import leibniz.autograd.Node;

/**
 * RMSprop (Tieleman and Hinton), optionally centered and with momentum, by PyTorch's formulas. With
 * gradient g, weight decay λ, learning rate η, smoothing α and momentum μ:
 * <pre>
 * g ← g + λ p
 * v ← α v + (1 − α) g²
 * a ← α a + (1 − α) g;  d ← √(v − a²) + ε      (centered)
 *                        d ← √v + ε             (otherwise)
 * b ← μ b + g / d;  p ← p − η b               (with momentum)
 * p ← p − η g / d                               (otherwise)
 * </pre>
 * Defaults: η = 0.01, α = 0.99, ε = 1e-8, μ = 0, not centered, λ = 0. Slots: {@code rmsprop.v.<name>},
 * and {@code rmsprop.mean.<name>} when centered, {@code rmsprop.momentum.<name>} with momentum.
 *
 * <p>One thread at a time, like every {@link Optimizer}.
 */
public final class RmsProp extends RuleOptimizer {
    private static final String OP = "RMSprop";

    private RmsProp(Builder b) {
        super(new OptimizerState(OP, "rmsprop", rule(b), b));
    }

    /** The update rule of validated settings. */
    private static RmsPropRule rule(Builder b) {
        return new RmsPropRule(Check.unitInterval(OP, "alpha", b.alpha), Check.positive(OP, "eps", b.eps),
                Check.unitInterval(OP, "momentum", b.momentum), b.centered);
    }

    /** RMSprop with the default α and ε, no momentum, not centered. */
    public static RmsProp create(double learningRate) {
        return builder().learningRate(learningRate).build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Settings for {@link RmsProp}. */
    public static final class Builder extends Settings<Builder> {
        private double alpha = 0.99;
        private double eps = 1e-8;
        private double momentum;
        private boolean centered;

        private Builder() {
            super(0.01, 0);
        }

        @Override
        Builder self() {
            return this;
        }

        /** Sets α, the decay of the average of squared gradients, in [0, 1). */
        public Builder alpha(double alpha) {
            this.alpha = alpha;
            return this;
        }

        /** Sets ε, added to the denominator for numerical stability. */
        public Builder eps(double eps) {
            this.eps = eps;
            return this;
        }

        /** Sets the momentum μ in [0, 1). */
        public Builder momentum(double momentum) {
            this.momentum = momentum;
            return this;
        }

        /** Centers the second moment: divides by an estimate of the variance of g instead of its mean square. */
        public Builder centered(boolean centered) {
            this.centered = centered;
            return this;
        }

        /** The optimizer; refuses invalid settings. */
        public RmsProp build() {
            return new RmsProp(this);
        }
    }

    private record RmsPropRule(double alpha, double eps, double momentum, boolean centered) implements Rule {
        public List<String> slots() {
            List<String> s = new ArrayList<>(List.of("v"));
            if (centered) {
                s.add("mean");
            }
            if (momentum > 0) {
                s.add("momentum");
            }
            return s;
        }

        public List<Node> next(Context c) {
            Node g = c.decayedGradient();
            List<Node> out = new ArrayList<>();
            Node v = c.slot(0).mul(alpha).add(g.square().mul(1 - alpha));
            out.add(v);
            Node d;
            if (centered) {
                Node a = c.slot(1).mul(alpha).add(g.mul(1 - alpha));
                out.add(a);
                d = v.sub(a.square()).sqrt().add(eps);
            } else {
                d = v.sqrt().add(eps);
            }
            Node p;
            if (momentum > 0) {
                Node b = c.slot(out.size()).mul(momentum).add(g.div(d));
                out.add(b);
                p = c.p().sub(b, c.lr());
            } else {
                p = c.p().sub(g.div(d), c.lr());
            }
            out.add(0, p);
            return out;
        }
    }
}
