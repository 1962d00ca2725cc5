package leibniz.autograd;

import leibniz.core.Arguments;
import leibniz.core.Convolutions.Window;
import leibniz.core.Convolutions;

/**
 * Sliding windows as graph operations, the building block of convolution and pooling layers.
 *
 * <p>{@link #unfold} copies every window of an image into a column (im2col), {@link #fold} adds
 * columns back into an image (col2im); they are each other's transpose. The layout is described in
 * {@link Convolutions}. A 2-D convolution is then one matrix product:
 * <pre>{@code
 * Window win = Window.square(3, 1, 1);
 * Node cols = Windows.unfold(x, win);                              // [N, C·9, H·W]
 * Node y = weight.reshape(outChannels, -1).matmul(cols)            // [N, OC, H·W]
 *         .reshape(n, outChannels, h, w);
 * }</pre>
 */
public final class Windows {
    private Windows() {
    }

    /**
     * The windows of {@code x} {@code [N, C, H, W]} as columns {@code [N, C·kh·kw, OH·OW]}:
     * {@code out[n, (c·kh + i)·kw + j, oh·OW + ow] = x[n, c, oh·sh − ph + i, ow·sw − pw + j]}, 0 in the padding.
     */
    public static Node unfold(Node x, Window window) {
        Arguments.notNull(x, "unfold", "x");
        Arguments.notNull(window, "unfold", "window");
        return Node.apply(new WindowOps.Unfold(window), x);
    }

    /**
     * The transpose of {@link #unfold}: columns {@code [N, C·kh·kw, OH·OW]} added back into an image
     * {@code [N, C, height, width]}, overlapping windows accumulating and padding dropped.
     */
    public static Node fold(Node cols, int height, int width, Window window) {
        Arguments.notNull(cols, "fold", "cols");
        Arguments.notNull(window, "fold", "window");
        return Node.apply(new WindowOps.Fold(window, height, width), cols);
    }
}
