package leibniz.nn;

import leibniz.core.Convolutions.Window;

/**
 * Max pooling over windows of {@code [N, C, H, W]} images:
 * {@code out[n, c, y, x] = max_{i,j} in[n, c, y·sh − ph + i, x·sw − pw + j]}, ignoring the padding.
 * The gradient goes to the maximum of each window (shared evenly among ties).
 *
 * <pre>{@code
 * Node y = MaxPool2d.create(2).forward(x);   // [N, C, H / 2, W / 2]
 * }</pre>
 */
public final class MaxPool2d extends PoolingLayer {
    private MaxPool2d(Window window) {
        super("MaxPool2d", Pooling.Kind.MAX, false, window);
    }

    /** Non-overlapping {@code kernel x kernel} windows (stride = kernel), no padding. */
    public static MaxPool2d create(int kernel) {
        return create(kernel, kernel, 0);
    }

    /** Square {@code kernel x kernel} windows moved by {@code stride}, no padding. */
    public static MaxPool2d create(int kernel, int stride) {
        return create(kernel, stride, 0);
    }

    /** Square windows with the given stride and padding on every side (at most half the kernel). */
    public static MaxPool2d create(int kernel, int stride, int padding) {
        return create(kernel, kernel, stride, stride, padding, padding);
    }

    /** Windows {@code kh x kw} with per-axis stride and padding (at most half the kernel). */
    public static MaxPool2d create(int kh, int kw, int sh, int sw, int ph, int pw) {
        return new MaxPool2d(Pooling.window("MaxPool2d", kh, kw, sh, sw, ph, pw));
    }

    /** The window: kernel, stride and padding. */
    public Window window() {
        return window;
    }
}
