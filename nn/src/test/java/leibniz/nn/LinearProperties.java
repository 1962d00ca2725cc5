package leibniz.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import leibniz.autograd.Node;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Linear: gradients through the layer for inputs of any leading rank, shapes, values, init and messages. */
class LinearProperties {
    /** Linear layers of 1 to 4 inputs and outputs, with or without a bias, and inputs of leading rank 0 to 2. */
    @Provide
    Arbitrary<Checks.Layer<Linear>> layers() {
        Arbitrary<Integer> size = Arbitraries.integers().between(1, 4);
        return Combinators.combine(size, size, Arbitraries.of(true, false)).flatAs((in, out, bias) -> Checks.layers(
                "Linear(" + in + ", " + out + (bias ? ")" : ", no bias)"), () -> bias
                        ? Linear.create(in, out, Checks.init())
                        : Linear.create(in, out, Checks.init(), Initializers.xavierNormal(), false),
                1, Checks.uniform(2, 3, in)));
    }

    @Property(tries = 30)
    void gradientsThroughTheLayer(@ForAll("layers") Checks.Layer<Linear> c) {
        Linear layer = c.module();
        Checks.input(layer, Context::training, c.x());
        Checks.parameters(layer, Context::training, c.x());
    }

    /** An input of leading rank 0 to 3 and 1 to 5 features, and 1 to 5 outputs. */
    record Sized(Tensor x, int out) {}

    @Provide
    Arbitrary<Sized> sized() {
        Arbitrary<Integer> size = Arbitraries.integers().between(1, 5);
        return Combinators.combine(size, size)
                .flatAs((in, out) -> Checks.uniform(3, 3, in).map(x -> new Sized(x, out)));
    }

    @Property(tries = 20)
    void outputShapeKeepsLeadingAxes(@ForAll("sized") Sized c) {
        Shape in = c.x().shape();
        Node y = Linear.create(in.dim(-1), c.out(), Checks.init()).forward(Node.constant(c.x()));
        assertEquals(in.withDim(in.rank() - 1, c.out()), y.shape());
    }

    @Test
    void valueIsXTimesWTransposedPlusB() {
        Linear layer = Linear.create(2, 3, new SplittableRandom(1));
        // PyTorch's layout [out, in]: row j holds the weights of output j.
        layer.weight().set(Tensor.matrix(new double[][] {{1, 4}, {2, 5}, {3, 6}}));
        layer.bias().orElseThrow().set(Tensor.vector(0.5, -0.5, 1));
        Tensor y = layer.forward(Node.constant(Tensor.matrix(new double[][] {{1, 1}, {2, -1}}))).value();
        assertEquals(Tensor.matrix(new double[][] {{5.5, 6.5, 10}, {-1.5, -1.5, 1}}), y);
    }

    @Test
    void defaultInitIsUniformWithinOneOverRootFanIn() {
        Linear layer = Linear.create(400, 50, new SplittableRandom(3));
        double bound = 1 / Math.sqrt(400);
        Tensor w = layer.weight().value();
        assertTrue(w.abs().max().item() < bound);
        assertTrue(w.abs().max().item() > 0.95 * bound);
        assertEquals(bound * bound / 3, w.variance().item(), 0.05 * bound * bound / 3);
        assertTrue(layer.bias().orElseThrow().value().abs().max().item() < bound);
    }

    @Test
    void sameSeedSameWeights() {
        Tensor a = Linear.create(5, 4, new SplittableRandom(9)).weight().value();
        Tensor b = Linear.create(5, 4, new SplittableRandom(9)).weight().value();
        assertEquals(a, b);
    }

    @Test
    void parametersAreWeightThenBias() {
        Linear layer = Linear.create(3, 2, new SplittableRandom(0));
        assertEquals(List.of("weight", "bias"), List.copyOf(layer.parameters().keySet()));
        assertEquals(Shape.of(2, 3), layer.parameters().get("weight").shape());
        assertEquals(Shape.of(2), layer.parameters().get("bias").shape());
        Linear noBias = Linear.create(3, 2, new SplittableRandom(0), Initializers.kaimingUniform(), false);
        assertEquals(List.of("weight"), List.copyOf(noBias.parameters().keySet()));
        assertFalse(noBias.bias().isPresent());
    }

    @Test
    void chosenInitializerAndZeroBias() {
        Linear layer = Linear.create(2, 2, new SplittableRandom(0), Initializers.constant(0.25), true);
        assertEquals(Tensor.full(Shape.of(2, 2), 0.25), layer.weight().value());
        assertEquals(Tensor.zeros(2), layer.bias().orElseThrow().value());
    }

    @Test
    void messages() {
        Linear layer = Linear.create(784, 256, new SplittableRandom(0));
        assertEquals("Linear(784 -> 256): input has 100 features; 100 is dim 1 of placeholder 'x'", assertThrows(
                IllegalArgumentException.class, () -> layer.forward(Node.placeholder("x", 64, 100))).getMessage());
        assertEquals("Linear(784 -> 256): input is a scalar, expected [..., 784]", assertThrows(
                IllegalArgumentException.class, () -> layer.forward(Node.scalar(1))).getMessage());
        assertEquals("Linear(0 -> 10): sizes must be positive", assertThrows(IllegalArgumentException.class,
                () -> Linear.create(0, 10, new SplittableRandom(0))).getMessage());
        assertEquals("Linear(3 -> 0): sizes must be positive", assertThrows(IllegalArgumentException.class,
                () -> Linear.create(3, 0, new SplittableRandom(0), Initializers.zeros(), true)).getMessage());
        assertEquals("Linear(3 -> 2): initializer gave shape [3, 2], expected [2, 3]", assertThrows(
                IllegalArgumentException.class, () -> Linear.create(3, 2, new SplittableRandom(0),
                        (shape, fanIn, fanOut, rng) -> Tensor.zeros(3, 2), true)).getMessage());
    }
}
