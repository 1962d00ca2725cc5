package leibniz.nn;

import leibniz.core.Convolutions.Window;

/**
 * Avg pooling over windows of {@code [N, C, H, W]} images:
 * {@code out[n, c, y, x] = mean_{i,j} in[n, c, y·sh − ph + i, x·sw − pw + j]}, padded zeros counted in the mean.
 *
 * <pre>{@code
 * Node y = AvgPool2d.create(2).forward(x);   // [N, C, H / 2, W / 2]
 * }</pre>
 */
public final class AvgPool2d extends PoolingLayer {
    private AvgPool2d(Window window) {
        super("AvgPool2d", Pooling.Kind.AVG, false, window);
    }

    /** Non-overlapping {@code kernel x kernel} windows (stride = kernel), no padding. */
    public static AvgPool2d create(int kernel) {
        return create(kernel, kernel, 0);
    }

    /** Square {@code kernel x kernel} windows moved by {@code stride}, no padding. */
    public static AvgPool2d create(int kernel, int stride) {
        return create(kernel, stride, 0);
    }

    /** Square windows with the given stride and padding on every side (at most half the kernel). */
    public static AvgPool2d create(int kernel, int stride, int padding) {
        return create(kernel, kernel, stride, stride, padding, padding);
    }

    /** Windows {@code kh x kw} with per-axis stride and padding (at most half the kernel). */
    public static AvgPool2d create(int kh, int kw, int sh, int sw, int ph, int pw) {
        return new AvgPool2d(Pooling.window("AvgPool2d", kh, kw, sh, sw, ph, pw));
    }

    /** The window: kernel, stride and padding. */
    public Window window() {
        return window;
    }
}
