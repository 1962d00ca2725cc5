package leibniz.optim;

import java.util.List;
import leibniz.autograd.Node;

/**
 * Stochastic gradient descent with momentum, dampening, Nesterov momentum and weight decay, by PyTorch's
 * formulas. With gradient g, weight decay λ, momentum μ, dampening τ and learning rate η, at step t:
 * <pre>
 * g ← g + λ p
 * b ← g                        if t = 1
 * b ← μ b + (1 − τ) g          otherwise
 * d ← g + μ b   (Nesterov)     or   d ← b
 * p ← p − η d                  (p ← p − η g without momentum)
 * </pre>
 * Defaults: η = 0.01, μ = 0, τ = 0, no Nesterov, λ = 0. The slot is {@code sgd.momentum.<name>}.
 *
 * <p>One thread at a time, like every {@link Optimizer}.
 */
public final class Sgd extends RuleOptimizer {
    private static final String OP = "SGD";

    private Sgd(Builder b) {
        super(new OptimizerState(OP, "sgd", rule(b), b));
    }

    /** The update rule of validated settings. */
    private static SgdRule rule(Builder b) {
        double momentum = Check.unitInterval(OP, "momentum", b.momentum);
        double dampening = Check.closedUnitInterval(OP, "dampening", b.dampening);
        if (b.nesterov && (momentum == 0 || dampening != 0)) {
            throw new IllegalArgumentException("SGD: Nesterov momentum needs a positive momentum and zero dampening, got "
                    + "momentum " + momentum + " and dampening " + dampening);
        }
        return new SgdRule(momentum, dampening, b.nesterov);
    }

    /** Plain gradient descent {@code p ← p − η g}. */
    public static Sgd create(double learningRate) {
        return builder().learningRate(learningRate).build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Settings for {@link Sgd}. */
    public static final class Builder extends Settings<Builder> {
        private double momentum;
        private double dampening;
        private boolean nesterov;

        private Builder() {
            super(0.01, 0);
        }

        @Override
        Builder self() {
            return this;
        }

        /** Sets the momentum μ in [0, 1). */
        public Builder momentum(double momentum) {
            this.momentum = momentum;
            return this;
        }

        /** Sets the dampening τ in [0, 1], the share of the gradient left out of the momentum after step 1. */
        public Builder dampening(double dampening) {
            this.dampening = dampening;
            return this;
        }

        /** Uses Nesterov momentum {@code d = g + μ b}; needs momentum and no dampening. */
        public Builder nesterov(boolean nesterov) {
            this.nesterov = nesterov;
            return this;
        }

        /** The optimizer; refuses invalid settings. */
        public Sgd build() {
            return new Sgd(this);
        }
    }

    private record SgdRule(double momentum, double dampening, boolean nesterov) implements Rule {
        public List<String> slots() {
            return momentum == 0 ? List.of() : List.of("momentum");
        }

        public List<Node> next(Context c) {
            Node g = c.decayedGradient();
            if (momentum == 0) {
                return List.of(c.p().sub(g, c.lr()));
            }
            // The buffer starts at 0 and the first step sets it to g undamped, as PyTorch does:
            // step(t − 1) is 0 on the first step and 1 afterwards, switching the dampening in.
            Node pushed = dampening == 0 ? g
                    : g.mul(Node.scalar(1).sub(c.t().sub(1).step().mul(dampening)));
            Node b = c.slot(0).mul(momentum).add(pushed);
            Node d = nesterov ? g.add(b.mul(momentum)) : b;
            return List.of(c.p().sub(d, c.lr()), b);
        }
    }
}
