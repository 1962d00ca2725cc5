package leibniz.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import leibniz.autograd.Node;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.function.Executable;

/** Conv2d and Conv1d: values by hand and by a naive loop, gradients through the whole layer, errors. */
class ConvolutionProperties {

    private static Arbitrary<Integer> between(int min, int max) {
        return Arbitraries.integers().between(min, max);
    }

    /** Small convolutions (1 or 2 channels in and out, kernels to 3, strides to 2, padding to 1) and inputs. */
    @Provide
    Arbitrary<Checks.Layer<Conv2d>> convolutions() {
        Arbitrary<Integer> small = between(1, 2);
        Arbitrary<Integer> kernel = between(1, 3);
        Arbitrary<Integer> pad = between(0, 1);
        return Combinators.combine(small, small, kernel, kernel, small, small, pad, pad).flatAs(
                (in, out, kh, kw, sh, sw, ph, pw) -> Combinators.combine(Arbitraries.of(true, false), small,
                        between(0, 2), between(0, 2)).flatAs((bias, n, extraH, extraW) -> {
                            int h = Math.max(1, kh - 2 * ph) + extraH;
                            int w = Math.max(1, kw - 2 * pw) + extraW;
                            return Checks.layers("Conv2d(" + in + ", " + out + ", " + kh + "x" + kw + ", stride " + sh
                                    + "x" + sw + ", padding " + ph + "x" + pw + (bias ? ")" : ", no bias)"),
                                    () -> Conv2d.create(in, out, kh, kw, sh, sw, ph, pw, bias, Checks.init()),
                                    1, Checks.uniform(Shape.of(n, in, h, w)));
                        }));
    }

    @Property(tries = 15)
    void gradientThroughConv2d(@ForAll("convolutions") Checks.Layer<Conv2d> c) {
        ParameterGradCheck.check(c.module(), c.x());
    }

    @Property(tries = 25)
    void conv2dMatchesNaiveLoop(@ForAll("convolutions") Checks.Layer<Conv2d> layer) {
        Conv2d conv = layer.module();
        var win = conv.window();
        Tensor w = conv.parameters().get("weight").value();
        Tensor x = layer.x();
        int n = x.shape().dim(0);
        int in = x.shape().dim(1);
        int h = x.shape().dim(2);
        int wd = x.shape().dim(3);
        int out = w.shape().dim(0);
        int oh = (h + 2 * win.ph() - win.kh()) / win.sh() + 1;
        int ow = (wd + 2 * win.pw() - win.kw()) / win.sw() + 1;
        Tensor y = conv.forward(Node.constant(x)).value();
        assertEquals(Shape.of(n, out, oh, ow), y.shape());
        for (int b = 0; b < n; b++) {
            for (int o = 0; o < out; o++) {
                for (int r = 0; r < oh; r++) {
                    for (int q = 0; q < ow; q++) {
                        double s = conv.parameters().containsKey("bias")
                                ? conv.parameters().get("bias").value().get(o) : 0;
                        for (int ch = 0; ch < in; ch++) {
                            for (int i = 0; i < win.kh(); i++) {
                                for (int j = 0; j < win.kw(); j++) {
                                    int yy = r * win.sh() - win.ph() + i;
                                    int xx = q * win.sw() - win.pw() + j;
                                    if (yy >= 0 && yy < h && xx >= 0 && xx < wd) {
                                        s += w.get(o, ch, i, j) * x.get(b, ch, yy, xx);
                                    }
                                }
                            }
                        }
                        assertEquals(s, y.get(b, o, r, q), 1e-12);
                    }
                }
            }
        }
    }

    @Example
    void twoByTwoKernelByHand() {
        Conv2d conv = Conv2d.create(1, 1, 2, 1, 0, new SplittableRandom(1));
        conv.parameters().get("weight").set(Tensor.of(new double[] {1, 2, 3, 4}, 1, 1, 2, 2));
        conv.parameters().get("bias").set(Tensor.vector(1));
        Tensor x = Tensor.arange(1, 10, 1).reshape(1, 1, 3, 3);
        // out[0,0] = 1·1 + 2·2 + 3·4 + 4·5 + 1 = 38, and so on one step right or down.
        assertEquals(Tensor.of(new double[] {38, 48, 68, 78}, 1, 1, 2, 2), conv.forward(Node.constant(x)).value());
    }

    @Example
    void conv1dByHand() {
        Conv1d conv = Conv1d.create(1, 1, 3, 1, 1, false, new SplittableRandom(1));
        conv.parameters().get("weight").set(Tensor.of(new double[] {1, 0, -1}, 1, 1, 3));
        Tensor x = Tensor.arange(1, 6, 1).reshape(1, 1, 5);
        // out[t] = x[t − 1] − x[t + 1], zero beyond the ends.
        assertEquals(Tensor.of(new double[] {-2, -2, -2, -2, 4}, 1, 1, 5), conv.forward(Node.constant(x)).value());
    }

    /** A small 1-d convolution (kernel to 3, stride to 2, padding to 1) and a batch of 2 sequences it fits. */
    record Conv1dCase(Checks.Layer<Conv1d> layer, int kernel, int stride, int padding) {}

    @Provide
    Arbitrary<Conv1dCase> convolutions1d() {
        Arbitrary<Integer> small = between(1, 2);
        return Combinators.combine(between(1, 3), between(0, 1), small, small, small, between(0, 2))
                .flatAs((kernel, padding, stride, in, out, extra) -> Checks.layers("Conv1d(" + in + ", " + out + ", "
                        + kernel + ", stride " + stride + ", padding " + padding + ")",
                        () -> Conv1d.create(in, out, kernel, stride, padding, Checks.init()), 1,
                        Checks.uniform(Shape.of(2, in, Math.max(1, kernel - 2 * padding) + extra)))
                        .map(layer -> new Conv1dCase(layer, kernel, stride, padding)));
    }

    @Property(tries = 15)
    void gradientThroughConv1d(@ForAll("convolutions1d") Conv1dCase c) {
        Conv1d conv = c.layer().module();
        Tensor x = c.layer().x();
        int length = x.shape().dim(2);
        Node y = conv.forward(Node.constant(x));
        assertEquals((length + 2 * c.padding() - c.kernel()) / c.stride() + 1, y.shape().dim(2));
        ParameterGradCheck.check(conv, x);
    }

    @Example
    void shapes() {
        SplittableRandom rng = new SplittableRandom(2);
        Node images = Node.placeholder("x", 8, 3, 28, 28);
        assertEquals(Shape.of(8, 16, 24, 24), Conv2d.create(3, 16, 5, 1, 0, rng).forward(images).shape());
        assertEquals(Shape.of(8, 16, 14, 14), Conv2d.create(3, 16, 3, 2, 1, rng).forward(images).shape());
        assertEquals(Shape.of(8, 4, 28, 14),
                Conv2d.create(3, 4, 3, 1, 1, 2, 1, 0, true, rng).forward(images).shape());
        assertEquals(Shape.of(2, 8, 100), Conv1d.create(4, 8, 7, 1, 3, rng).forward(Node.placeholder("s", 2, 4, 100)).shape());
        assertEquals(Shape.of(16, 3, 5, 5), Conv2d.create(3, 16, 5, 1, 0, rng).parameters().get("weight").shape());
        assertEquals(java.util.Set.of("weight"),
                Conv2d.create(3, 16, 3, 3, 1, 1, 0, 0, false, rng).parameters().keySet());
    }

    @Example
    void refusesBadInput() {
        SplittableRandom rng = new SplittableRandom(3);
        assertMessage("Conv2d(3 -> 16, 5x5): input [8, 1, 28, 28] has 1 channels",
                () -> Conv2d.create(3, 16, 5, 1, 0, rng).forward(Node.placeholder("x", 8, 1, 28, 28)));
        assertMessage("Conv2d(1 -> 4, 5x5, padding 0): kernel larger than padded input 3x3",
                () -> Conv2d.create(1, 4, 5, 1, 0, rng).forward(Node.placeholder("x", 1, 1, 3, 3)));
        assertMessage("Conv2d(1 -> 4, 3x3, stride 2, padding 1): input [28, 28] is not"
                + " [batch, channels, height, width]",
                () -> Conv2d.create(1, 4, 3, 2, 1, rng).forward(Node.placeholder("x", 28, 28)));
        assertMessage("Conv2d(0 -> 4, 3x3): channels must be at least 1", () -> Conv2d.create(0, 4, 3, 1, 0, rng));
        assertMessage("Conv2d(1 -> 4, 0x0): kernel and stride must be at least 1, padding at least 0"
                + " (stride 1x1, padding 0x0)",
                () -> Conv2d.create(1, 4, 0, 1, 0, rng));
        assertMessage("Conv1d(4 -> 8, kernel 7): input [2, 3, 10] has 3 channels",
                () -> Conv1d.create(4, 8, 7, 1, 0, rng).forward(Node.placeholder("x", 2, 3, 10)));
        assertMessage("Conv1d(4 -> 8, kernel 7, padding 1): kernel larger than padded input length 6",
                () -> Conv1d.create(4, 8, 7, 1, 1, rng).forward(Node.placeholder("x", 2, 4, 4)));
        assertMessage("Conv1d(4 -> 8, kernel 3): kernel and stride must be at least 1, padding at least 0"
                + " (stride 0, padding 0)",
                () -> Conv1d.create(4, 8, 3, 0, 0, rng));
    }

    static void assertMessage(String expected, Executable call) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
