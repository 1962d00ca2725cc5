package leibniz.autograd;

import static leibniz.autograd.Patterns.fit;
import static leibniz.autograd.Patterns.isConstant;
import static leibniz.autograd.Patterns.scalar;
import static leibniz.autograd.Rule.Domain.FAST_MATH;

import java.util.List;

/**
 * Rewrites that change some finite results, applied only with {@code Program.Options.fastMath(true)}, as
 * compilers do under {@code -ffast-math}: reassociation rounds differently (a few ulps, more where terms
 * cancel), and {@code x·0 → 0} is wrong where x is ∞ or NaN.
 */
final class FastMath {
    static final List<Rule> RULES = List.of(
            Rule.of("fastMath.mulZero", FAST_MATH, FastMath::mulZero),
            Rule.of("fastMath.collectProducts", FAST_MATH, FastMath::collectProducts),
            Rule.of("fastMath.collectSums", FAST_MATH, FastMath::collectSums),
            Rule.of("fastMath.divByConstant", FAST_MATH, FastMath::divByConstant));

    private FastMath() {
    }

    /** {@code x·0 → 0}: NaN where x is ±∞ or NaN, and the zero's sign is lost. */
    static Node mulZero(Node n) {
        if (!(n.op() instanceof BinaryOps.Mul) || !isConstant(n.input(1), 0)) {
            return null;
        }
        return Node.scalar(0, n.dtype()).broadcastTo(n.shape());
    }

    /** {@code (x·a)·b → x·(a·b)} for scalar constants: one rounding instead of two, and a·b may overflow. */
    static Node collectProducts(Node n) {
        if (!(n.op() instanceof BinaryOps.Mul) || !(n.input(0).op() instanceof BinaryOps.Mul)) {
            return null;
        }
        Double a = scalar(n.input(0).input(1));
        Double b = scalar(n.input(1));
        return a == null || b == null ? null : fit(n.input(0).input(0).mul(Patterns.combined(a * b, n.input(0).input(1), n.input(1))), n);
    }

    /** {@code (x + a) + b → x + (a + b)} for scalar constants: reassociation rounds differently. */
    static Node collectSums(Node n) {
        if (!(n.op() instanceof BinaryOps.Add) || !(n.input(0).op() instanceof BinaryOps.Add)) {
            return null;
        }
        Double a = scalar(n.input(0).input(1));
        Double b = scalar(n.input(1));
        return a == null || b == null ? null : fit(n.input(0).input(0).add(Patterns.combined(a + b, n.input(0).input(1), n.input(1))), n);
    }

    /** {@code x / c → x · (1/c)} for a scalar constant c: 1/c is rounded, then the product (up to 1.5 ulps). */
    static Node divByConstant(Node n) {
        if (!(n.op() instanceof BinaryOps.Div)) {
            return null;
        }
        Double c = scalar(n.input(1));
        return c == null ? null : fit(n.input(0).mul(Node.scalar(1 / c, n.input(1).dtype())), n);
    }

}
