package leibniz.core;

import static leibniz.core.F32Samples.asF64;
import static leibniz.core.F32Samples.assertRounded;
import static leibniz.core.F32Samples.assertSameF64;
import static leibniz.core.F32Samples.assertWithinUlps;
import static leibniz.core.F32Samples.narrowed;
import static leibniz.core.F32Samples.typed;
import static leibniz.core.F32Samples.widened;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import leibniz.core.Elementwise.Binary;
import leibniz.core.Elementwise.Unary;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;

/**
 * F32 elementwise operations against the F64 operation on the same values rounded to float, and the
 * promotion rule of {@link DType#common} as the binary operations and {@code where} apply it.
 */
class F32ElementwiseProperties {

    /** Every unary operation through its fluent method. */
    static Tensor apply(Unary op, Tensor x) {
        return switch (op) {
            case NEG -> x.neg();
            case ABS -> x.abs();
            case SIGN -> x.sign();
            case EXP -> x.exp();
            case LOG -> x.log();
            case LOG1P -> x.log1p();
            case SQRT -> x.sqrt();
            case SQUARE -> x.square();
            case RECIPROCAL -> x.reciprocal();
            case SIN -> x.sin();
            case COS -> x.cos();
            case TANH -> x.tanh();
            case SIGMOID -> x.sigmoid();
            case RELU -> x.relu();
            case STEP -> x.step();
        };
    }

    /** Every binary operation through its fluent method. */
    static Tensor apply(Binary op, Tensor a, Tensor b) {
        return switch (op) {
            case ADD -> a.add(b);
            case SUB -> a.sub(b);
            case MUL -> a.mul(b);
            case DIV -> a.div(b);
            case POW -> a.pow(b);
            case MAXIMUM -> a.maximum(b);
            case MINIMUM -> a.minimum(b);
            case EQ -> a.eq(b);
            case NE -> a.ne(b);
            case LT -> a.lt(b);
            case LE -> a.le(b);
            case GT -> a.gt(b);
            case GE -> a.ge(b);
        };
    }

    /**
     * Float ulps an F32 result may differ from the rounded F64 one: none for operations IEEE 754 rounds
     * correctly (+, −, ×, ÷ and √ of floats computed in double and rounded again give the same float, as
     * 53 ≥ 2·24 + 2), one for transcendental functions.
     */
    static int ulps(Unary op) {
        return switch (op) {
            case EXP, LOG, LOG1P, SIN, COS, TANH, SIGMOID -> 1;
            default -> 0;
        };
    }

    static int ulps(Binary op) {
        return op == Binary.POW ? 1 : 0;
    }

    @Property(tries = 200)
    void unaryIsTheRoundedF64Result(@ForAll("floats") Tensor x, @ForAll Unary op) {
        float[] before = x.toFloatArray();
        assertWithinUlps(apply(op, widened(x)), apply(op, x), ulps(op), op.toString());
        assertArrayEquals(before, x.floats, "the input must not change");
    }

    @Property(tries = 300)
    void binaryIsTheRoundedF64ResultUnderBroadcasting(@ForAll("pairs") List<Tensor> pair, @ForAll Binary op) {
        Tensor a = narrowed(pair.get(0));
        Tensor b = narrowed(pair.get(1));
        assertWithinUlps(apply(op, widened(a), widened(b)), apply(op, a, b), ulps(op), op + " " + a + " " + b);
    }

    /**
     * Mixed types by the rule: an F64 operand of rank 1 or more makes the result F64 and exactly the F64
     * result; an F64 scalar meeting F32 data is rounded to float first and the result is F32; two
     * scalars give the wider type.
     */
    @Property(tries = 300)
    void mixedTypesPromoteByTheRule(@ForAll("pairs") List<Tensor> pair, @ForAll Binary op, @ForAll DType ta,
            @ForAll DType tb) {
        Tensor a = typed(pair.get(0), ta);
        Tensor b = typed(pair.get(1), tb);
        Tensor out = apply(op, a, b);
        DType expected = expectedType(a, b);
        String what = ta + a.shape().toString() + " " + op + " " + tb + b.shape();
        assertEquals(expected, out.dtype(), what);
        if (expected == DType.F64) {
            assertSameF64(apply(op, asF64(a), asF64(b)), out, what);
        } else {
            Tensor reference = apply(op, widened(narrowed(a)), widened(narrowed(b)));
            assertWithinUlps(reference, out, ulps(op), what);
        }
    }

    /** The rule of {@link DType}, restated: rank-0 operands count only when all are rank 0. */
    static DType expectedType(Tensor... operands) {
        boolean anyDimensioned = false;
        for (Tensor t : operands) {
            anyDimensioned |= t.rank() > 0;
        }
        for (Tensor t : operands) {
            if ((t.rank() > 0 || !anyDimensioned) && t.dtype() == DType.F64) {
                return DType.F64;
            }
        }
        return DType.F32;
    }

    @Property(tries = 50)
    void constantsKeepF32DataInF32(@ForAll("floats") Tensor x, @ForAll @DoubleRange(min = -4, max = 4) double c) {
        Tensor cf = Tensor.of(new float[] {(float) c});
        // A Java number takes the tensor's type, rank 0 included (PyTorch's wrapped numbers).
        assertRounded(widened(x).add(widened(cf)), x.add(c), "add");
        assertRounded(widened(x).mul(widened(cf)), x.mul(c), "mul");
        assertWithinUlps(widened(x).pow(widened(cf)), x.pow(c), 1, "pow");
        if (x.rank() > 0) { // two rank-0 tensors are a pair, and F64 wins
            assertRounded(widened(cf).sub(widened(x)), Tensor.scalar(c).sub(x), "scalar on the left");
        }
    }

    @Example
    void promotionByExample() {
        Tensor f = Tensor.of(new float[] {1, 2}, 2);
        Tensor half = Tensor.of(new float[] {1.5f});
        assertEquals(Tensor.of(new float[] {1.5f, 3f}, 2), f.mul(Tensor.scalar(1.5)), "F32 data, F64 scalar");
        assertEquals(Tensor.of(new float[] {1.5f, 3f}, 2), Tensor.scalar(1.5).mul(f), "either side");
        assertEquals(Tensor.vector(2, 4), f.mul(Tensor.vector(2, 2)), "F32 data, F64 data");
        assertEquals(Tensor.vector(2, 4), Tensor.of(new double[] {2}, 1).mul(f), "size 1 is data");
        assertEquals(Tensor.scalar(3), half.add(Tensor.scalar(1.5)), "two scalars: the wider");
        assertEquals(Tensor.of(new float[] {3f}), half.add(half));
        assertEquals(Tensor.of(new float[] {2, 3}, 2), half.add(f.add(-0.5)));
        assertEquals(Tensor.vector(2, 3), half.add(Tensor.vector(0.5, 1.5)), "an F32 scalar meets F64 data");
    }

    @Example
    void f32ArithmeticIsSinglePrecision() {
        Tensor big = Tensor.of(new float[] {1e30f, -1e30f}, 2);
        assertArrayEquals(new float[] {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY},
                big.mul(Tensor.of(new float[] {1e10f}, 1)).toFloatArray(), "overflows past 3.4e38");
        assertArrayEquals(new float[] {Float.POSITIVE_INFINITY, 0f}, Tensor.of(new float[] {89f, -110f}, 2).exp()
                .toFloatArray());
        assertArrayEquals(new float[] {1f}, Tensor.of(new float[] {1f}, 1).add(1e-9).toFloatArray());
        assertArrayEquals(new float[] {0.1f + 0.2f}, Tensor.of(new float[] {0.1f}, 1).add(0.2).toFloatArray());
        Tensor number = Tensor.of(new float[] {0.1f}, new int[0]).add(0.2);
        assertEquals(DType.F32, number.dtype(), "a Java number does not widen an F32 scalar");
        assertEquals(0.1f + 0.2f, (float) number.item());
        Tensor pair = Tensor.of(new float[] {0.1f}, new int[0]).add(Tensor.scalar(0.2));
        assertEquals(DType.F64, pair.dtype(), "a scalar tensor pair is F64");
        assertEquals((double) 0.1f + 0.2, pair.item());
    }

    @Example
    void specialValuesBehaveAsInF64() {
        Tensor x = Tensor.of(new float[] {Float.NaN, -0f, 0f, -1f, Float.POSITIVE_INFINITY}, 5);
        assertArrayEquals(new float[] {Float.NaN, 0f, 0f, 0f, Float.POSITIVE_INFINITY}, x.relu().toFloatArray());
        assertArrayEquals(new float[] {0f, 0f, 0f, 0f, 1f}, x.step().toFloatArray());
        assertArrayEquals(new float[] {Float.NaN, -0f, 0f, -1f, 1f}, x.sign().toFloatArray());
        assertArrayEquals(new float[] {Float.NaN, 0.5f, 0.5f, (float) (Math.exp(-1) / (1 + Math.exp(-1))), 1f},
                x.sigmoid().toFloatArray());
        assertArrayEquals(new float[] {1f, 0f}, Tensor.of(new float[] {200f, -200f}, 2).sigmoid().toFloatArray());
        assertArrayEquals(new float[] {Float.NaN, Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN,
                Float.POSITIVE_INFINITY}, x.log().toFloatArray());
    }

    @Property(tries = 100)
    void whereTakesItsTypeFromTheValuesOnly(@ForAll("triples") List<Tensor> operands, @ForAll DType tc,
            @ForAll DType ta, @ForAll DType tb) {
        Tensor cond = typed(operands.get(0), tc).map(Math::rint);
        Tensor a = typed(operands.get(1), ta);
        Tensor b = typed(operands.get(2), tb);
        Tensor out = Tensor.where(cond, a, b);
        DType expected = expectedType(a, b);
        assertEquals(expected, out.dtype(), () -> "where " + tc + " " + ta + " " + tb + " " + operands);
        Tensor reference = Tensor.where(asF64(cond), asF64(a), asF64(b));
        if (expected == DType.F64) {
            assertSameF64(reference, out, "where");
        } else {
            assertRounded(reference, out, "where");
        }
    }

    @Property(tries = 60)
    void clampAndMapAreTheRoundedF64Results(@ForAll("floats") Tensor x, @ForAll @DoubleRange(min = -3, max = 3) double lo,
            @ForAll @DoubleRange(min = 0, max = 3) double width) {
        assertRounded(widened(x).clamp(lo, lo + width), x.clamp(lo, lo + width), "clamp");
        assertRounded(widened(x).map(v -> v * v * v - 1), x.map(v -> v * v * v - 1), "map");
        assertRounded(widened(x).erf(), x.erf(), "erf");
    }

    @Provide
    Arbitrary<Tensor> floats() {
        return F32Samples.floats();
    }

    /** F64 operands that broadcast together; a property rounds them to the types it draws. */
    @Provide
    Arbitrary<List<Tensor>> pairs() {
        return Generators.broadcasting(2);
    }

    @Provide
    Arbitrary<List<Tensor>> triples() {
        return Generators.broadcasting(3);
    }
}
