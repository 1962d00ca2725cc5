package leibniz.nn;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.autograd.Windows;
import leibniz.core.Convolutions.Window;
import leibniz.core.Tensor;

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
public final class Conv2d implements Module {
    private final int in;
    private final int out;
    private final Window window;
    private final Parameter weight;
    private final Parameter bias;

    private Conv2d(int in, int out, Window window, Parameter weight, Parameter bias) {
        this.in = in;
        this.out = out;
        this.window = window;
        this.weight = weight;
        this.bias = bias;
    }

    /** A square {@code kernel x kernel} convolution with the given stride and zero padding, with a bias. */
    public static Conv2d create(int inChannels, int outChannels, int kernel, int stride, int padding,
            RandomGenerator rng) {
        return create(inChannels, outChannels, kernel, kernel, stride, stride, padding, padding, true, rng);
    }

    /** A convolution with a {@code kh x kw} kernel, per-axis stride and padding, and an optional bias. */
    public static Conv2d create(int inChannels, int outChannels, int kh, int kw, int sh, int sw, int ph, int pw,
            boolean bias, RandomGenerator rng) {
        String label = "Conv2d(" + inChannels + " -> " + outChannels + ", " + kh + "x" + kw + ")";
        if (inChannels < 1 || outChannels < 1) {
            throw new IllegalArgumentException(label + ": channels must be at least 1");
        }
        if (kh < 1 || kw < 1 || sh < 1 || sw < 1 || ph < 0 || pw < 0) {
            throw new IllegalArgumentException(label + ": kernel and stride must be at least 1, padding at least 0"
                    + " (stride " + sh + "x" + sw + ", padding " + ph + "x" + pw + ")");
        }
        double bound = 1 / Math.sqrt((double) inChannels * kh * kw);
        Parameter w = Parameter.of("weight", Tensor.uniform(rng, -bound, bound, outChannels, inChannels, kh, kw));
        Parameter b = bias ? Parameter.of("bias", Tensor.uniform(rng, -bound, bound, outChannels)) : null;
        return new Conv2d(inChannels, outChannels, Window.of(kh, kw, sh, sw, ph, pw), w, b);
    }

    /** The convolution of {@code x} {@code [N, in, H, W]}: {@code [N, out, OH, OW]}. */
    @Override
    public Node forward(Node x, Context ctx) {
        if (x.rank() != 4 || x.shape().dim(1) != in) {
            throw new IllegalArgumentException(this + ": input " + x.shape() + (x.rank() != 4
                    ? " is not [batch, channels, height, width]" : " has " + x.shape().dim(1) + " channels"));
        }
        int h = x.shape().dim(2);
        int w = x.shape().dim(3);
        if (!window.fits(h, w)) {
            throw new IllegalArgumentException(describe(true) + ": kernel larger than padded input "
                    + (h + 2 * window.ph()) + "x" + (w + 2 * window.pw()));
        }
        Node cols = Windows.unfold(x, window);
        Node y = weight.node().reshape(out, -1).matmul(cols)
                .reshape(x.shape().dim(0), out, window.outHeight(h), window.outWidth(w));
        return bias == null ? y : y.add(bias.node().reshape(out, 1, 1));
    }

    /** {@code weight}, then {@code bias} if present. */
    @Override
    public Map<String, Parameter> parameters() {
        Map<String, Parameter> p = new LinkedHashMap<>();
        p.put("weight", weight);
        if (bias != null) {
            p.put("bias", bias);
        }
        return Collections.unmodifiableMap(p);
    }

    /** The window: kernel, stride and padding. */
    public Window window() {
        return window;
    }

    private String describe(boolean alwaysPadding) {
        StringBuilder s = new StringBuilder("Conv2d(" + in + " -> " + out + ", " + window.kh() + "x" + window.kw());
        if (window.sh() != 1 || window.sw() != 1) {
            s.append(", stride ").append(Pooling.pair(window.sh(), window.sw()));
        }
        if (alwaysPadding || window.ph() != 0 || window.pw() != 0) {
            s.append(", padding ").append(Pooling.pair(window.ph(), window.pw()));
        }
        return s.append(')').toString();
    }

    /** {@code Conv2d(3 -> 16, 5x5)}, with stride and padding when they are not 1 and 0. */
    @Override
    public String toString() {
        return describe(false);
    }
}
