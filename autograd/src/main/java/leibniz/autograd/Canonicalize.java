package leibniz.autograd;

import static leibniz.autograd.Patterns.fit;
import static leibniz.autograd.Patterns.isConstant;
import static leibniz.autograd.Patterns.isPositiveZero;
import static leibniz.autograd.Patterns.scalar;
import static leibniz.autograd.Rule.Domain.EXACT;
import static leibniz.autograd.Rule.Domain.ULPS;

import java.util.List;
import leibniz.core.DType;
import leibniz.core.Shape;

/**
 * Canonicalization: one form per value, so that merging finds more common subexpressions and the
 * stabilize and specialize patterns need match one form only. Identities ({@code x·1}, {@code x+0},
 * {@code −(−x)}), constants moved to the right of commutative ops, layout ops composed or dropped.
 * Every rule is exact except where a zero's sign changes, which is said; collecting constants in
 * general reassociates and lives in {@link FastMath}.
 */
final class Canonicalize {
    static final List<Rule> RULES = List.of(
            Rule.of("canonicalize.constantRight", EXACT, Canonicalize::constantRight),
            Rule.of("canonicalize.mulOne", EXACT, Canonicalize::mulOne),
            Rule.of("canonicalize.mulMinusOne", EXACT, Canonicalize::mulMinusOne),
            Rule.of("canonicalize.divOne", EXACT, Canonicalize::divOne),
            Rule.of("canonicalize.divPowerOfTwo", EXACT, Canonicalize::divPowerOfTwo),
            Rule.of("canonicalize.scalePowersOfTwo", EXACT, Canonicalize::scalePowersOfTwo),
            Rule.of("canonicalize.addZero", ULPS, Canonicalize::addZero),
            Rule.of("canonicalize.subZero", EXACT, Canonicalize::subZero),
            Rule.of("canonicalize.zeroSub", ULPS, Canonicalize::zeroSub),
            Rule.of("canonicalize.addSelf", EXACT, Canonicalize::addSelf),
            Rule.of("canonicalize.negNeg", EXACT, Canonicalize::negNeg),
            Rule.of("canonicalize.addNeg", EXACT, Canonicalize::addNeg),
            Rule.of("canonicalize.subNeg", EXACT, Canonicalize::subNeg),
            Rule.of("canonicalize.reshapeReshape", EXACT, Canonicalize::reshapeReshape),
            Rule.of("canonicalize.permutePermute", EXACT, Canonicalize::permutePermute),
            Rule.of("canonicalize.broadcastBroadcast", ULPS, Canonicalize::broadcastBroadcast),
            Rule.of("canonicalize.implicitBroadcast", EXACT, Canonicalize::implicitBroadcast),
            Rule.of("canonicalize.sameShape", EXACT, Canonicalize::sameShape),
            Rule.of("canonicalize.castCast", EXACT, Canonicalize::castCast),
            Rule.of("canonicalize.detachDetach", EXACT, Canonicalize::detachDetach),
            Rule.of("canonicalize.compareInfinity", EXACT, Canonicalize::compareInfinity),
            Rule.of("canonicalize.whereConstant", EXACT, Canonicalize::whereConstant),
            Rule.of("canonicalize.expectation", EXACT, Expectation::drop));

    private Canonicalize() {
    }

    /**
     * {@code c ∘ x → x ∘ c} for a constant c, a non-constant x and a commutative ∘ (add, mul, maximum,
     * minimum). Exact: IEEE addition and multiplication commute, and Java's max and min are symmetric
     * (NaN either side gives NaN, max(−0, +0) is +0 either way); the VJPs are symmetric too.
     */
    static Node constantRight(Node n) {
        Op op = n.op();
        boolean commutative = op instanceof BinaryOps.Add || op instanceof BinaryOps.Mul
                || op instanceof BinaryOps.Maximum || op instanceof BinaryOps.Minimum;
        if (!commutative || !n.input(0).isConstant() || n.input(1).isConstant()) {
            return null;
        }
        return Node.apply(op, n.input(1), n.input(0));
    }

    /** {@code x·1 → x}. Exact: x·1 is x for every x, NaN and ±0 included. */
    static Node mulOne(Node n) {
        return n.op() instanceof BinaryOps.Mul && isConstant(n.input(1), 1) ? fit(n.input(0), n) : null;
    }

    /** {@code x·(−1) → −x}. Exact: both flip the sign bit only. */
    static Node mulMinusOne(Node n) {
        return n.op() instanceof BinaryOps.Mul && isConstant(n.input(1), -1) ? fit(n.input(0).neg(), n) : null;
    }

    /** {@code x/1 → x}. Exact. */
    static Node divOne(Node n) {
        return n.op() instanceof BinaryOps.Div && isConstant(n.input(1), 1) ? fit(n.input(0), n) : null;
    }

    /**
     * {@code x / 2^k → x · 2^−k} for a scalar constant ±2^k whose reciprocal is a normal number of the
     * node's type. Exact: both are the one rounding of the same real number. A mean's VJP divides by the
     * batch size, often a power of two; as a product, it joins {@link #scalePowersOfTwo}.
     */
    static Node divPowerOfTwo(Node n) {
        if (!(n.op() instanceof BinaryOps.Div)) {
            return null;
        }
        Double c = scalar(n.input(1));
        int max = n.dtype() == DType.F32 ? 126 : 1022;
        if (c == null || !Patterns.powerOfTwo(c, -max, max)) {
            return null;
        }
        return n.input(0).mul(Node.scalar(1 / c, n.input(1).dtype()));
    }

    /**
     * {@code (x·a)·b → x·(a·b)} for scalar constants a and b that are ±2^k with 0 ≤ k ≤ 60. Exact:
     * multiplying by a power of two of magnitude at least 1 is exact unless it overflows, and then both
     * sides overflow to the same infinity. (With |a| &lt; 1, x·a could round in the subnormal range, so
     * the rule keeps to k ≥ 0; general constants are {@link FastMath#collectProducts}.)
     */
    static Node scalePowersOfTwo(Node n) {
        if (!(n.op() instanceof BinaryOps.Mul) || !(n.input(0).op() instanceof BinaryOps.Mul)) {
            return null;
        }
        Node inner = n.input(0);
        Double a = scalar(inner.input(1));
        Double b = scalar(n.input(1));
        if (a == null || b == null || !Patterns.powerOfTwo(a, 0, 60) || !Patterns.powerOfTwo(b, 0, 60)) {
            return null;
        }
        return fit(inner.input(0).mul(Patterns.combined(a * b, inner.input(1), n.input(1))), n);
    }

    /**
     * {@code x + 0 → x}. Off by 0 ulps, but not exact: −0 + 0 is +0 in round-to-nearest, while the rule
     * gives −0 (a constant of −0 would be exact; the rule does not tell them apart).
     */
    static Node addZero(Node n) {
        return n.op() instanceof BinaryOps.Add && isConstant(n.input(1), 0) ? fit(n.input(0), n) : null;
    }

    /** {@code x − (+0) → x}. Exact: x − (+0) is x for every x, −0 included (−0 − 0 is −0). */
    static Node subZero(Node n) {
        return n.op() instanceof BinaryOps.Sub && isPositiveZero(n.input(1)) ? fit(n.input(0), n) : null;
    }

    /** {@code 0 − x → −x}. Off by 0 ulps, but 0 − (+0) is +0 where −(+0) is −0. */
    static Node zeroSub(Node n) {
        return n.op() instanceof BinaryOps.Sub && isConstant(n.input(0), 0) ? fit(n.input(1).neg(), n) : null;
    }

    /** {@code x + x → x·2}. Exact: x + x is 2x rounded once, and both overflow together. */
    static Node addSelf(Node n) {
        if (!(n.op() instanceof BinaryOps.Add) || n.input(0) != n.input(1)) {
            return null;
        }
        return n.input(0).mul(Node.scalar(2, n.dtype()));
    }

    /** {@code −(−x) → x}. Exact. */
    static Node negNeg(Node n) {
        return n.op() instanceof UnaryOps.Neg && n.input(0).op() instanceof UnaryOps.Neg ? n.input(0).input(0) : null;
    }

    /** {@code a + (−b) → a − b},  {@code (−a) + b → b − a}. Exact: IEEE defines a − b as a + (−b). */
    static Node addNeg(Node n) {
        if (!(n.op() instanceof BinaryOps.Add)) {
            return null;
        }
        if (n.input(1).op() instanceof UnaryOps.Neg) {
            return n.input(0).sub(n.input(1).input(0));
        }
        return n.input(0).op() instanceof UnaryOps.Neg ? n.input(1).sub(n.input(0).input(0)) : null;
    }

    /** {@code a − (−b) → a + b}. Exact. */
    static Node subNeg(Node n) {
        if (!(n.op() instanceof BinaryOps.Sub) || !(n.input(1).op() instanceof UnaryOps.Neg)) {
            return null;
        }
        return n.input(0).add(n.input(1).input(0));
    }

    /** {@code reshape(reshape(x)) → reshape(x)}. Exact: a reshape only relabels the row-major order. */
    static Node reshapeReshape(Node n) {
        if (!(n.op() instanceof LayoutOps.Reshape) || !(n.input(0).op() instanceof LayoutOps.Reshape)) {
            return null;
        }
        return n.input(0).input(0).reshape(n.shape());
    }

    /** {@code permute(permute(x, p), q) → permute(x, p∘q)}, or x when that is the identity. Exact. */
    static Node permutePermute(Node n) {
        if (!(n.op() instanceof LayoutOps.Permute q) || !(n.input(0).op() instanceof LayoutOps.Permute p)) {
            return null;
        }
        int[] order = new int[q.order().length];
        for (int i = 0; i < order.length; i++) {
            order[i] = p.order()[q.order()[i]];
        }
        return n.input(0).input(0).permute(order);
    }

    /**
     * {@code broadcastTo(broadcastTo(x, s), t) → broadcastTo(x, t)}. The values are exact, both repeating
     * x's; the gradient sums in one pass what the VJPs summed in two, so it may differ by a few ulps.
     */
    static Node broadcastBroadcast(Node n) {
        if (!(n.op() instanceof LayoutOps.BroadcastTo) || !(n.input(0).op() instanceof LayoutOps.BroadcastTo)) {
            return null;
        }
        return n.input(0).input(0).broadcastTo(n.shape());
    }

    /**
     * {@code a ∘ broadcastTo(b) → a ∘ b} (either side) for an elementwise binary ∘, where broadcasting a with
     * b already gives the node's shape. Exact: the op broadcasts the same values itself, without storing
     * them, and its VJP sums the gradient back with the same {@code sumTo}. The VJPs of reductions spread
     * their gradient with explicit broadcasts, which this removes.
     */
    static Node implicitBroadcast(Node n) {
        Op op = n.op();
        boolean elementwise = op instanceof BinaryOps.Add || op instanceof BinaryOps.Sub || op instanceof BinaryOps.Mul
                || op instanceof BinaryOps.Div || op instanceof BinaryOps.Pow || op instanceof BinaryOps.Maximum
                || op instanceof BinaryOps.Minimum || op instanceof BinaryOps.Compare;
        if (!elementwise) {
            return null;
        }
        for (int i = 0; i < 2; i++) {
            Node b = n.input(i);
            Node a = n.input(1 - i);
            if (b.op() instanceof LayoutOps.BroadcastTo && b.input(0).dtype() == b.dtype()
                    && Shape.broadcast(a.shape(), b.input(0).shape(), op.name()).equals(n.shape())) {
                return i == 0 ? Node.apply(op, b.input(0), a) : Node.apply(op, a, b.input(0));
            }
        }
        return null;
    }

    /**
     * {@code reshape}, {@code broadcastTo} or {@code sumTo} to x's own shape, or a permute in the identity
     * order, {@code → x}. Exact.
     */
    static Node sameShape(Node n) {
        Op op = n.op();
        boolean layout = op instanceof LayoutOps.Reshape || op instanceof LayoutOps.BroadcastTo
                || op instanceof LayoutOps.SumTo;
        if (layout && n.input(0).shape().equals(n.shape())) {
            return n.input(0);
        }
        if (op instanceof LayoutOps.Permute p) {
            for (int i = 0; i < p.order().length; i++) {
                if (p.order()[i] != i) {
                    return null;
                }
            }
            return n.input(0);
        }
        return null;
    }

    /**
     * {@code to(x, x's type) → x},  {@code to(to(x, F64), F32) → x} for an F32 x. Exact: widening to F64
     * loses nothing, so narrowing back gives x.
     */
    static Node castCast(Node n) {
        if (!(n.op() instanceof UnaryOps.Cast)) {
            return null;
        }
        Node x = n.input(0);
        if (x.dtype() == n.dtype()) {
            return x;
        }
        boolean roundTrip = x.op() instanceof UnaryOps.Cast && x.input(0).dtype() == n.dtype() && n.dtype() == DType.F32;
        return roundTrip ? x.input(0) : null;
    }

    /** {@code detach(detach(x)) → detach(x)},  {@code detach(c) → c} for a constant. Exact. */
    static Node detachDetach(Node n) {
        if (!(n.op() instanceof UnaryOps.StopGradient)) {
            return null;
        }
        Node x = n.input(0);
        return x.op() instanceof UnaryOps.StopGradient || x.isConstant() ? x : null;
    }

    /**
     * {@code x > +∞},  {@code x < −∞} {@code → 0}. Exact: false for every x, NaN included. The VJP of
     * {@code softplus(1, ∞)}, which stabilization builds, asks {@code x > ∞} to pick its linear branch.
     */
    static Node compareInfinity(Node n) {
        if (!(n.op() instanceof BinaryOps.Compare c)) {
            return null;
        }
        boolean never = c.kind() == BinaryOps.Comparison.GT && isConstant(n.input(1), Double.POSITIVE_INFINITY)
                || c.kind() == BinaryOps.Comparison.LT && isConstant(n.input(1), Double.NEGATIVE_INFINITY);
        return never ? Node.scalar(0, n.dtype()).broadcastTo(n.shape()) : null;
    }

    /** {@code where(c, a, b) → a} where the constant c is non-zero everywhere, {@code → b} where it is 0 everywhere. Exact. */
    static Node whereConstant(Node n) {
        if (!(n.op() instanceof BinaryOps.Where)) {
            return null;
        }
        Double c = Patterns.uniform(n.input(0));
        if (c == null && n.input(0).op() instanceof LayoutOps.BroadcastTo) {
            c = Patterns.uniform(n.input(0).input(0));
        }
        return c == null ? null : fit(n.input(c != 0 ? 1 : 2), n);
    }
}
