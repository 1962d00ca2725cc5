package leibniz.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** im2col against a naive loop, col2im as its exact adjoint, hand-computed windows and the error messages. */
class ConvolutionsProperties {

    /** An image with values in [-1, 1], a window that fits it (small enough for the naive loop), and columns r. */
    record Case(Tensor x, Convolutions.Window window, Tensor r) {
        int[] dims() {
            return x.shape().dims();
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<int[]> sizes = Arbitraries.integers().between(1, 3).array(int[].class).ofSize(6);
        Arbitrary<int[]> image = Combinators.combine(Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(1, 3), Arbitraries.integers().between(1, 6),
                Arbitraries.integers().between(1, 6)).as((n, c, h, w) -> new int[] {n, c, h, w});
        return Combinators.combine(image, sizes).flatAs((d, k) -> {
            int ph = k[4] - 1;
            int pw = k[5] - 1;
            // Shrink the kernel until it fits the padded input, so every case is valid.
            int kh = Math.min(k[0], d[2] + 2 * ph);
            int kw = Math.min(k[1], d[3] + 2 * pw);
            Convolutions.Window w = Convolutions.Window.of(kh, kw, k[2], k[3], ph, pw);
            Shape s = Shape.of(d);
            return Combinators.combine(Generators.uniform(s), Generators.uniform(w.columns(s, "test")))
                    .as((x, r) -> new Case(x, w, r));
        });
    }

    @Property(tries = 60)
    void im2colMatchesNaiveLoop(@ForAll("cases") Case c) {
        Tensor x = c.x();
        Convolutions.Window w = c.window();
        int[] d = c.dims();
        int oh = (d[2] + 2 * w.ph() - w.kh()) / w.sh() + 1;
        int ow = (d[3] + 2 * w.pw() - w.kw()) / w.sw() + 1;
        double[] expected = new double[d[0] * d[1] * w.kh() * w.kw() * oh * ow];
        int k = 0;
        for (int n = 0; n < d[0]; n++) {
            for (int ch = 0; ch < d[1]; ch++) {
                for (int i = 0; i < w.kh(); i++) {
                    for (int j = 0; j < w.kw(); j++) {
                        for (int r = 0; r < oh; r++) {
                            for (int q = 0; q < ow; q++, k++) {
                                int y = r * w.sh() - w.ph() + i;
                                int z = q * w.sw() - w.pw() + j;
                                boolean inside = y >= 0 && y < d[2] && z >= 0 && z < d[3];
                                expected[k] = inside ? x.get(n, ch, y, z) : 0;
                            }
                        }
                    }
                }
            }
        }
        Tensor cols = Convolutions.im2col(x, w);
        assertEquals(Shape.of(d[0], d[1] * w.kh() * w.kw(), oh * ow), cols.shape());
        assertArrayEquals(expected, cols.toArray());
    }

    @Property(tries = 60)
    void col2imIsTheAdjointOfIm2col(@ForAll("cases") Case c) {
        Tensor x = c.x();
        Convolutions.Window w = c.window();
        Tensor r = c.r();
        Tensor back = Convolutions.col2im(r, c.dims()[2], c.dims()[3], w);
        assertEquals(x.shape(), back.shape());
        double lhs = Convolutions.im2col(x, w).mul(r).sum().item();
        double rhs = x.mul(back).sum().item();
        assertEquals(lhs, rhs, 1e-12);
    }

    @Example
    void twoByTwoWindowsOfAThreeByThreeImage() {
        Tensor x = Tensor.arange(9).reshape(1, 1, 3, 3);
        Tensor cols = Convolutions.im2col(x, Convolutions.Window.square(2, 1, 0));
        // Rows are kernel offsets (0,0), (0,1), (1,0), (1,1); columns the four window positions.
        assertEquals(Tensor.matrix(new double[][] {
            {0, 1, 3, 4}, {1, 2, 4, 5}, {3, 4, 6, 7}, {4, 5, 7, 8}}).reshape(1, 4, 4), cols);
    }

    @Example
    void col2imCountsHowOftenEachPixelIsCovered() {
        Convolutions.Window w = Convolutions.Window.square(2, 1, 0);
        Tensor covered = Convolutions.col2im(Tensor.ones(1, 4, 4), 3, 3, w);
        assertEquals(Tensor.of(new double[] {1, 2, 1, 2, 4, 2, 1, 2, 1}, 1, 1, 3, 3), covered);
    }

    @Example
    void paddingAndStrideTwo() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4}, 1, 1, 2, 2);
        Tensor cols = Convolutions.im2col(x, Convolutions.Window.square(2, 2, 1));
        // A 4x4 padded image cut into four 2x2 tiles: each tile holds one input value in its far corner.
        assertEquals(Tensor.matrix(new double[][] {
            {0, 0, 0, 4}, {0, 0, 3, 0}, {0, 2, 0, 0}, {1, 0, 0, 0}}).reshape(1, 4, 4), cols);
    }

    @Example
    void refusesBadInput() {
        assertMessage("window: kernel 0x3, stride 1x1, padding 0x0: kernel and stride must be at least 1,"
                + " padding at least 0",
                () -> Convolutions.Window.of(0, 3, 1, 1, 0, 0));
        assertMessage("im2col: input [1, 1, 2, 2]: kernel 3x3 larger than padded input 2x2",
                () -> Convolutions.im2col(Tensor.zeros(1, 1, 2, 2), Convolutions.Window.square(3, 1, 0)));
        assertMessage("im2col: input [2, 2] must have rank 4 [N, C, H, W]",
                () -> Convolutions.im2col(Tensor.zeros(2, 2), Convolutions.Window.square(1, 1, 0)));
        assertMessage("col2im: columns [1, 4, 3] do not fold into a 3x3 image with kernel 2x2, stride 1x1, padding 0x0"
                + " (expected [N, C*4, 4])",
                () -> Convolutions.col2im(Tensor.zeros(1, 4, 3), 3, 3, Convolutions.Window.square(2, 1, 0)));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
