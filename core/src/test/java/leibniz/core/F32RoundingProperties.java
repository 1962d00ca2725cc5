package leibniz.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * F32 elementwise arithmetic of {@link Tensor}, computed in double and rounded once, is float arithmetic
 * bit for bit, over every kind of float: +, −, ×, ÷, x², 1/x and √x against Java's own float operators,
 * subnormal, huge (overflowing to ∞), ±0, ∞ and NaN operands included.
 */
class F32RoundingProperties {
    @Provide
    Arbitrary<Float> floats() {
        return Arbitraries.oneOf(Arbitraries.floats(), Arbitraries.integers().map(Float::intBitsToFloat),
                Arbitraries.of(0f, -0f, Float.MIN_VALUE, -Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE,
                        Float.POSITIVE_INFINITY, Float.NaN, 1e-40f, 3.4e38f));
    }

    @Property(tries = 2000)
    void arithmeticIsFloatArithmetic(@ForAll("floats") float a, @ForAll("floats") float b) {
        Tensor x = Tensor.of(new float[] {a}, 1);
        Tensor y = Tensor.of(new float[] {b}, 1);
        same(a + b, x.add(y), "add");
        same(a - b, x.sub(y), "sub");
        same(a * b, x.mul(y), "mul");
        same(a / b, x.div(y), "div");
        same(a * a, x.square(), "square");
        same(1f / a, x.reciprocal(), "reciprocal");
        same((float) Math.sqrt(a), x.sqrt(), "sqrt");
        same(Math.max(a, b), x.maximum(y), "maximum");
    }

    private static void same(float expected, Tensor actual, String op) {
        assertEquals(DType.F32, actual.dtype(), op);
        assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(actual.toFloatArray()[0]),
                () -> op + ": " + expected + " vs " + actual.toFloatArray()[0]);
    }
}
