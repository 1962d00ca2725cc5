package leibniz.core;

/**
 * {@code tanh x} and the {@code eˣ − 1} it is made of, fdlibm 5.3's {@code s_tanh.c} and {@code s_expm1.c}
 * in plain Java: bit for bit what {@link StrictMath#tanh} returns (and {@link StrictMath#expm1}, over the
 * arguments tanh gives it), on every JDK.
 *
 * <p>Why not {@link Math#tanh}: on JDK 17 it calls the native {@code StrictMath.tanh} through JNI, about
 * 55 ns a call, which is the whole cost of a chain of scalar tanh; and from JDK 24 on x86 it is an
 * intrinsic whose last bits may differ from StrictMath's (Math only promises 2.5 ulps). This port runs at
 * the speed of ordinary arithmetic that the JIT inlines, and gives the same bits on any JDK and any
 * processor, so a program's results do not change with the JVM it runs on.
 *
 * <p>The constants and the order of every operation are fdlibm's; only the bit twiddling on the high
 * word of a double is written with {@link Double#doubleToRawLongBits}.
 */
final class Tanh {
    private static final double TINY = 1.0e-300;
    private static final double LN2_HI = 6.93147180369123816490e-01;
    private static final double LN2_LO = 1.90821492927058770002e-10;
    private static final double INVLN2 = 1.44269504088896338700e+00;
    // Scaled coefficients of expm1's rational approximation on [-0.5 ln 2, 0.5 ln 2].
    private static final double Q1 = -3.33333333333331316428e-02;
    private static final double Q2 = 1.58730158725481460165e-03;
    private static final double Q3 = -7.93650757867487942473e-05;
    private static final double Q4 = 4.00821782732936239552e-06;
    private static final double Q5 = -2.01099218183624371326e-07;

    private Tanh() {
    }

    /**
     * {@code tanh x = (e²ˣ − 1)/(e²ˣ + 1)}, as {@code StrictMath.tanh(x)}: x itself below 2⁻⁵⁵ in magnitude,
     * {@code −t/(t + 2)} with {@code t = expm1(−2|x|)} below 1, {@code 1 − 2/(t + 2)} with
     * {@code t = expm1(2|x|)} below 22, and ±1 beyond.
     */
    static double tanh(double x) {
        int jx = high(x);
        int ix = jx & 0x7fffffff;
        if (ix >= 0x7ff00000) {
            // tanh(±∞) = ±1, tanh(NaN) = NaN.
            return jx >= 0 ? 1.0 / x + 1.0 : 1.0 / x - 1.0;
        }
        double z;
        if (ix < 0x40360000) {
            if (ix < 0x3c800000) {
                return x * (1.0 + x);
            }
            if (ix >= 0x3ff00000) {
                double t = expm1From2(2.0 * Math.abs(x));
                z = 1.0 - 2.0 / (t + 2.0);
            } else {
                double t = expm1Negative(-2.0 * Math.abs(x));
                z = -t / (t + 2.0);
            }
        } else {
            z = 1.0 - TINY;
        }
        return jx >= 0 ? z : -z;
    }

    // fdlibm's expm1 in two parts, each with only the branches its arguments from tanh take, so that each is
    // small enough for the JIT to inline into a loop (the whole function is not).

    /**
     * {@code eˣ − 1} for x in (−2, −2⁻⁵⁴], as {@code StrictMath.expm1(x)}: fdlibm's argument reductions
     * {@code x = k ln 2 + r} for k = 0, −1 and ≤ −2.
     */
    static double expm1Negative(double x) {
        int hx = high(x) & 0x7fffffff;
        int k = 0;
        double c = 0;
        if (hx > 0x3fd62e42) {
            double hi;
            double lo;
            if (hx < 0x3FF0A2B2) {
                hi = x + LN2_HI;
                lo = -LN2_LO;
                k = -1;
            } else {
                k = (int) (INVLN2 * x - 0.5);
                double t = k;
                hi = x - t * LN2_HI;
                lo = t * LN2_LO;
            }
            x = hi - lo;
            c = (hi - x) - lo;
        }
        double hfx = 0.5 * x;
        double hxs = x * hfx;
        double e = correction(x, hfx, hxs);
        if (k == 0) {
            return x - (x * e - hxs);
        }
        e = x * (e - c) - c;
        e -= hxs;
        return k == -1 ? 0.5 * (x - e) - 0.5 : scale(1.0 - (e - x), k) - 1.0;
    }

    /** {@code eˣ − 1} for x in [2, 44), as {@code StrictMath.expm1(x)}: fdlibm's reduction for k from 3 to 63. */
    static double expm1From2(double x) {
        int k = (int) (INVLN2 * x + 0.5);
        double t = k;
        double hi = x - t * LN2_HI;
        double lo = t * LN2_LO;
        x = hi - lo;
        double c = (hi - x) - lo;
        double hfx = 0.5 * x;
        double hxs = x * hfx;
        double e = x * (correction(x, hfx, hxs) - c) - c;
        e -= hxs;
        if (k > 56) {
            return scale(1.0 - (e - x), k) - 1.0;
        }
        if (k < 20) {
            return scale(withHigh(0x3ff00000 - (0x200000 >> k)) - (e - x), k); // (1 − 2⁻ᵏ) − (e − x)
        }
        return scale(x - (e + withHigh((0x3ff - k) << 20)) + 1.0, k); // x − (e + 2⁻ᵏ) + 1
    }

    /** fdlibm's {@code e} for the reduced r = x: {@code hxs·((r1 − t)/(6 − x·t))} from its rational approximation. */
    private static double correction(double x, double hfx, double hxs) {
        double r1 = 1.0 + hxs * (Q1 + hxs * (Q2 + hxs * (Q3 + hxs * (Q4 + hxs * Q5))));
        double t = 3.0 - r1 * hfx;
        return hxs * ((r1 - t) / (6.0 - x * t));
    }

    /** {@code y · 2ᵏ} by adding k to the exponent, as fdlibm's {@code __HI(y) += k << 20}. */
    private static double scale(double y, int k) {
        return Double.longBitsToDouble(Double.doubleToRawLongBits(y) + ((long) k << 52));
    }

    private static int high(double x) {
        return (int) (Double.doubleToRawLongBits(x) >>> 32);
    }

    /** The double whose high word is {@code hi} and low word 0. */
    private static double withHigh(int hi) {
        return Double.longBitsToDouble((long) hi << 32);
    }
}
