package leibniz.nn;

import leibniz.core.Convolutions.Window;

/**
 * Avg pooling over windows of {@code [N, C, L]} sequences:
 * {@code out[n, c, t] = mean_j in[n, c, t·stride − padding + j]}, padded zeros counted in the mean.
 */
public final class AvgPool1d extends PoolingLayer {
    private AvgPool1d(Window window) {
        super("AvgPool1d", Pooling.Kind.AVG, true, window);
    }

    /** Non-overlapping windows of length {@code kernel} (stride = kernel), no padding. */
    public static AvgPool1d create(int kernel) {
        return create(kernel, kernel, 0);
    }

    /** Windows of length {@code kernel} moved by {@code stride}, no padding. */
    public static AvgPool1d create(int kernel, int stride) {
        return create(kernel, stride, 0);
    }

    /** Windows with the given stride and padding on both ends (at most half the kernel). */
    public static AvgPool1d create(int kernel, int stride, int padding) {
        return new AvgPool1d(Pooling.window1d("AvgPool1d", kernel, stride, padding));
    }
}
