package leibniz.nn;

import java.util.Map;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
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
public final class MaxPool2d implements Module {
    private final Window window;

    private MaxPool2d(Window window) {
        this.window = window;
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

    /** {@code x [N, C, H, W]} pooled to {@code [N, C, OH, OW]}. */
    @Override
    public Node forward(Node x, Context ctx) {
        return Pooling.pool2d(x, Pooling.Kind.MAX, window, toString());
    }

    /** None: pooling has no parameters. */
    @Override
    public Map<String, Parameter> parameters() {
        return Map.of();
    }

    /** The window: kernel, stride and padding. */
    public Window window() {
        return window;
    }

    /** {@code MaxPool2d(2x2, stride 2)}. */
    @Override
    public String toString() {
        return Pooling.label2d("MaxPool2d", window);
    }
}
