package leibniz.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import leibniz.core.Elementwise.Binary;
import leibniz.core.Elementwise.Unary;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;

/** The elementwise kernels against a per-element reference and a naive index-by-index broadcast. */
class ElementwiseProperties {

    @Property(tries = 200)
    void unaryMatchesTheScalarFunction(@ForAll("tensors") Tensor x, @ForAll Unary op) {
        double[] before = x.toArray();
        Tensor out = Elementwise.unary(x, op);
        assertEquals(x.shape, out.shape);
        for (int i = 0; i < x.size(); i++) {
            double v = x.data[i];
            double expected = unaryReference(op, v);
            // The stable sigmoid takes a different but equivalent route for negative x.
            double tol = op == Unary.SIGMOID ? 1e-15 : 0;
            assertEquals(expected, out.data[i], tol, () -> op + " at " + v);
        }
        assertArrayEquals(before, x.data, "the input must not change");
    }

    private static double unaryReference(Unary op, double v) {
        return switch (op) {
            case NEG -> -v;
            case ABS -> Math.abs(v);
            case SIGN -> v > 0 ? 1 : v < 0 ? -1 : v;
            case EXP -> Math.exp(v);
            case LOG -> Math.log(v);
            case LOG1P -> Math.log1p(v);
            case SQRT -> Math.sqrt(v);
            case SQUARE -> v * v;
            case RECIPROCAL -> 1 / v;
            case SIN -> Math.sin(v);
            case COS -> Math.cos(v);
            case TANH -> StrictMath.tanh(v); // the bits Scalars.tanh promises on every JDK
            case SIGMOID -> 1 / (1 + Math.exp(-v));
            case RELU -> v > 0 ? v : 0;
            case STEP -> v > 0 ? 1 : 0;
        };
    }

    @Example
    void sigmoidReachesItsLimitsExactlyWithoutOverflow() {
        Tensor out = Tensor.vector(800, -800, 0, -40, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY).sigmoid();
        assertArrayEquals(new double[] {1.0, 0.0, 0.5, Math.exp(-40) / (1 + Math.exp(-40)), 1.0, 0.0}, out.toArray());
    }

    @Property(tries = 100)
    void sigmoidIsFiniteSymmetricAndBounded(@ForAll @DoubleRange(min = -800, max = 800) double v) {
        double s = Tensor.scalar(v).sigmoid().item();
        double t = Tensor.scalar(-v).sigmoid().item();
        assertTrue(s >= 0 && s <= 1, () -> "sigmoid(" + v + ") = " + s);
        assertEquals(1.0, s + t, 1e-15);
    }

    @Example
    void reluAndStepAtZeroAndNaN() {
        Tensor x = Tensor.vector(-1, 0, 2, Double.NaN);
        assertArrayEquals(new double[] {0, 0, 2, Double.NaN}, x.relu().toArray());
        assertArrayEquals(new double[] {0, 0, 1, 0}, x.step().toArray());
        assertArrayEquals(new double[] {-1, 0, 1, Double.NaN}, x.sign().toArray());
    }

    @Property(tries = 50)
    void mapAppliesTheFunctionToEachElement(@ForAll("tensors") Tensor x) {
        Tensor out = Elementwise.map(x, v -> v * v * v - 1);
        assertEquals(x.shape, out.shape);
        for (int i = 0; i < x.size(); i++) {
            assertEquals(x.data[i] * x.data[i] * x.data[i] - 1, out.data[i]);
        }
    }

    @Property(tries = 200)
    void binaryMatchesANaiveBroadcastLoop(@ForAll("pairs") List<Tensor> pair, @ForAll Binary op) {
        Tensor a = pair.get(0);
        Tensor b = pair.get(1);
        Tensor out = Elementwise.binary(a, b, op);
        int[] dims = Generators.broadcastDims(a.shape.dims(), b.shape.dims());
        assertEquals(Shape.of(dims), out.shape);
        for (int i = 0; i < out.size(); i++) {
            double x = Generators.broadcastRead(a, dims, i);
            double y = Generators.broadcastRead(b, dims, i);
            assertEquals(binaryReference(op, x, y), out.data[i], 0, () -> op + "(" + x + ", " + y + ")");
        }
    }

    private static double binaryReference(Binary op, double x, double y) {
        return switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            case POW -> Math.pow(x, y);
            case MAXIMUM -> Math.max(x, y);
            case MINIMUM -> Math.min(x, y);
            case EQ -> x == y ? 1 : 0;
            case NE -> x != y ? 1 : 0;
            case LT -> x < y ? 1 : 0;
            case LE -> x <= y ? 1 : 0;
            case GT -> x > y ? 1 : 0;
            case GE -> x >= y ? 1 : 0;
        };
    }

    @Property(tries = 50)
    void broadcastingIsSymmetricForAddition(@ForAll("pairs") List<Tensor> pair) {
        Tensor a = pair.get(0);
        Tensor b = pair.get(1);
        assertEquals(a.add(b), b.add(a));
    }

    @Example
    void maximumAndMinimumPropagateNaNAndComparisonsAreFalse() {
        Tensor a = Tensor.vector(Double.NaN, 1, 2);
        Tensor b = Tensor.vector(0, Double.NaN, 3);
        assertArrayEquals(new double[] {Double.NaN, Double.NaN, 3}, a.maximum(b).toArray());
        assertArrayEquals(new double[] {Double.NaN, Double.NaN, 2}, a.minimum(b).toArray());
        assertArrayEquals(new double[] {0, 0, 0}, a.eq(b).toArray());
        assertArrayEquals(new double[] {1, 1, 1}, a.ne(b).toArray());
        assertArrayEquals(new double[] {0, 0, 1}, a.lt(b).toArray());
    }

    @Example
    void binaryRefusesShapesThatDoNotBroadcastNamingTheOp() {
        Tensor a = Tensor.zeros(2, 3);
        Tensor b = Tensor.zeros(4);
        assertEquals("add: [2, 3] and [4]: dimensions 3 and 4 do not broadcast",
                assertThrows(IllegalArgumentException.class, () -> a.add(b)).getMessage());
        assertEquals("maximum: [2, 3] and [4]: dimensions 3 and 4 do not broadcast",
                assertThrows(IllegalArgumentException.class, () -> a.maximum(b)).getMessage());
        assertEquals("lt: [4] and [2, 3]: dimensions 4 and 3 do not broadcast",
                assertThrows(IllegalArgumentException.class, () -> b.lt(a)).getMessage());
        assertEquals("pow: [2, 3] and [3, 1]: dimensions 2 and 3 do not broadcast",
                assertThrows(IllegalArgumentException.class, () -> a.pow(Tensor.zeros(3, 1))).getMessage());
    }

    @Property(tries = 150)
    void whereMatchesANaiveBroadcastLoop(@ForAll("triples") List<Tensor> operands) {
        // Rounding to integers makes the condition zero often enough to exercise both branches.
        Tensor cond = operands.get(0).map(Math::rint);
        Tensor a = operands.get(1);
        Tensor b = operands.get(2);
        Tensor out = Tensor.where(cond, a, b);
        int[] dims = Generators.broadcastDims(cond.shape.dims(), a.shape.dims(), b.shape.dims());
        assertEquals(Shape.of(dims), out.shape);
        for (int i = 0; i < out.size(); i++) {
            double c = Generators.broadcastRead(cond, dims, i);
            double expected = c != 0 ? Generators.broadcastRead(a, dims, i) : Generators.broadcastRead(b, dims, i);
            assertEquals(expected, out.data[i], 0);
        }
    }

    @Example
    void whereRefusesShapesThatDoNotBroadcastNamingAllThree() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.where(Tensor.zeros(2, 3), Tensor.zeros(3), Tensor.zeros(2)));
        assertEquals("where: condition [2, 3], a [3] and b [2] do not broadcast together", e.getMessage());
    }

    @Property(tries = 100)
    void clampMatchesMinOfMax(@ForAll("tensors") Tensor x, @ForAll @DoubleRange(min = -3, max = 3) double lo,
                              @ForAll @DoubleRange(min = 0, max = 3) double width) {
        Tensor out = x.clamp(lo, lo + width);
        for (int i = 0; i < x.size(); i++) {
            assertEquals(Math.min(Math.max(x.data[i], lo), lo + width), out.data[i], 0);
        }
    }

    @Example
    void clampRefusesCrossedOrNaNBounds() {
        Tensor x = Tensor.vector(1, 2);
        assertEquals("clamp: lower bound 2.0 exceeds upper bound 1.0",
                assertThrows(IllegalArgumentException.class, () -> x.clamp(2, 1)).getMessage());
        assertEquals("clamp: bounds must be numbers, got lower NaN and upper 1.0",
                assertThrows(IllegalArgumentException.class, () -> x.clamp(Double.NaN, 1)).getMessage());
        assertArrayEquals(new double[] {1.5, 1.5}, x.clamp(1.5, 1.5).toArray());
        assertArrayEquals(new double[] {Double.NaN}, Tensor.vector(Double.NaN).clamp(0, 1).toArray());
    }

    @Provide
    Arbitrary<Tensor> tensors() {
        return Generators.tensors(Generators.shapes());
    }

    @Provide
    Arbitrary<List<Tensor>> pairs() {
        return Generators.broadcasting(2);
    }

    @Provide
    Arbitrary<List<Tensor>> triples() {
        return Generators.broadcasting(3);
    }
}
