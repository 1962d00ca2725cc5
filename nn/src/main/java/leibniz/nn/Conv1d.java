package leibniz.nn;

import java.util.random.RandomGenerator;
import leibniz.autograd.Node;
import leibniz.autograd.Windows;
import leibniz.core.Convolutions.Window;

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
public final class Conv1d extends Convolution {
    private Conv1d(int in, int out, int kernel, int stride, int padding, boolean bias, RandomGenerator rng) {
        super(in, out, Window.of(1, kernel, 1, stride, 0, padding), bias, rng, kernel);
    }

    /** A convolution with the given kernel length, stride and zero padding on both ends, with a bias. */
    public static Conv1d create(int inChannels, int outChannels, int kernel, int stride, int padding,
            RandomGenerator rng) {
        return create(inChannels, outChannels, kernel, stride, padding, true, rng);
    }

    /** A convolution with the given kernel length, stride and padding, and an optional bias. */
    public static Conv1d create(int inChannels, int outChannels, int kernel, int stride, int padding, boolean bias,
            RandomGenerator rng) {
        check("Conv1d(" + inChannels + " -> " + outChannels + ", kernel " + kernel + ")", inChannels, outChannels,
                kernel >= 1 && stride >= 1 && padding >= 0, "stride " + stride + ", padding " + padding);
        return new Conv1d(inChannels, outChannels, kernel, stride, padding, bias, rng);
    }

    /** The convolution of {@code x} {@code [N, in, L]}: {@code [N, out, (L + 2·padding − kernel) / stride + 1]}. */
    @Override
    public Node forward(Node x, Context ctx) {
        checkInput(x, 3, "[batch, channels, length]");
        int n = x.shape().dim(0);
        int length = x.shape().dim(2);
        if (!window.fits(1, length)) {
            throw new IllegalArgumentException(describe(true) + ": kernel larger than padded input length "
                    + (length + 2 * window.pw()));
        }
        return plusBias(weightTimes(Windows.unfold(x.reshape(n, in, 1, length), window)));
    }

    @Override
    String describe(boolean alwaysPadding) {
        StringBuilder s = new StringBuilder("Conv1d(" + in + " -> " + out + ", kernel " + window.kw());
        if (window.sw() != 1) {
            s.append(", stride ").append(window.sw());
        }
        if (alwaysPadding || window.pw() != 0) {
            s.append(", padding ").append(window.pw());
        }
        return s.append(')').toString();
    }
}
