package leibniz.nn;

import java.util.random.RandomGenerator;
import leibniz.autograd.Node;
import leibniz.autograd.Windows;
import leibniz.core.Convolutions.Window;

/**
 * A 2-D convolution (cross-correlation, as every framework computes it) of {@code [N, C, H, W]} images:
 * {@code out[n, o, y, x] = bias[o] + Σ_{c,i,j} weight[o, c, i, j] · in[n, c, y·sh − ph + i, x·sw − pw + j]},
 * with zero padding. Computed as one matrix product with the unfolded windows ({@link Windows#unfold}).
 *
 * <p>Parameters {@code weight [out, in, kh, kw]} and {@code bias [out]} start uniform in
 * {@code ±1/√(in·kh·kw)}, PyTorch's default.
 *
 * <pre>{@code
 * Conv2d conv = Conv2d.create(1, 8, 3, 1, 1, rng);       // 3x3, stride 1, padding 1: keeps H and W
 * Node y = conv.forward(images);                         // [N, 8, H, W]
 * }</pre>
 */
public final class Conv2d extends Convolution {
    private Conv2d(int in, int out, Window window, boolean bias, RandomGenerator rng) {
        super(in, out, window, bias, rng, window.kh(), window.kw());
    }

    /** A square {@code kernel x kernel} convolution with the given stride and zero padding, with a bias. */
    public static Conv2d create(int inChannels, int outChannels, int kernel, int stride, int padding,
            RandomGenerator rng) {
        return create(inChannels, outChannels, kernel, kernel, stride, stride, padding, padding, true, rng);
    }

    /** A convolution with a {@code kh x kw} kernel, per-axis stride and padding, and an optional bias. */
    public static Conv2d create(int inChannels, int outChannels, int kh, int kw, int sh, int sw, int ph, int pw,
            boolean bias, RandomGenerator rng) {
        check("Conv2d(" + inChannels + " -> " + outChannels + ", " + kh + "x" + kw + ")", inChannels, outChannels,
                kh >= 1 && kw >= 1 && sh >= 1 && sw >= 1 && ph >= 0 && pw >= 0,
                "stride " + sh + "x" + sw + ", padding " + ph + "x" + pw);
        return new Conv2d(inChannels, outChannels, Window.of(kh, kw, sh, sw, ph, pw), bias, rng);
    }

    /** The convolution of {@code x} {@code [N, in, H, W]}: {@code [N, out, OH, OW]}. */
    @Override
    public Node forward(Node x, Context ctx) {
        checkInput(x, 4, "[batch, channels, height, width]");
        int h = x.shape().dim(2);
        int w = x.shape().dim(3);
        if (!window.fits(h, w)) {
            throw new IllegalArgumentException(describe(true) + ": kernel larger than padded input "
                    + (h + 2 * window.ph()) + "x" + (w + 2 * window.pw()));
        }
        Node y = weightTimes(Windows.unfold(x, window))
                .reshape(x.shape().dim(0), out, window.outHeight(h), window.outWidth(w));
        return plusBias(y);
    }

    /** The window: kernel, stride and padding. */
    public Window window() {
        return window;
    }

    @Override
    String describe(boolean alwaysPadding) {
        StringBuilder s = new StringBuilder("Conv2d(" + in + " -> " + out + ", " + window.kh() + "x" + window.kw());
        if (window.sh() != 1 || window.sw() != 1) {
            s.append(", stride ").append(Pooling.pair(window.sh(), window.sw()));
        }
        if (alwaysPadding || window.ph() != 0 || window.pw() != 0) {
            s.append(", padding ").append(Pooling.pair(window.ph(), window.pw()));
        }
        return s.append(')').toString();
    }
}
