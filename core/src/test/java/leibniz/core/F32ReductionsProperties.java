package leibniz.core;

import static leibniz.core.F32Samples.assertRounded;
import static leibniz.core.F32Samples.widened;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import leibniz.core.Generators.AxisCase;
import leibniz.core.Reductions.Kind;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** F32 reductions are the F64 reductions of the same values rounded once to float; indices come back as F32. */
class F32ReductionsProperties {

    /** Every reduction of all elements, through its fluent method. */
    static Tensor all(Kind k, Tensor x) {
        return switch (k) {
            case SUM -> x.sum();
            case MEAN -> x.mean();
            case MAX -> x.max();
            case MIN -> x.min();
            case ARGMAX -> x.argmax();
            case ARGMIN -> x.argmin();
            case LOGSUMEXP -> x.logsumexp();
            case VARIANCE -> x.variance();
            case STD -> x.std();
        };
    }

    /** Every reduction along an axis, through its fluent method. */
    static Tensor along(Kind k, Tensor x, int axis, boolean keepDims) {
        return switch (k) {
            case SUM -> x.sum(axis, keepDims);
            case MEAN -> x.mean(axis, keepDims);
            case MAX -> x.max(axis, keepDims);
            case MIN -> x.min(axis, keepDims);
            case ARGMAX -> x.argmax(axis, keepDims);
            case ARGMIN -> x.argmin(axis, keepDims);
            case LOGSUMEXP -> x.logsumexp(axis, keepDims);
            case VARIANCE -> x.variance(axis, keepDims);
            case STD -> x.std(axis, keepDims);
        };
    }

    @Property(tries = 120)
    void allIsTheRoundedF64Reduction(@ForAll("floats") Tensor x, @ForAll Kind k) {
        Shape s = x.shape();
        if (x.size() == 0 && k.needsElement()) {
            String expected = assertThrows(IllegalArgumentException.class, () -> all(k, widened(x))).getMessage();
            assertEquals(expected, assertThrows(IllegalArgumentException.class, () -> all(k, x)).getMessage());
            return;
        }
        assertRounded(all(k, widened(x)), all(k, x), k + " of " + s);
    }

    @Property(tries = 150)
    void alongIsTheRoundedF64Reduction(@ForAll("axisCases") AxisCase c, @ForAll boolean keepDims, @ForAll Kind k) {
        Tensor x = c.x();
        if (x.shape().dim(c.axis()) == 0 && k.needsElement()) {
            String expected = assertThrows(IllegalArgumentException.class,
                    () -> along(k, widened(x), c.axis(), keepDims)).getMessage();
            assertEquals(expected, assertThrows(IllegalArgumentException.class,
                    () -> along(k, x, c.axis(), keepDims)).getMessage());
            return;
        }
        assertRounded(along(k, widened(x), c.axis(), keepDims), along(k, x, c.axis(), keepDims),
                k + " of " + x.shape() + " along " + c.axis() + (keepDims ? " kept" : ""));
    }

    @Example
    void argReductionsGiveF32Indices() {
        Tensor x = Tensor.of(new float[] {1, 5, 5, 2, -1, 7}, 2, 3);
        assertEquals(Tensor.of(new float[] {5}), x.argmax());
        assertEquals(Tensor.of(new float[] {4}), x.argmin());
        assertEquals(Tensor.of(new float[] {1, 2}, 2), x.argmax(1));
        assertEquals(Tensor.of(new float[] {1, 0, 1}, 1, 3), x.argmax(0, true));
        assertEquals(Tensor.of(new float[] {0, 1}, 2, 1), x.argmin(-1, true));
        assertEquals(Tensor.of(new float[] {1}), Tensor.of(new float[] {0, Float.NaN, 3}, 3).argmax(),
                "the first NaN wins");
    }

    @Example
    void sumsAccumulateInDoubleAndRoundOnce() {
        // In float, 2²⁴ + 1 rounds back to 2²⁴, so a float accumulator would lose both ones.
        Tensor x = Tensor.of(new float[] {0x1p24f, 1, 1}, 3);
        assertArrayEquals(new float[] {0x1p24f + 2}, x.sum().toFloatArray());
        assertArrayEquals(new float[] {0x1p24f + 2}, x.reshape(1, 3).sum(1).toFloatArray());
        assertArrayEquals(new float[] {(float) ((0x1p24 + 2) / 3)}, x.mean().toFloatArray());
        assertArrayEquals(new float[] {0x1p24f + 2}, x.reshape(3, 1).sumTo(Shape.of(1)).toFloatArray());
    }

    @Example
    void emptyF32ReductionsKeepTheType() {
        Tensor empty = Tensor.zeros(Shape.of(2, 0), DType.F32);
        assertEquals(Tensor.of(new float[] {0}), empty.sum());
        assertEquals(Tensor.of(new float[] {Float.NaN}), empty.mean());
        assertEquals(Tensor.of(new float[] {Float.NEGATIVE_INFINITY}), empty.logsumexp());
        assertEquals(Tensor.zeros(Shape.of(2), DType.F32), empty.sum(1));
        assertEquals(Tensor.zeros(Shape.of(0), DType.F32), empty.max(0));
        assertEquals("max: empty tensor [2, 0] has no maximum",
                assertThrows(IllegalArgumentException.class, empty::max).getMessage());
        assertEquals("argmin: axis 1 of [2, 0] is empty and has no minimum",
                assertThrows(IllegalArgumentException.class, () -> empty.argmin(1)).getMessage());
    }

    @Example
    void logsumexpOfLargeF32ValuesDoesNotOverflow() {
        Tensor x = Tensor.of(new float[] {100, 100}, 2);
        assertArrayEquals(new float[] {(float) (100 + Math.log(2))}, x.logsumexp().toFloatArray());
        assertArrayEquals(new float[] {Float.POSITIVE_INFINITY},
                Tensor.of(new float[] {Float.POSITIVE_INFINITY, 0}, 2).logsumexp().toFloatArray());
    }

    @Provide
    Arbitrary<Tensor> floats() {
        return F32Samples.floats();
    }

    @Provide
    Arbitrary<AxisCase> axisCases() {
        return Generators.axisCases().map(c -> new AxisCase(F32Samples.narrowed(c.x()), c.axis()));
    }
}
