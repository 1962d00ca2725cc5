package leibniz.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The Java port of fdlibm's tanh (and of expm1 over the arguments tanh gives it) against the JDK's
 * {@code StrictMath} (fdlibm itself: native C on JDK 17, fdlibm's Java port on later JDKs), compared bit for
 * bit, NaN payloads and the sign of zero included.
 */
class TanhProperties {
    /** Where fdlibm's branches switch: 2⁻⁵⁵, 2⁻⁵⁴, 2⁻²⁸, ln 2 / 2, 1, 3 ln 2 / 2, 22, 56 ln 2, expm1's overflow. */
    private static final double[] BOUNDARIES = {
        0x1p-55, 0x1p-54, 0x1p-28, 0.5 * Math.log(2), 0.5, 1, 1.5 * Math.log(2), 2, 11, 22, 44, 56 * Math.log(2),
        7.09782712893383973096e+02, 710, 0x1p-1022, Double.MIN_VALUE, Double.MAX_VALUE,
    };

    @Property(tries = 3000)
    void tanhIsStrictMathsTanhBitForBit(@ForAll("doubles") double x) {
        assertSameBits(StrictMath.tanh(x), Tanh.tanh(x), "tanh", x);
        assertSameBits(StrictMath.tanh(x), Scalars.tanh(x), "tanh", x);
    }

    @Property(tries = 3000)
    void expm1IsStrictMathsExpm1BitForBitWhereTanhCallsIt(@ForAll("doubles") double x) {
        double a = Math.abs(x);
        if (a >= 0x1p-54 && a < 2) {
            assertSameBits(StrictMath.expm1(-a), Tanh.expm1Negative(-a), "expm1", -a);
        }
        if (a >= 2 && a < 44) {
            assertSameBits(StrictMath.expm1(a), Tanh.expm1From2(a), "expm1", a);
        }
    }

    @Example
    void aDenseSweepAndTheUlpsAroundEveryBranchAgree() {
        for (double x = -30; x <= 30; x += 0x1p-12) {
            assertSameBits(StrictMath.tanh(x), Tanh.tanh(x), "tanh", x);
        }
        for (double a = 0x1p-54; a < 2; a = a < 0x1p-10 ? a * 1.01 : a + 0x1p-14) {
            assertSameBits(StrictMath.expm1(-a), Tanh.expm1Negative(-a), "expm1", -a);
        }
        for (double a = 2; a < 44; a += 0x1p-12) {
            assertSameBits(StrictMath.expm1(a), Tanh.expm1From2(a), "expm1", a);
        }
        for (double b : BOUNDARIES) {
            double up = b;
            double down = b;
            for (int i = 0; i < 2000; i++) {
                for (double x : new double[] {up, down, -up, -down}) {
                    assertSameBits(StrictMath.tanh(x), Tanh.tanh(x), "tanh", x);
                }
                up = Math.nextUp(up);
                down = Math.nextDown(down);
            }
        }
        // Every binade, from the subnormals to the largest, with a spread of mantissas.
        for (long exponent = 0; exponent < 2047; exponent++) {
            for (long mantissa = 0; mantissa < 1L << 52; mantissa += (1L << 52) / 61 + 12345) {
                for (long sign : new long[] {0, Long.MIN_VALUE}) {
                    double x = Double.longBitsToDouble(sign | exponent << 52 | mantissa);
                    assertSameBits(StrictMath.tanh(x), Tanh.tanh(x), "tanh", x);
                }
            }
        }
    }

    @Example
    void specialValues() {
        assertSameBits(1.0, Tanh.tanh(Double.POSITIVE_INFINITY), "tanh", Double.POSITIVE_INFINITY);
        assertSameBits(-1.0, Tanh.tanh(Double.NEGATIVE_INFINITY), "tanh", Double.NEGATIVE_INFINITY);
        assertSameBits(-0.0, Tanh.tanh(-0.0), "tanh", -0.0);
        assertSameBits(0.0, Tanh.tanh(0.0), "tanh", 0.0);
        assertEquals(Double.NaN, Tanh.tanh(Double.NaN));
        assertSameBits(1.0, Tanh.tanh(22), "tanh", 22);
        assertSameBits(-0x1p-60, Tanh.tanh(-0x1p-60), "tanh", -0x1p-60);
    }

    /**
     * Any bit pattern (subnormals, NaNs with payloads, infinities, ±0), values near the branch points, and
     * ordinary values of the sizes a network feeds tanh.
     */
    @Provide
    Arbitrary<Double> doubles() {
        Arbitrary<Double> bits = Arbitraries.longs().map(Double::longBitsToDouble);
        Arbitrary<Double> nearBoundaries = Arbitraries.integers().between(0, BOUNDARIES.length - 1)
                .flatMap(i -> Arbitraries.integers().between(-5000, 5000)
                        .flatMap(ulps -> Arbitraries.of(1.0, -1.0).map(s -> s * nearby(BOUNDARIES[i], ulps))));
        Arbitrary<Double> ordinary = Arbitraries.doubles().between(-25, 25);
        Arbitrary<Double> special = Arbitraries.of(0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE,
                Double.longBitsToDouble(0x7ff0_0000_0000_0001L), Double.longBitsToDouble(0xfff8_0000_dead_beefL));
        return Arbitraries.frequencyOf(
                Tuple.of(3, bits), Tuple.of(3, nearBoundaries),
                Tuple.of(3, ordinary), Tuple.of(1, special));
    }

    /** The double {@code ulps} steps away from the positive {@code b}, but not below 0. */
    private static double nearby(double b, int ulps) {
        return Double.longBitsToDouble(Math.max(0, Double.doubleToRawLongBits(b) + ulps));
    }

    private static void assertSameBits(double expected, double actual, String fn, double x) {
        assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual),
                () -> fn + "(" + x + " = 0x" + Long.toHexString(Double.doubleToRawLongBits(x)) + "): expected " + expected
                        + ", got " + actual);
    }
}
