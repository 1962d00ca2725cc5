package leibniz.autograd;

import static leibniz.autograd.Patterns.fit;
import static leibniz.autograd.Patterns.isConstant;
import static leibniz.autograd.Rule.Domain.EXACT;
import static leibniz.autograd.Rule.Domain.ULPS;

import java.util.List;

/**
 * Specialization: general ops with a constant operand replaced by the cheaper kernel for that case, as
 * PyTensor's {@code local_pow_specialize}. {@code Math.pow} is specified to within 1 ulp, so the
 * replacements of pow are {@link Rule.Domain#ULPS} (HotSpot computes pow(x, 2) and, for x ≥ +0,
 * pow(x, 0.5) exactly as x·x and √x; pow(x, −1) differs from 1/x by 1 ulp on about one double in 2,000).
 */
final class Specialize {
    static final List<Rule> RULES = List.of(
            Rule.of("specialize.powOne", EXACT, Specialize::powOne),
            Rule.of("specialize.powTwo", ULPS, Specialize::powTwo),
            Rule.of("specialize.powHalf", ULPS, Specialize::powHalf),
            Rule.of("specialize.powMinusOne", ULPS, Specialize::powMinusOne),
            Rule.of("specialize.mulSelf", EXACT, Specialize::mulSelf));

    private Specialize() {
    }

    /** {@code pow(x, 1) → x}. Exact: Java specifies pow(x, 1) as x. */
    static Node powOne(Node n) {
        return exponent(n, 1) ? fit(n.input(0), n) : null;
    }

    /** {@code pow(x, 2) → x²}. Within 1 ulp (exact on HotSpot), ±0, ±∞ and NaN alike. */
    static Node powTwo(Node n) {
        return exponent(n, 2) ? fit(n.input(0).square(), n) : null;
    }

    /**
     * {@code pow(x, 0.5) → √x}. Within 1 ulp (exact on HotSpot) for x ≥ +0, NaN and every negative x (both
     * NaN); they differ at −0, where pow gives +0 and √ gives −0, and at −∞, where pow gives +∞ and √ NaN.
     */
    static Node powHalf(Node n) {
        return exponent(n, 0.5) ? fit(n.input(0).sqrt(), n) : null;
    }

    /** {@code pow(x, −1) → 1/x}. Within 1 ulp; equal at ±0, ±∞ and NaN. */
    static Node powMinusOne(Node n) {
        return exponent(n, -1) ? fit(n.input(0).reciprocal(), n) : null;
    }

    /** {@code x·x → x²}. Exact: the square kernel computes x·x; the VJPs agree too, g·x + g·x being 2(g·x). */
    static Node mulSelf(Node n) {
        return n.op() instanceof BinaryOps.Mul && n.input(0) == n.input(1) ? n.input(0).square() : null;
    }

    private static boolean exponent(Node n, double c) {
        return n.op() instanceof BinaryOps.Pow && isConstant(n.input(1), c);
    }
}
