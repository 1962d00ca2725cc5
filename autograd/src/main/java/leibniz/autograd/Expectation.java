package leibniz.autograd;

import java.util.List;
import leibniz.core.Shape;
import leibniz.core.Tensor;

/**
 * out = x, marked with what a loss expects x to be (logits, probabilities, log-probabilities, or class
 * labels below a number of classes), so that {@link Lint} can tell a softmax fed to a loss that applies
 * its own. dx = g, ẏ = ṫ. The compiler drops it ({@code canonicalize.expectation}), so it costs nothing in a
 * compiled program, and returns x's own tensor when run as written.
 */
record Expectation(Lint.Role role, String owner, int classes) implements BuiltIn {
    public String name() {
        return "expect";
    }

    public Shape shape(Shape... in) {
        return in[0];
    }

    public Tensor forward(Tensor... in) {
        return in[0];
    }

    public List<Node> vjp(Node out, Node g) {
        return List.of(g);
    }

    /** ẏ = ṫ. */
    @Override
    public Node jvp(Node out, List<Node> t) {
        return t.get(0);
    }

    /** The mark on the batch: what a loss expects of each example it expects of all of them. */
    @Override
    public Node batch(Node out, List<Node> in, boolean[] batched) {
        return Node.apply(this, in.get(0));
    }

    /** {@code expect(x) → x}. Exact: the marker is the identity, and so is its VJP. */
    static Node drop(Node n) {
        return n.op() instanceof Expectation ? n.input(0) : null;
    }
}
