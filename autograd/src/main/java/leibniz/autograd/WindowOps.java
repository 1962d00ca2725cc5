package leibniz.autograd;

import java.util.List;
import leibniz.core.Convolutions;
import leibniz.core.Convolutions.Window;
import leibniz.core.Shape;
import leibniz.core.Tensor;

/**
 * Sliding windows: {@code unfold} (im2col) and {@code fold} (col2im). Both are linear and each is the
 * other's transpose, so each VJP is the other op applied to {@code g}, each JVP the op itself applied to the
 * tangent; second derivatives are zero. A batch of images {@code [B, N, ...]} is one call on {@code B·N}
 * images, split back after.
 */
final class WindowOps {
    private WindowOps() {
    }

    /** out = im2col(x) [N, C·kh·kw, OH·OW] of x [N, C, H, W].  dx = fold(g).  tangent: unfold(ẋ) */
    record Unfold(Window window) implements BuiltIn {
        public String name() { return "unfold"; }
        public Shape shape(Shape... in) { return window.columns(in[0], "unfold"); }
        public Tensor forward(Tensor... in) { return Convolutions.im2col(in[0], window); }

        public List<Node> vjp(Node out, Node g) {
            Shape x = out.input(0).shape();
            return List.of(Node.apply(new Fold(window, x.dim(2), x.dim(3)), g));
        }

        public Node jvp(Node out, List<Node> t) { return Node.apply(this, t.get(0)); }

        public Node batch(Node out, List<Node> in, boolean[] batched) {
            Node x = in.get(0);
            return Batching.split(Node.apply(this, Batching.merge(x)), x.shape().dim(0));
        }
    }

    /** out = col2im(cols) [N, C, height, width], overlaps added.  dcols = unfold(g).  tangent: fold(ċols) */
    record Fold(Window window, int height, int width) implements BuiltIn {
        public String name() { return "fold"; }
        public Shape shape(Shape... in) { return window.image(in[0], height, width, "fold"); }
        public Tensor forward(Tensor... in) { return Convolutions.col2im(in[0], height, width, window); }
        public List<Node> vjp(Node out, Node g) { return List.of(Node.apply(new Unfold(window), g)); }
        public Node jvp(Node out, List<Node> t) { return Node.apply(this, t.get(0)); }

        public Node batch(Node out, List<Node> in, boolean[] batched) {
            Node cols = in.get(0);
            return Batching.split(Node.apply(this, Batching.merge(cols)), cols.shape().dim(0));
        }
    }
}
