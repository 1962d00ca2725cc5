package leibniz.nn;

import static leibniz.nn.ConvolutionProperties.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import leibniz.autograd.Node;
import leibniz.autograd.check.GradCheck;
import leibniz.autograd.check.TensorArbitraries;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Max and average pooling in 1-D and 2-D: values by hand, −∞ padding, gradients and errors. */
class PoolingProperties {
    private static Tensor value(Module m, Tensor x) {
        return m.forward(Node.constant(x)).value();
    }

    @Example
    void twoByTwoPoolsByHand() {
        Tensor x = Tensor.arange(16).reshape(1, 1, 4, 4);
        assertEquals(Tensor.of(new double[] {5, 7, 13, 15}, 1, 1, 2, 2), value(MaxPool2d.create(2), x));
        assertEquals(Tensor.of(new double[] {2.5, 4.5, 10.5, 12.5}, 1, 1, 2, 2), value(AvgPool2d.create(2), x));
        // Overlapping 3x3 windows, stride 1: the maximum is always the bottom-right corner.
        assertEquals(Tensor.of(new double[] {10, 11, 14, 15}, 1, 1, 2, 2), value(MaxPool2d.create(3, 1), x));
    }

    @Example
    void maxPoolNeverPicksThePadding() {
        Tensor x = Tensor.of(new double[] {-1, -2, -3, -4}, 1, 1, 2, 2);
        // Zero padding would make every window's maximum 0; padded with −∞ only real pixels compete.
        assertEquals(Tensor.of(new double[] {-1, -1, -2, -1, -1, -2, -3, -3, -4}, 1, 1, 3, 3),
                value(MaxPool2d.create(2, 1, 1), x));
        // Average pooling counts the padded zeros (PyTorch's count_include_pad).
        assertEquals(-0.25, value(AvgPool2d.create(2, 1, 1), x).get(0, 0, 0, 0), 1e-15);
    }

    @Example
    void oneDimensionalPoolsByHand() {
        Tensor x = Tensor.of(new double[] {1, 3, 2, 5, 4}, 1, 1, 5);
        assertEquals(Tensor.of(new double[] {3, 5}, 1, 1, 2), value(MaxPool1d.create(2), x));
        assertEquals(Tensor.of(new double[] {2, 2.5, 3.5, 4.5}, 1, 1, 4), value(AvgPool1d.create(2, 1), x));
        // Padded to [−∞, 1, 3, 2, 5, 4, −∞]: windows [−∞, 1], [3, 2], [5, 4].
        assertEquals(Tensor.of(new double[] {1, 3, 5}, 1, 1, 3), value(MaxPool1d.create(2, 2, 1), x));
    }

    @Example
    void maxPoolGradientGoesToEachWindowsMaximum() {
        Node x = leibniz.autograd.Parameter.of("x", Tensor.arange(16).reshape(1, 1, 4, 4)).node();
        Node dx = leibniz.autograd.Autograd.grad(MaxPool2d.create(3, 1).forward(x).sum(), x).get(0);
        double[] expected = new double[16];
        expected[10] = 1;
        expected[11] = 1;
        expected[14] = 1;
        expected[15] = 1;
        assertEquals(Tensor.of(expected, 1, 1, 4, 4), dx.value());
    }

    @Example
    void globalAveragePool() {
        Tensor x = Tensor.arange(12).reshape(1, 3, 2, 2);
        assertEquals(Tensor.of(new double[] {1.5, 5.5, 9.5}, 1, 3), value(GlobalAvgPool.create(), x));
    }

    /** A pooling window (kernel k, stride, padding up to k/2), an image and a sequence it fits. */
    record Pools(int k, int stride, int padding, Tensor image, Tensor sequence) {}

    /** Values without ties ({@link TensorArbitraries#distinct}), so that no maximum sits on a kink. */
    @Provide
    Arbitrary<Pools> pools() {
        Arbitrary<Integer> extra = Arbitraries.integers().between(0, 2);
        return Arbitraries.integers().between(1, 3).flatMap(k -> Combinators.combine(
                Arbitraries.integers().between(1, 2), Arbitraries.integers().between(0, k / 2), extra, extra, extra)
                .flatAs((s, p, h, w, l) -> Combinators.combine(
                        TensorArbitraries.distinct(Shape.of(2, 2, k + h, k + w)),
                        TensorArbitraries.distinct(Shape.of(2, 2, k + l)))
                        .as((image, sequence) -> new Pools(k, s, p, image, sequence))));
    }

    @Property(tries = 15)
    void gradientsThroughPools(@ForAll("pools") Pools c) {
        int k = c.k();
        int s = c.stride();
        int p = c.padding();
        for (Module m : List.of(MaxPool2d.create(k, s, p), AvgPool2d.create(k, s, p))) {
            GradCheck.of(xs -> m.forward(xs.get(0))).check(c.image());
        }
        for (Module m : List.of(MaxPool1d.create(k, s, p), AvgPool1d.create(k, s, p), GlobalAvgPool.create())) {
            GradCheck.of(xs -> m.forward(xs.get(0))).check(c.sequence());
        }
        GradCheck.of(xs -> AvgPool2d.create(k, s, p).forward(xs.get(0))).checkSecondOrder(c.image());
    }

    @Example
    void shapes() {
        Node x = Node.placeholder("x", 8, 16, 28, 28);
        assertEquals(Shape.of(8, 16, 14, 14), MaxPool2d.create(2).forward(x).shape());
        assertEquals(Shape.of(8, 16, 14, 14), AvgPool2d.create(3, 2, 1).forward(x).shape());
        assertEquals(Shape.of(8, 16, 33), MaxPool1d.create(3).forward(Node.placeholder("s", 8, 16, 100)).shape());
        assertEquals(Shape.of(8, 16), GlobalAvgPool.create().forward(x).shape());
    }

    @Example
    void refusesBadInput() {
        assertMessage("MaxPool2d(3x3, stride 3): kernel larger than padded input 2x2",
                () -> MaxPool2d.create(3).forward(Node.placeholder("x", 1, 1, 2, 2)));
        assertMessage("AvgPool2d(2x2, stride 2): input [28, 28] is not [batch, channels, height, width]",
                () -> AvgPool2d.create(2).forward(Node.placeholder("x", 28, 28)));
        assertMessage("MaxPool2d: kernel 2x2, stride 2x2, padding 2x2: kernel and stride must be at least 1, padding"
                + " between 0 and half the kernel", () -> MaxPool2d.create(2, 2, 2));
        assertMessage("AvgPool2d: kernel 0x0, stride 1x1, padding 0x0: kernel and stride must be at least 1, padding"
                + " between 0 and half the kernel", () -> AvgPool2d.create(0, 1));
        assertMessage("MaxPool1d(kernel 3, stride 0, padding 0): kernel and stride must be at least 1, padding"
                + " between 0 and half the kernel", () -> MaxPool1d.create(3, 0));
        assertMessage("AvgPool1d(kernel 4, stride 4): kernel larger than padded input length 3",
                () -> AvgPool1d.create(4).forward(Node.placeholder("x", 1, 2, 3)));
        assertMessage("MaxPool1d(kernel 2, stride 2): input [2, 3] is not [batch, channels, length]",
                () -> MaxPool1d.create(2).forward(Node.placeholder("x", 2, 3)));
        assertMessage("GlobalAvgPool: input [8, 16] has no axes after [batch, channels] to average",
                () -> GlobalAvgPool.create().forward(Node.placeholder("x", 8, 16)));
    }
}
