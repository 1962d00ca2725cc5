package leibniz.nn;

import java.util.Map;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.core.Convolutions.Window;

/**
 * Avg pooling over windows of {@code [N, C, L]} sequences:
 * {@code out[n, c, t] = mean_j in[n, c, t·stride − padding + j]}, padded zeros counted in the mean.
 */
public final class AvgPool1d implements Module {
    private final Window window;

    private AvgPool1d(Window window) {
        this.window = window;
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
        String label = "AvgPool1d(kernel " + kernel + ", stride " + stride + ", padding " + padding + ")";
        if (kernel < 1 || stride < 1 || padding < 0 || 2 * padding > kernel) {
            throw new IllegalArgumentException(label + ": kernel and stride must be at least 1, padding between 0 and"
                    + " half the kernel");
        }
        return new AvgPool1d(Pooling.window(label, 1, kernel, 1, stride, 0, padding));
    }

    /** {@code x [N, C, L]} pooled to {@code [N, C, (L + 2·padding − kernel) / stride + 1]}. */
    @Override
    public Node forward(Node x, Context ctx) {
        return Pooling.pool1d(x, Pooling.Kind.AVG, window, toString());
    }

    /** None: pooling has no parameters. */
    @Override
    public Map<String, Parameter> parameters() {
        return Map.of();
    }

    /** {@code AvgPool1d(kernel 3, stride 3)}. */
    @Override
    public String toString() {
        return Pooling.label1d("AvgPool1d", window);
    }
}
