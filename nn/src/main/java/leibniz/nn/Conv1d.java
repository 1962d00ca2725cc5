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
 * A 1-D convolution of sequences {@code [N, C, L]} (DNA, audio, characters):
 * {@code out[n, o, t] = bias[o] + Σ_{c,j} weight[o, c, j] · in[n, c, t·stride − padding + j]}, zero padded.
 * The sequence is viewed as an image of height 1 and unfolded like {@link Conv2d}.
 *
 * <p>Parameters {@code weight [out, in, kernel]} and {@code bias [out]} start uniform in
 * {@code ±1/√(in·kernel)}, PyTorch's default.
 *
 * <pre>{@code
 * Conv1d conv = Conv1d.create(4, 16, 7, 1, 3, rng);    // one-hot DNA [N, 4, L] -> [N, 16, L]
 * }</pre>
 */
public final class Conv1d implements Module {
    private final int in;
    private final int out;
    private final Window window;
    private final Parameter weight;
    private final Parameter bias;

    private Conv1d(int in, int out, Window window, Parameter weight, Parameter bias) {
        this.in = in;
        this.out = out;
        this.window = window;
        this.weight = weight;
        this.bias = bias;
    }

    /** A convolution with the given kernel length, stride and zero padding on both ends, with a bias. */
    public static Conv1d create(int inChannels, int outChannels, int kernel, int stride, int padding,
            RandomGenerator rng) {
        return create(inChannels, outChannels, kernel, stride, padding, true, rng);
    }

    /** A convolution with the given kernel length, stride and padding, and an optional bias. */
    public static Conv1d create(int inChannels, int outChannels, int kernel, int stride, int padding, boolean bias,
            RandomGenerator rng) {
        String label = "Conv1d(" + inChannels + " -> " + outChannels + ", kernel " + kernel + ")";
        if (inChannels < 1 || outChannels < 1) {
            throw new IllegalArgumentException(label + ": channels must be at least 1");
        }
        if (kernel < 1 || stride < 1 || padding < 0) {
            throw new IllegalArgumentException(label + ": kernel and stride must be at least 1, padding at least 0"
                    + " (stride " + stride + ", padding " + padding + ")");
        }
        double bound = 1 / Math.sqrt((double) inChannels * kernel);
        Parameter w = Parameter.of("weight", Tensor.uniform(rng, -bound, bound, outChannels, inChannels, kernel));
        Parameter b = bias ? Parameter.of("bias", Tensor.uniform(rng, -bound, bound, outChannels)) : null;
        return new Conv1d(inChannels, outChannels, Window.of(1, kernel, 1, stride, 0, padding), w, b);
    }

    /** The convolution of {@code x} {@code [N, in, L]}: {@code [N, out, (L + 2·padding − kernel) / stride + 1]}. */
    @Override
    public Node forward(Node x, Context ctx) {
        if (x.rank() != 3 || x.shape().dim(1) != in) {
            throw new IllegalArgumentException(this + ": input " + x.shape()
                    + (x.rank() != 3 ? " is not [batch, channels, length]" : " has " + x.shape().dim(1) + " channels"));
        }
        int n = x.shape().dim(0);
        int length = x.shape().dim(2);
        if (!window.fits(1, length)) {
            throw new IllegalArgumentException(describe(true) + ": kernel larger than padded input length "
                    + (length + 2 * window.pw()));
        }
        Node cols = Windows.unfold(x.reshape(n, in, 1, length), window);
        Node y = weight.node().reshape(out, -1).matmul(cols);
        return bias == null ? y : y.add(bias.node().reshape(out, 1));
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

    private String describe(boolean alwaysPadding) {
        StringBuilder s = new StringBuilder("Conv1d(" + in + " -> " + out + ", kernel " + window.kw());
        if (window.sw() != 1) {
            s.append(", stride ").append(window.sw());
        }
        if (alwaysPadding || window.pw() != 0) {
            s.append(", padding ").append(window.pw());
        }
        return s.append(')').toString();
    }

    /** {@code Conv1d(4 -> 16, kernel 7)}, with stride and padding when they are not 1 and 0. */
    @Override
    public String toString() {
        return describe(false);
    }
}
