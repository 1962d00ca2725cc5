package leibniz.autograd;

import static leibniz.autograd.Patterns.fit;
import static leibniz.autograd.Patterns.zeroLike;
import static leibniz.autograd.Rule.Domain.SYMBOLIC;

import java.util.List;

/**
 * The algebra of the symbolic zero ({@link Node#zeros}), the first part of canonicalization. The symbolic
 * zero means "no gradient", not the number 0: it absorbs by definition, so {@code Z·x} is Z even where x
 * is ∞ or NaN (IEEE arithmetic would give NaN), and an op linear in an input that is Z gives Z. These
 * rules run before constant folding, which would compute with Z as an IEEE zero. All are
 * {@link Rule.Domain#SYMBOLIC}: equal to IEEE arithmetic wherever the other operands are finite (and
 * a divisor is not 0).
 */
final class SymbolicZeros {
    static final List<Rule> RULES = List.of(
            Rule.of("zeros.sum", SYMBOLIC, SymbolicZeros::sum),
            Rule.of("zeros.difference", SYMBOLIC, SymbolicZeros::difference),
            Rule.of("zeros.product", SYMBOLIC, SymbolicZeros::product),
            Rule.of("zeros.scaledSum", SYMBOLIC, SymbolicZeros::scaledSum),
            Rule.of("zeros.linear", SYMBOLIC, SymbolicZeros::linear));

    private SymbolicZeros() {
    }

    /** {@code a + Z → a},  {@code Z + b → b}: adding no gradient is the identity. */
    static Node sum(Node n) {
        if (!(n.op() instanceof BinaryOps.Add)) {
            return null;
        }
        if (n.input(1).isZero()) {
            return fit(n.input(0), n);
        }
        return n.input(0).isZero() ? fit(n.input(1), n) : null;
    }

    /** {@code a − Z → a},  {@code Z − b → −b}. */
    static Node difference(Node n) {
        if (!(n.op() instanceof BinaryOps.Sub)) {
            return null;
        }
        if (n.input(1).isZero()) {
            return fit(n.input(0), n);
        }
        return n.input(0).isZero() ? fit(n.input(1).neg(), n) : null;
    }

    /** {@code a·Z → Z},  {@code Z·b → Z},  {@code Z / b → Z}: Z absorbs, whatever the other factor holds. */
    static Node product(Node n) {
        boolean mul = n.op() instanceof BinaryOps.Mul && (n.input(0).isZero() || n.input(1).isZero());
        boolean div = n.op() instanceof BinaryOps.Div && n.input(0).isZero();
        return mul || div ? zeroLike(n) : null;
    }

    /** {@code a + α·Z → a},  {@code a + Z·b → a},  {@code Z + α·b → α·b}: an optimizer step on no gradient. */
    static Node scaledSum(Node n) {
        if (!(n.op() instanceof BinaryOps.AddScaled)) {
            return null;
        }
        if (n.input(1).isZero() || n.input(2).isZero()) {
            return fit(n.input(0), n);
        }
        return n.input(0).isZero() ? fit(n.input(1).mul(n.input(2)), n) : null;
    }

    /**
     * {@code f(Z) → Z} for every op f linear in the input that is Z: negation, the layout ops, casts,
     * stop-gradient, sums and means, sliding windows, selecting or gathering from Z and adding or
     * scattering Z, a matrix product with Z, a concatenation of Zs, a selection between Zs, and the fused
     * activation VJPs of a zero gradient.
     */
    static Node linear(Node n) {
        Op op = n.op();
        boolean zero;
        if (op instanceof IndexOps.ScatterAdd || op instanceof IndexOps.IndexAdd || op instanceof UnaryOps.TanhBackward
                || op instanceof UnaryOps.SigmoidBackward) {
            zero = n.input(1).isZero();
        } else if (op instanceof MatMulOp) {
            zero = first(n) || n.input(1).isZero();
        } else if (op instanceof LayoutOps.Concat) {
            zero = n.inputs().stream().allMatch(Node::isZero);
        } else if (op instanceof BinaryOps.Where) {
            zero = n.input(1).isZero() && n.input(2).isZero();
        } else {
            zero = first(n) && linearInFirst(op);
        }
        return zero ? zeroLike(n) : null;
    }

    private static boolean linearInFirst(Op op) {
        return op instanceof UnaryOps.Neg || op instanceof UnaryOps.Cast || op instanceof UnaryOps.StopGradient
                || op instanceof LayoutOps.Reshape || op instanceof LayoutOps.Permute
                || op instanceof LayoutOps.BroadcastTo || op instanceof LayoutOps.SumTo || op instanceof LayoutOps.Slice
                || op instanceof LayoutOps.Pad || op instanceof WindowOps.Unfold || op instanceof WindowOps.Fold
                || op instanceof IndexOps.Gather || op instanceof IndexOps.IndexSelect
                || op instanceof ReductionOps.Sum || op instanceof ReductionOps.Mean;
    }

    private static boolean first(Node n) {
        return n.arity() > 0 && n.input(0).isZero();
    }
}
