package leibniz.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import leibniz.autograd.Node;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.function.Executable;

/** Conv2d and Conv1d: values by hand and by a naive loop, gradients through the whole layer, errors. */
class ConvolutionProperties {

    /** A random small convolution and an input it accepts, from one seed. */
    private record Case(Conv2d conv, Tensor x) {
        static Case of(long seed) {
            SplittableRandom rng = new SplittableRandom(seed);
            int in = 1 + rng.nextInt(2);
            int kh = 1 + rng.nextInt(3);
            int kw = 1 + rng.nextInt(3);
            int sh = 1 + rng.nextInt(2);
            int sw = 1 + rng.nextInt(2);
            int ph = rng.nextInt(2);
            int pw = rng.nextInt(2);
            Conv2d conv = Conv2d.create(in, 1 + rng.nextInt(2), kh, kw, sh, sw, ph, pw, rng.nextBoolean(), rng);
            int h = Math.max(1, kh - 2 * ph) + rng.nextInt(3);
            int w = Math.max(1, kw - 2 * pw) + rng.nextInt(3);
            return new Case(conv, Tensor.uniform(rng, -1, 1, 1 + rng.nextInt(2), in, h, w));
        }
    }

    @Property(tries = 15)
    void gradientThroughConv2d(@ForAll long seed) {
        Case c = Case.of(seed);
        ParameterGradCheck.check(c.conv(), c.x());
    }

    @Property(tries = 25)
    void conv2dMatchesNaiveLoop(@ForAll long seed) {
        Case c = Case.of(seed);
        var win = c.conv().window();
        Tensor w = c.conv().parameters().get("weight").value();
        Tensor x = c.x();
        int n = x.shape().dim(0);
        int in = x.shape().dim(1);
        int h = x.shape().dim(2);
        int wd = x.shape().dim(3);
        int out = w.shape().dim(0);
        int oh = (h + 2 * win.ph() - win.kh()) / win.sh() + 1;
        int ow = (wd + 2 * win.pw() - win.kw()) / win.sw() + 1;
        Tensor y = c.conv().forward(Node.constant(x)).value();
        assertEquals(Shape.of(n, out, oh, ow), y.shape());
        for (int b = 0; b < n; b++) {
            for (int o = 0; o < out; o++) {
                for (int r = 0; r < oh; r++) {
                    for (int q = 0; q < ow; q++) {
                        double s = c.conv().parameters().containsKey("bias")
                                ? c.conv().parameters().get("bias").value().get(o) : 0;
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

    @Property(tries = 15)
    void gradientThroughConv1d(@ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int kernel = 1 + rng.nextInt(3);
        int padding = rng.nextInt(2);
        int stride = 1 + rng.nextInt(2);
        Conv1d conv = Conv1d.create(1 + rng.nextInt(2), 1 + rng.nextInt(2), kernel, stride, padding, rng);
        int in = conv.parameters().get("weight").shape().dim(1);
        int length = Math.max(1, kernel - 2 * padding) + rng.nextInt(3);
        Tensor x = Tensor.uniform(rng, -1, 1, 2, in, length);
        Node y = conv.forward(Node.constant(x));
        assertEquals((length + 2 * padding - kernel) / stride + 1, y.shape().dim(2));
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
