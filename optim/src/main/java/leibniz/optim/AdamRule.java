package leibniz.optim;

import java.util.List;
import leibniz.autograd.Node;

/**
 * Adam's update, shared by {@link Adam} (weight decay added to the gradient) and {@link AdamW} (weight
 * decay applied to the parameter, decoupled from the moments).
 */
record AdamRule(double beta1, double beta2, double eps, boolean amsgrad, boolean decoupled) implements Rule {
    public List<String> slots() {
        return amsgrad ? List.of("m", "v", "vmax") : List.of("m", "v");
    }

    public List<Node> next(Context c) {
        Node g = decoupled ? c.g() : c.decayedGradient();
        Node m = c.slot(0).mul(beta1).add(g.mul(1 - beta1));
        Node v = c.slot(1).mul(beta2).add(g.square().mul(1 - beta2));
        Node vhat = amsgrad ? c.slot(2).maximum(v) : v;
        // The moments start at 0, so early on they underestimate by the factors 1 − β^t.
        Node bc1 = Node.scalar(1).sub(Node.scalar(beta1).pow(c.t()));
        Node bc2 = Node.scalar(1).sub(Node.scalar(beta2).pow(c.t()));
        Node denom = vhat.sqrt().div(bc2.sqrt()).add(eps);
        Node p = c.p();
        if (decoupled && c.weightDecay() != 0) {
            p = p.sub(p.mul(c.lr()).mul(c.weightDecay()));
        }
        // PyTorch's order: p − (η / (1 − β₁ᵗ)) · (m / denom), the subtraction fused with the scaling.
        Node next = p.sub(m.div(denom), c.lr().div(bc1));
        return amsgrad ? List.of(next, m, v, vhat) : List.of(next, m, v);
    }
}
