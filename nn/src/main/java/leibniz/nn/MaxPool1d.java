package leibniz.nn;

import java.util.Map;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.core.Convolutions.Window;

/**
 * Max pooling over windows of {@code [N, C, L]} sequences:
 * {@code out[n, c, t] = max_j in[n, c, t·stride − padding + j]}, ignoring the padding.
 * The gradient goes to the maximum of each window (shared evenly among ties).
 */
public final class MaxPool1d implements Module {
    private final Window window;

    private MaxPool1d(Window window) {
        this.window = window;
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
        String label = "MaxPool1d(kernel " + kernel + ", stride " + stride + ", padding " + padding + ")";
        if (kernel < 1 || stride < 1 || padding < 0 || 2 * padding > kernel) {
            throw new IllegalArgumentException(label + ": kernel and stride must be at least 1, padding between 0 and"
                    + " half the kernel");
        }
        return new MaxPool1d(Pooling.window(label, 1, kernel, 1, stride, 0, padding));
    }

    /** {@code x [N, C, L]} pooled to {@code [N, C, (L + 2·padding − kernel) / stride + 1]}. */
    @Override
    public Node forward(Node x, Context ctx) {
        return Pooling.pool1d(x, Pooling.Kind.MAX, window, toString());
    }

    /** None: pooling has no parameters. */
    @Override
    public Map<String, Parameter> parameters() {
        return Map.of();
    }

    /** {@code MaxPool1d(kernel 3, stride 3)}. */
    @Override
    public String toString() {
        return Pooling.label1d("MaxPool1d", window);
    }
}
