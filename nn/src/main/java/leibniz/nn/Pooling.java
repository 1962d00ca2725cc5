package leibniz.nn;

import leibniz.autograd.Node;
import leibniz.autograd.Windows;
import leibniz.core.Convolutions;
import leibniz.core.Convolutions.Window;
import leibniz.core.Tensor;

/**
 * The shared body of the pooling layers: unfold the windows to {@code [N, C, kh·kw, OH·OW]} and reduce
 * axis 2. Max pooling must not see the zeros that unfold puts in the padding (a window of negative
 * values would pool to 0), so padded positions are replaced by −∞ before the maximum; they are never
 * picked and receive no gradient. Average pooling counts padded zeros, as PyTorch's default does.
 */
final class Pooling {
    private Pooling() {
    }

    enum Kind { MAX, AVG }

    /** The window of a pooling layer, refused with a message in terms of the layer. */
    static Window window(String layer, int kh, int kw, int sh, int sw, int ph, int pw) {
        // Padding beyond half the kernel would allow windows made only of padding.
        if (kh < 1 || kw < 1 || sh < 1 || sw < 1 || ph < 0 || pw < 0 || 2 * ph > kh || 2 * pw > kw) {
            throw new IllegalArgumentException(layer + ": kernel " + kh + "x" + kw + ", stride " + sh + "x" + sw
                    + ", padding " + ph + "x" + pw + ": kernel and stride must be at least 1, padding between 0 and"
                    + " half the kernel");
        }
        return Window.of(kh, kw, sh, sw, ph, pw);
    }

    /** The window of a 1-D pooling layer: {@code kernel} long, refused in the words of a sequence. */
    static Window window1d(String name, int kernel, int stride, int padding) {
        String label = name + "(kernel " + kernel + ", stride " + stride + ", padding " + padding + ")";
        if (kernel < 1 || stride < 1 || padding < 0 || 2 * padding > kernel) {
            throw new IllegalArgumentException(label + ": kernel and stride must be at least 1, padding between 0 and"
                    + " half the kernel");
        }
        return window(label, 1, kernel, 1, stride, 0, padding);
    }

    /** {@code x [N, C, H, W]} pooled to {@code [N, C, OH, OW]}; {@code label} names the layer in errors. */
    static Node pool2d(Node x, Kind kind, Window w, String label) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException(label + ": input " + x.shape()
                    + " is not [batch, channels, height, width]");
        }
        int n = x.shape().dim(0);
        int c = x.shape().dim(1);
        int h = x.shape().dim(2);
        int wd = x.shape().dim(3);
        if (!w.fits(h, wd)) {
            throw new IllegalArgumentException(label + ": kernel larger than padded input " + (h + 2 * w.ph()) + "x"
                    + (wd + 2 * w.pw()));
        }
        int k = w.kh() * w.kw();
        int oh = w.outHeight(h);
        int ow = w.outWidth(wd);
        Node cols = Windows.unfold(x, w).reshape(n, c, k, oh * ow);
        Node pooled;
        if (kind == Kind.AVG) {
            pooled = cols.mean(2);
        } else {
            if (w.ph() > 0 || w.pw() > 0) {
                // Which window entries are real pixels: the unfolded image of ones, 0 in the padding.
                Tensor inside = Convolutions.im2col(Tensor.ones(1, 1, h, wd), w).reshape(1, 1, k, oh * ow);
                cols = Node.where(Node.constant(inside), cols, Node.scalar(Double.NEGATIVE_INFINITY));
            }
            pooled = cols.max(2);
        }
        return pooled.reshape(n, c, oh, ow);
    }

    /** {@code x [N, C, L]} pooled to {@code [N, C, OL]} as an image of height 1. */
    static Node pool1d(Node x, Kind kind, Window w, String label) {
        if (x.rank() != 3) {
            throw new IllegalArgumentException(label + ": input " + x.shape() + " is not [batch, channels, length]");
        }
        int n = x.shape().dim(0);
        int c = x.shape().dim(1);
        int length = x.shape().dim(2);
        if (!w.fits(1, length)) {
            throw new IllegalArgumentException(label + ": kernel larger than padded input length "
                    + (length + 2 * w.pw()));
        }
        return pool2d(x.reshape(n, c, 1, length), kind, w, label).reshape(n, c, w.outWidth(length));
    }

    /** The label of a 2-D pooling layer: {@code MaxPool2d(2x2, stride 2)}, with padding when present. */
    static String label2d(String name, Window w) {
        return name + "(" + w.kh() + "x" + w.kw() + ", stride " + pair(w.sh(), w.sw())
                + (w.ph() == 0 && w.pw() == 0 ? "" : ", padding " + pair(w.ph(), w.pw())) + ")";
    }

    /** {@code "2"} for a pair of equal sizes, {@code "2x3"} otherwise. */
    static String pair(int a, int b) {
        return a == b ? Integer.toString(a) : a + "x" + b;
    }

    /** The label of a 1-D pooling layer: {@code MaxPool1d(kernel 3, stride 3)}, with padding when present. */
    static String label1d(String name, Window w) {
        return name + "(kernel " + w.kw() + ", stride " + w.sw() + (w.pw() == 0 ? "" : ", padding " + w.pw()) + ")";
    }
}
