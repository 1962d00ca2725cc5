package leibniz.autograd;

import static leibniz.autograd.Rule.Domain.EXACT;

import java.util.List;
import leibniz.core.Tensor;

/**
 * Constant folding: an op whose inputs are all constants is computed once, at compile time, by the same
 * kernel a run would use, so {@code Node.scalar(2).mul(3).mul(x)} runs as {@code 6·x}. Never folded:
 * leaves (parameters and placeholders are not constants), random draws ({@link RandomOps.Draw}, whose
 * value belongs to a run), and ops whose value is larger than their inputs together (a broadcast, a
 * padding, a one-hot): the program would hold the large value where it held small ones, and a binary op
 * broadcasts a small constant for free.
 */
final class ConstantFolding {
    static final List<Rule> RULES = List.of(Rule.of("constantFolding.fold", EXACT, ConstantFolding::fold));

    private ConstantFolding() {
    }

    /** {@code op(c₁, …, cₙ) → constant op.forward(c₁, …, cₙ)}: exact, the very computation a run would do. */
    static Node fold(Node n) {
        if (n.arity() == 0 || n.op() instanceof RandomOps.Draw) {
            return null;
        }
        long inputSize = 0;
        Tensor[] values = new Tensor[n.arity()];
        for (int i = 0; i < n.arity(); i++) {
            Node in = n.input(i);
            if (!in.isConstant()) {
                return null;
            }
            inputSize += in.shape().size();
        }
        if (n.shape().size() > inputSize) {
            return null;
        }
        for (int i = 0; i < n.arity(); i++) {
            values[i] = n.input(i).op().forward();
        }
        return Node.constant(n.op().forward(values));
    }
}
