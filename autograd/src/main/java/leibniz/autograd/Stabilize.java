package leibniz.autograd;

import static leibniz.autograd.Patterns.fit;
import static leibniz.autograd.Patterns.isConstant;
import static leibniz.autograd.Rule.Domain.STABILIZE;

import java.util.List;

/**
 * Stabilization, after PyTensor's {@code stabilize} database: expressions that overflow, divide ∞ by ∞ or
 * cancel, replaced by forms equal in exact arithmetic that do not. A hand-written
 * {@code log(exp(z) / Σ exp(z))} is NaN at |z| = 1000, its rewrite {@code z − logsumexp(z)} is not, and
 * so are their gradients. All are {@link Rule.Domain#STABILIZE}. Some patterns come out of others:
 * {@code log(1 − σ(x))} is {@link #oneMinusSigmoid} then {@link #logSigmoid}, and {@code log(1 + e^x)}
 * is {@link #log1p} then {@link #softplus}.
 */
final class Stabilize {
    static final List<Rule> RULES = List.of(
            Rule.of("stabilize.logExp", STABILIZE, Stabilize::logExp),
            Rule.of("stabilize.logSoftmax", STABILIZE, Stabilize::logSoftmax),
            Rule.of("stabilize.logSumExp", STABILIZE, Stabilize::logSumExp),
            Rule.of("stabilize.logAddExp", STABILIZE, Stabilize::logAddExp),
            Rule.of("stabilize.logSigmoid", STABILIZE, Stabilize::logSigmoid),
            Rule.of("stabilize.log1pNegSigmoid", STABILIZE, Stabilize::log1pNegSigmoid),
            Rule.of("stabilize.oneMinusSigmoid", STABILIZE, Stabilize::oneMinusSigmoid),
            Rule.of("stabilize.log1p", STABILIZE, Stabilize::log1p),
            Rule.of("stabilize.softplus", STABILIZE, Stabilize::softplus),
            Rule.of("stabilize.sigmoid", STABILIZE, Stabilize::sigmoid),
            Rule.of("stabilize.sqrtSquare", STABILIZE, Stabilize::sqrtSquare));

    private Stabilize() {
    }

    /** {@code log(e^x) → x}: e^x overflows above 709 and underflows below −745, x does neither. */
    static Node logExp(Node n) {
        return isLog(n) && n.input(0).op() instanceof UnaryOps.Exp ? n.input(0).input(0) : null;
    }

    /**
     * {@code log(e^y / Σ e^y) → y − logsumexp(y)} over the sum's axes (kept, or unsqueezed back), where y
     * is x or x shifted by its maximum over those axes; shifted, the rewrite is {@code x − logsumexp(x)},
     * the shift cancelling exactly. The naive form is NaN (∞/∞) once some y passes 709.
     */
    static Node logSoftmax(Node n) {
        if (!isLog(n) || !(n.input(0).op() instanceof BinaryOps.Div)) {
            return null;
        }
        Node numerator = n.input(0).input(0);
        Node denominator = n.input(0).input(1);
        Node sum = denominator.op() instanceof LayoutOps.Reshape ? denominator.input(0) : denominator;
        if (!(numerator.op() instanceof UnaryOps.Exp) || !(sum.op() instanceof ReductionOps.Sum r)
                || sum.input(0) != numerator) {
            return null;
        }
        Node y = numerator.input(0);
        Axes kept = r.axes().keeping();
        if (!denominator.shape().equals(kept.kept(y.shape())) && !r.axes().flat()) {
            return null;
        }
        Node x = unshifted(y, kept);
        return fit(x.sub(Node.apply(new ReductionOps.LogSumExp(kept), x)), n);
    }

    /** x if {@code y = x − max(x)} (or its detached max) over {@code kept}; else y. */
    private static Node unshifted(Node y, Axes kept) {
        if (!(y.op() instanceof BinaryOps.Sub)) {
            return y;
        }
        Node m = y.input(1).op() instanceof UnaryOps.StopGradient ? y.input(1).input(0) : y.input(1);
        // Kept, or over every element: otherwise x − max would broadcast along other axes, not shift.
        boolean shift = m.op() instanceof ReductionOps.Max max && m.input(0) == y.input(0)
                && java.util.Arrays.equals(max.axes().list(), kept.list()) && (max.axes().keepDims() || max.axes().flat());
        return shift ? y.input(0) : y;
    }

    /** {@code log(Σ e^x) → logsumexp(x)} over the same axes: the sum overflows, logsumexp does not. */
    static Node logSumExp(Node n) {
        if (!isLog(n) || !(n.input(0).op() instanceof ReductionOps.Sum r)
                || !(n.input(0).input(0).op() instanceof UnaryOps.Exp)) {
            return null;
        }
        return Node.apply(new ReductionOps.LogSumExp(r.axes()), n.input(0).input(0).input(0));
    }

    /**
     * {@code log(e^a + e^b) → logsumexp([a, b])}, a and b broadcast to the sum's shape and stacked on a new
     * axis: stable, and exact at a = b = ±∞ where a max-based form would subtract ∞ from ∞.
     */
    static Node logAddExp(Node n) {
        if (!isLog(n) || !(n.input(0).op() instanceof BinaryOps.Add)) {
            return null;
        }
        Node sum = n.input(0);
        if (!(sum.input(0).op() instanceof UnaryOps.Exp) || !(sum.input(1).op() instanceof UnaryOps.Exp)) {
            return null;
        }
        Node a = fit(sum.input(0).input(0), sum);
        Node b = fit(sum.input(1).input(0), sum);
        return Node.stack(0, a, b).logsumexp(0);
    }

    /** {@code log σ(x) → −softplus(−x)}: σ(x) underflows to 0 below −745, so its log is −∞ instead of x. */
    static Node logSigmoid(Node n) {
        return isLog(n) && n.input(0).op() instanceof UnaryOps.Sigmoid ? softplusOf(n.input(0).input(0).neg()).neg()
                : null;
    }

    /** {@code log1p(−σ(x)) → −softplus(x)}: 1 − σ(x) cancels to 0 above 37. */
    static Node log1pNegSigmoid(Node n) {
        if (!(n.op() instanceof UnaryOps.Log1p) || !(n.input(0).op() instanceof UnaryOps.Neg)
                || !(n.input(0).input(0).op() instanceof UnaryOps.Sigmoid)) {
            return null;
        }
        return softplusOf(n.input(0).input(0).input(0)).neg();
    }

    /** {@code 1 − σ(x) → σ(−x)}: the difference cancels to 0 above 37 where σ(−x) is still e^−x. */
    static Node oneMinusSigmoid(Node n) {
        if (!(n.op() instanceof BinaryOps.Sub) || !isConstant(n.input(0), 1)
                || !(n.input(1).op() instanceof UnaryOps.Sigmoid)) {
            return null;
        }
        return fit(n.input(1).input(0).neg().sigmoid(), n);
    }

    /** {@code log(1 + x) → log1p(x)}: 1 + x loses x's digits below 1e-16, log1p keeps them. */
    static Node log1p(Node n) {
        if (!isLog(n) || !(n.input(0).op() instanceof BinaryOps.Add) || !isConstant(n.input(0).input(1), 1)) {
            return null;
        }
        return fit(n.input(0).input(0).log1p(), n);
    }

    /** {@code log1p(e^x) → softplus(x)}: e^x overflows above 709. */
    static Node softplus(Node n) {
        if (!(n.op() instanceof UnaryOps.Log1p) || !(n.input(0).op() instanceof UnaryOps.Exp)) {
            return null;
        }
        return softplusOf(n.input(0).input(0));
    }

    /**
     * {@code e^x / (1 + e^x) → σ(x)},  {@code 1 / (1 + e^y) → σ(−y)} and {@code reciprocal(1 + e^y) → σ(−y)}:
     * the quotient is ∞/∞ above 709, and 1/(1 + e^y) is what σ(−y) computes without the overflow.
     */
    static Node sigmoid(Node n) {
        boolean div = n.op() instanceof BinaryOps.Div;
        if (!div && !(n.op() instanceof UnaryOps.Reciprocal)) {
            return null;
        }
        Node denominator = n.input(div ? 1 : 0);
        if (!(denominator.op() instanceof BinaryOps.Add) || !isConstant(denominator.input(1), 1)
                || !(denominator.input(0).op() instanceof UnaryOps.Exp)) {
            return null;
        }
        Node exp = denominator.input(0);
        Node y = exp.input(0);
        if (!div || isConstant(n.input(0), 1)) {
            return fit(y.neg().sigmoid(), n);
        }
        return n.input(0) == exp ? fit(y.sigmoid(), n) : null;
    }

    /** {@code √(x²) → |x|}: x² overflows above 1.3e154 and underflows below 1.5e-154; its VJP is 0/0 at 0. */
    static Node sqrtSquare(Node n) {
        return n.op() instanceof UnaryOps.Sqrt && n.input(0).op() instanceof UnaryOps.Square
                ? n.input(0).input(0).abs() : null;
    }

    private static boolean isLog(Node n) {
        return n.op() instanceof UnaryOps.Log;
    }

    /**
     * {@code ln(1 + e^x)} exactly, without PyTorch's linear branch above a threshold (at 20, which would
     * be off by e^−20): the primitive computes it without overflow everywhere.
     */
    static Node softplusOf(Node x) {
        return x.softplus(1, Double.POSITIVE_INFINITY);
    }
}
