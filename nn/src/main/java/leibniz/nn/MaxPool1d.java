package leibniz.nn;

import leibniz.core.Convolutions.Window;

/**
 * Max pooling over windows of {@code [N, C, L]} sequences:
 * {@code out[n, c, t] = max_j in[n, c, t·stride − padding + j]}, ignoring the padding.
 * The gradient goes to the maximum of each window (shared evenly among ties).
 */
public final class MaxPool1d extends PoolingLayer {
    private MaxPool1d(Window window) {
        super("MaxPool1d", Pooling.Kind.MAX, true, window);
    }

    /** Non-overlapping windows of length {@code kernel} (stride = kernel), no padding. */
    public static MaxPool1d create(int kernel) {
        return create(kernel, kernel, 0);
    }

    /** Windows of length {@code kernel} moved by {@code stride}, no padding. */
    public static MaxPool1d create(int kernel, int stride) {
        return create(kernel, stride, 0);
    }

    /** Windows with the given stride and padding on both ends (at most half the kernel). */
    public static MaxPool1d create(int kernel, int stride, int padding) {
        return new MaxPool1d(Pooling.window1d("MaxPool1d", kernel, stride, padding));
    }
}
