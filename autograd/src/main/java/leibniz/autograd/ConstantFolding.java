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
    static final List<Rule> RULES = List.of(
            Rule.of("constantFolding.fold", EXACT, ConstantFolding::fold),
            Rule.of("constantFolding.broadcastLast", EXACT, ConstantFolding::broadcastLast));

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

    /**
     * {@code f(broadcastTo(c), d) → broadcastTo(f(c, d))} for an elementwise f of constants, and
     * {@code reshape(broadcastTo(c)) → broadcastTo(c)} for a one-element c: computed on the small
     * constants, which fold, and broadcast last, so that a broadcast seed (a mean's VJP) folds without
     * storing its full size. Exact: the same values, and no gradient flows into constants.
     */
    static Node broadcastLast(Node n) {
        Op op = n.op();
        if (op instanceof LayoutOps.Reshape && n.input(0).op() instanceof LayoutOps.BroadcastTo
                && n.input(0).input(0).op() instanceof Leaves.Constant && n.input(0).input(0).shape().size() == 1) {
            return n.input(0).input(0).reshape(new int[0]).broadcastTo(n.shape());
        }
        if (!(op instanceof UnaryOps.Elementwise) && !(op instanceof BinaryOps.Broadcasting)) {
            return null;
        }
        Node[] small = new Node[n.arity()];
        boolean broadcast = false;
        for (int i = 0; i < small.length; i++) {
            Node in = n.input(i);
            broadcast |= in.op() instanceof LayoutOps.BroadcastTo;
            small[i] = in.op() instanceof LayoutOps.BroadcastTo ? in.input(0) : in;
            if (!(small[i].op() instanceof Leaves.Constant)) {
                return null;
            }
        }
        return broadcast ? Node.apply(op, small).broadcastTo(n.shape()) : null;
    }
}
