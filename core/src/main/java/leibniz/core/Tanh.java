package leibniz.core;

/**
 * {@code tanh x} and the {@code eˣ − 1} it is made of, fdlibm 5.3's {@code s_tanh.c} and {@code s_expm1.c}
 * in plain Java: bit for bit what {@link StrictMath#tanh} and {@link StrictMath#expm1} return, on every JDK.
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
    private static final double HUGE = 1.0e+300;
    private static final double O_THRESHOLD = 7.09782712893383973096e+02;
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
                double t = expm1(2.0 * Math.abs(x));
                z = 1.0 - 2.0 / (t + 2.0);
            } else {
                double t = expm1(-2.0 * Math.abs(x));
                z = -t / (t + 2.0);
            }
        } else {
            z = 1.0 - TINY;
        }
        return jx >= 0 ? z : -z;
    }

    /** {@code eˣ − 1}, accurate for small x too, as {@code StrictMath.expm1(x)}. */
    static double expm1(double x) {
        int hx = high(x);
        boolean negative = hx < 0;
        hx &= 0x7fffffff;
        if (hx >= 0x4043687A) {
            // |x| ≥ 56 ln 2: eˣ − 1 is eˣ, or −1.
            if (hx >= 0x40862E42) {
                if (hx >= 0x7ff00000) {
                    if (((hx & 0xfffff) | low(x)) != 0) {
                        return x + x;
                    }
                    return negative ? -1.0 : x;
                }
                if (x > O_THRESHOLD) {
                    return HUGE * HUGE;
                }
            }
            if (negative && x + TINY < 0.0) {
                return TINY - 1.0;
            }
        }
        // Argument reduction: x = k ln 2 + r, |r| ≤ 0.5 ln 2, r as hi − lo with the rounding error in c.
        int k;
        double c = 0;
        if (hx > 0x3fd62e42) {
            double hi;
            double lo;
            if (hx < 0x3FF0A2B2) {
                if (!negative) {
                    hi = x - LN2_HI;
                    lo = LN2_LO;
                    k = 1;
                } else {
                    hi = x + LN2_HI;
                    lo = -LN2_LO;
                    k = -1;
                }
            } else {
                k = (int) (INVLN2 * x + (negative ? -0.5 : 0.5));
                double t = k;
                hi = x - t * LN2_HI;
                lo = t * LN2_LO;
            }
            x = hi - lo;
            c = (hi - x) - lo;
        } else if (hx < 0x3c900000) {
            // |x| < 2⁻⁵⁴: x itself (fdlibm's expression, which also raises inexact in C).
            double t = HUGE + x;
            return x - (t - (HUGE + x));
        } else {
            k = 0;
        }
        double hfx = 0.5 * x;
        double hxs = x * hfx;
        double r1 = 1.0 + hxs * (Q1 + hxs * (Q2 + hxs * (Q3 + hxs * (Q4 + hxs * Q5))));
        double t = 3.0 - r1 * hfx;
        double e = hxs * ((r1 - t) / (6.0 - x * t));
        if (k == 0) {
            return x - (x * e - hxs);
        }
        e = x * (e - c) - c;
        e -= hxs;
        if (k == -1) {
            return 0.5 * (x - e) - 0.5;
        }
        if (k == 1) {
            return x < -0.25 ? -2.0 * (e - (x + 0.5)) : 1.0 + 2.0 * (x - e);
        }
        if (k <= -2 || k > 56) {
            return scale(1.0 - (e - x), k) - 1.0;
        }
        if (k < 20) {
            double oneMinus = withHigh(0x3ff00000 - (0x200000 >> k)); // 1 − 2⁻ᵏ
            return scale(oneMinus - (e - x), k);
        }
        double y = x - (e + withHigh((0x3ff - k) << 20)); // 2⁻ᵏ
        return scale(y + 1.0, k);
    }

    /** {@code y · 2ᵏ} by adding k to the exponent, as fdlibm's {@code __HI(y) += k << 20}. */
    private static double scale(double y, int k) {
        return Double.longBitsToDouble(Double.doubleToRawLongBits(y) + ((long) k << 52));
    }

    private static int high(double x) {
        return (int) (Double.doubleToRawLongBits(x) >>> 32);
    }

    private static int low(double x) {
        return (int) Double.doubleToRawLongBits(x);
    }

    /** The double whose high word is {@code hi} and low word 0. */
    private static double withHigh(int hi) {
        return Double.longBitsToDouble((long) hi << 32);
    }
}
