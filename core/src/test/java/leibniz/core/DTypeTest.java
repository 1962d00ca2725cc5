package leibniz.core;

import static leibniz.core.DType.F32;
import static leibniz.core.DType.F64;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The promotion rule, conversion between types, and how F32 tensors are made, read, compared and printed. */
class DTypeTest {
    private static final Shape SCALAR = Shape.scalar();
    private static final Shape VECTOR = Shape.of(3);
    private static final Shape MATRIX = Shape.of(2, 3);

    private static DType common(DType[] types, Shape... shapes) {
        return DType.common(types, shapes);
    }

    @Example
    void commonFollowsThePromotionTable() {
        assertEquals(F64, common(new DType[0]), "no operands");
        assertEquals(F32, common(new DType[] {F32}, VECTOR));
        assertEquals(F32, common(new DType[] {F32}, SCALAR));
        assertEquals(F64, common(new DType[] {F64}, SCALAR));
        assertEquals(F32, common(new DType[] {F32, F32}, MATRIX, VECTOR));
        assertEquals(F32, common(new DType[] {F32, F64}, MATRIX, SCALAR), "an F64 scalar takes no part");
        assertEquals(F32, common(new DType[] {F64, F32}, SCALAR, MATRIX), "in either position");
        assertEquals(F64, common(new DType[] {F32, F64}, MATRIX, VECTOR), "F64 data widens");
        assertEquals(F64, common(new DType[] {F64, F32}, VECTOR, MATRIX));
        assertEquals(F64, common(new DType[] {F32, F64}, SCALAR, SCALAR), "scalars alone: the wider");
        assertEquals(F32, common(new DType[] {F32, F32}, SCALAR, SCALAR));
        assertEquals(F64, common(new DType[] {F32, F64}, SCALAR, VECTOR), "an F32 scalar meets F64 data");
        assertEquals(F32, common(new DType[] {F64, F32, F64}, SCALAR, Shape.of(0), SCALAR), "empty data counts");
        assertEquals(F64, common(new DType[] {F32, F64, F32}, VECTOR, Shape.of(1), SCALAR), "size 1 is not rank 0");
    }

    @Example
    void commonRefusesArraysOfDifferentLengths() {
        assertEquals("common: 2 types for 1 shapes", assertThrows(IllegalArgumentException.class,
                () -> common(new DType[] {F32, F64}, VECTOR)).getMessage());
        assertEquals("common: 0 types for 2 shapes", assertThrows(IllegalArgumentException.class,
                () -> common(new DType[0], VECTOR, SCALAR)).getMessage());
    }

    /** An operand's type and shape. */
    record Operand(DType type, Shape shape) {}

    @Property(tries = 100)
    void commonOfArraysAgreesWithTheRuleAndWithTensors(@ForAll("operands") List<Operand> ops) {
        DType[] types = ops.stream().map(Operand::type).toArray(DType[]::new);
        Shape[] shapes = ops.stream().map(Operand::shape).toArray(Shape[]::new);
        Tensor[] tensors = ops.stream().map(o -> Tensor.zeros(o.shape(), o.type())).toArray(Tensor[]::new);
        DType expected = ops.isEmpty() ? F64 : F32ElementwiseProperties.expectedType(tensors);
        assertEquals(expected, DType.common(types, shapes));
        assertEquals(expected, DType.common(tensors));
    }

    @Provide
    Arbitrary<List<Operand>> operands() {
        return Combinators.combine(Arbitraries.of(DType.class), Generators.shapes()).as(Operand::new)
                .list().ofMaxSize(4);
    }

    @Example
    void bytesPerElement() {
        assertEquals(8, F64.bytes());
        assertEquals(4, F32.bytes());
    }

    @Property(tries = 100)
    void narrowingRoundsAsACastAndWideningIsExact(@ForAll double[] values) {
        Tensor x = Tensor.of(values, values.length);
        Tensor f = x.to(F32);
        assertEquals(F32, f.dtype());
        float[] cast = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            cast[i] = (float) values[i];
        }
        assertArrayEquals(cast, f.toFloatArray());
        assertArrayEquals(cast, x.toFloatArray());
        assertEquals(f, f.to(F64).to(F32), "F32 -> F64 -> F32 is the identity");
        double[] wide = f.to(F64).toArray();
        for (int i = 0; i < values.length; i++) {
            assertEquals((double) cast[i], wide[i]);
        }
    }

    @Example
    void narrowingSpecialValues() {
        double[] v = {Double.NaN, Double.POSITIVE_INFINITY, -1e300, 1e-50, -0.0, Double.MIN_VALUE, 0.1,
            1 + 0x1p-24, 1 + 3 * 0x1p-24, Float.MAX_VALUE * (1 + 0x1p-25), 0x1p-149 * 1.5};
        float[] expected = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, 0f, 0.1f,
            1f, 1 + 0x1p-22f, Float.MAX_VALUE, 0x1p-148f};
        assertArrayEquals(expected, Tensor.vector(v).to(F32).toFloatArray());
    }

    @Example
    void toTheSameTypeIsTheSameTensorAndNullIsRefused() {
        Tensor d = Tensor.vector(1, 2);
        Tensor f = Tensor.of(new float[] {1, 2}, 2);
        assertSame(d, d.to(F64));
        assertSame(f, f.to(F32));
        assertEquals("to: dtype is null",
                assertThrows(IllegalArgumentException.class, () -> f.to(null)).getMessage());
        assertEquals("to: dtype is null",
                assertThrows(IllegalArgumentException.class, () -> d.to(null)).getMessage());
    }

    @Example
    void readingF32Values() {
        float[] values = {0.1f, -2.5f, 3e-8f, 7f, Float.NaN, -0f};
        Tensor x = Tensor.of(values, 2, 3);
        values[0] = 99f;
        assertEquals(F32, x.dtype());
        assertEquals(Shape.of(2, 3), x.shape());
        assertArrayEquals(new double[] {0.1f, -2.5f, 3e-8f, 7f, Double.NaN, -0.0}, x.toArray());
        float[] out = x.toFloatArray();
        assertArrayEquals(new float[] {0.1f, -2.5f, 3e-8f, 7f, Float.NaN, -0f}, out);
        out[1] = 0f;
        assertEquals(-2.5, x.get(0, 1), "toFloatArray hands out a copy, and of copied the input");
        assertEquals((double) 0.1f, x.get(0, 0));
        assertEquals(7.0, x.get(1, 0));
        assertEquals((double) 3e-8f, Tensor.of(new float[] {3e-8f}, Shape.of(1, 1)).item());
        assertEquals((double) 0.1f, Tensor.of(new float[] {0.1f}).item(), "rank 0");
        assertEquals("item: needs a single element, got shape [2, 3]",
                assertThrows(IllegalArgumentException.class, x::item).getMessage());
        assertEquals("get: index [2, 0] out of bounds for shape [2, 3]",
                assertThrows(IllegalArgumentException.class, () -> x.get(2, 0)).getMessage());
    }

    @Example
    void ofFloatsRefusesAWrongLength() {
        assertEquals("of: 3 values do not fill shape [2, 2] (4 elements)",
                assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[3], 2, 2)).getMessage());
        assertEquals("of: 1 values do not fill shape [0] (0 elements)",
                assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[1], Shape.of(0))).getMessage());
        assertEquals(Shape.of(0, 2), Tensor.of(new float[0], 0, 2).shape());
    }

    @Example
    void zerosAndFullInEitherType() {
        Shape s = Shape.of(2, 3);
        Tensor z = Tensor.zeros(s, F32);
        assertEquals(F32, z.dtype());
        assertArrayEquals(new float[6], z.toFloatArray());
        assertEquals(Tensor.zeros(s), Tensor.zeros(s, F64));
        Tensor tenth = Tensor.full(s, 0.1, F32);
        assertEquals(F32, tenth.dtype());
        assertArrayEquals(new float[] {0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f}, tenth.toFloatArray());
        assertEquals(Tensor.full(s, 0.1), Tensor.full(s, 0.1, F64));
        assertEquals(F32, Tensor.zeros(Shape.scalar(), F32).dtype());
        assertEquals(0, Tensor.full(Shape.of(4, 0), 1, F32).size());
        assertArrayEquals(new float[] {Float.POSITIVE_INFINITY}, Tensor.full(Shape.of(1), 1e39, F32).toFloatArray());
        assertEquals("zeros: dtype is null",
                assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(s, null)).getMessage());
        assertEquals("full: dtype is null",
                assertThrows(IllegalArgumentException.class, () -> Tensor.full(s, 1, null)).getMessage());
    }

    @Example
    void equalityNeedsTheSameTypeWhileAllCloseComparesValues() {
        Tensor f = Tensor.of(new float[] {0.5f, 2f}, 2);
        Tensor d = Tensor.vector(0.5, 2);
        assertNotEquals(f, d, "equal values of different types are different tensors");
        assertNotEquals(d, f);
        assertNotEquals(Tensor.zeros(Shape.of(0), F32), Tensor.zeros(0));
        assertEquals(f, Tensor.of(new float[] {0.5f, 2f}, 2));
        assertEquals(f.hashCode(), Tensor.of(new float[] {0.5f, 2f}, 2).hashCode());
        assertNotEquals(f, Tensor.of(new float[] {0.5f, 2f}, 1, 2), "shape counts");
        assertTrue(f.allClose(d, 0));
        assertTrue(d.allClose(f, 0, 0));
        Tensor tenth = Tensor.of(new float[] {0.1f}, 1);
        Tensor exact = Tensor.vector(0.1);
        assertFalse(tenth.allClose(exact, 0), "0.1f is not 0.1");
        assertTrue(tenth.allClose(exact, 2e-8, 0), "0.1f is 0.1 within 1.5e-8 relative");
        assertTrue(exact.allClose(tenth, 2e-9));
        assertTrue(Tensor.of(new float[] {Float.NaN}, 1).allClose(Tensor.vector(Double.NaN), 0));
        assertFalse(f.allClose(Tensor.of(new float[] {0.5f, 2f}, 2, 1), 1));
    }

    @Example
    void toStringMarksF32AndPrintsShortestFloats() {
        assertEquals("Tensor[2] F32 [0.1, 0.2]", Tensor.of(new float[] {0.1f, 0.2f}, 2).toString());
        assertEquals("Tensor[] F32 3.0", Tensor.of(new float[] {3}).toString());
        assertEquals("Tensor[2, 2] F32 [[1.0, -2.5], [NaN, Infinity]]",
                Tensor.of(new float[] {1, -2.5f, Float.NaN, Float.POSITIVE_INFINITY}, 2, 2).toString());
        assertEquals("Tensor[0] F32 []", Tensor.zeros(Shape.of(0), F32).toString());
        assertEquals("Tensor[30] F32 [0.0, 1.0, 2.0, ..., 27.0, 28.0, 29.0]", Tensor.arange(30).to(F32).toString());
        assertEquals("Tensor[1] [0.10000000149011612]", Tensor.of(new float[] {0.1f}, 1).to(F64).toString());
    }

    @Example
    void javaNumbersTakeTheTensorsTypeEvenForScalars() {
        Tensor s = Tensor.scalar(2).to(F32);
        assertEquals(Tensor.scalar(3).to(F32), s.add(1));
        assertEquals(Tensor.scalar(1).to(F32), s.mul(0.5));
        assertEquals(Tensor.scalar(4).to(F32), s.pow(2));
        assertEquals(F64, s.add(Tensor.scalar(1)).dtype(), "a scalar tensor still promotes a scalar");
    }

    @Example
    void addScaledIsOnePassOfAddAndMulInEitherType() {
        Tensor a = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor b = Tensor.of(new double[] {0.1, -0.2, 0.3, 0.4, 0.5, -0.6}, 2, 3);
        assertEquals(a.add(b.mul(-0.3)), a.add(b, -0.3));
        assertEquals(a.add(Tensor.vector(1, 2, 3).mul(2)), a.add(Tensor.vector(1, 2, 3), 2), "broadcast");
        Tensor a32 = a.to(F32);
        Tensor b32 = b.to(F32);
        assertEquals(a32.add(b32.mul(-0.3)), a32.add(b32, -0.3));
        assertEquals(F32, a32.add(b32, 0.1).dtype());
        assertEquals(a.add(b32.to(F64).mul(2)), a.add(b32, 2), "mixed types widen");
    }
}
