package leibniz.nn;

import java.util.Map;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.core.Convolutions.Window;

/**
 * What the pooling layers share: a window, a kind of reduction, and whether the input is a sequence
 * {@code [N, C, L]} (pooled as an image of height 1) or an image {@code [N, C, H, W]}.
 */
abstract class PoolingLayer implements Module {
    private final String name;
    private final Pooling.Kind kind;
    private final boolean sequence;
    final Window window;

    PoolingLayer(String name, Pooling.Kind kind, boolean sequence, Window window) {
        this.name = name;
        this.kind = kind;
        this.sequence = sequence;
        this.window = window;
    }

    /**
     * {@code x} pooled over the windows: {@code [N, C, L]} to {@code [N, C, (L + 2·padding − kernel) / stride + 1]}
     * for the 1-D layers, {@code [N, C, H, W]} to {@code [N, C, OH, OW]} for the 2-D ones.
     */
    @Override
    public Node forward(Node x, Context ctx) {
        return sequence ? Pooling.pool1d(x, kind, window, toString()) : Pooling.pool2d(x, kind, window, toString());
    }

    /** None: pooling has no parameters. */
    @Override
    public Map<String, Parameter> parameters() {
        return Map.of();
    }

    /** {@code MaxPool1d(kernel 3, stride 3)} or {@code MaxPool2d(2x2, stride 2)}, with padding when present. */
    @Override
    public String toString() {
        return sequence ? Pooling.label1d(name, window) : Pooling.label2d(name, window);
    }
}
