package leibniz.autograd;

import java.util.List;
import leibniz.core.DType;
import leibniz.core.Shape;
import leibniz.core.Tensor;

/**
 * A primitive operation: its output shape, its value, its vector-Jacobian product (reverse mode), its
 * Jacobian-vector product (forward mode) and its batching rule ({@link Transforms#vmap}), side by side.
 *
 * <p>The VJP receives the op's output node {@code out} (its inputs are {@code out.input(i)}) and the
 * gradient {@code g} arriving at it, and returns one gradient per input, <b>written with graph
 * nodes</b>, so that gradients can be differentiated again. A gradient may have the output's
 * broadcast shape: the engine sums it back to the input's shape in one shared place. Return
 * {@link Node#zeros(Shape)} for an input that receives no gradient.
 *
 * <p>A custom op is a record implementing this interface:
 * <pre>{@code
 * record Cube() implements Op {
 *     public String name() { return "cube"; }
 *     public Shape shape(Shape... in) { return in[0]; }
 *     public Tensor forward(Tensor... in) { return in[0].pow(3); }
 *     public List<Node> vjp(Node out, Node g) {          // dx = g ⊙ 3x²
 *         return List.of(g.mul(out.input(0).square()).mul(3));
 *     }
 * }
 * Node y = Node.apply(new Cube(), x);
 * }</pre>
 * Such an op already works in every transform: forward mode transposes its VJP ({@link #jvp}) and vmap
 * runs it once per example ({@link #batch}). Overriding the two, as every built-in op does, makes them
 * direct: {@code public Node jvp(Node out, List<Node> t) { return t.get(0).mul(out.input(0).square()).mul(3); }}
 * and {@code public Node batch(Node out, List<Node> in, boolean[] batched) { return Node.apply(this, in.get(0)); }}.
 * A {@link Program} compiles the graph by rewrite rules that know only this package's ops: an op of
 * your own is evaluated exactly where and as often as written, never merged with an equal one, folded
 * or rewritten, since the compiler cannot know whether it is pure. Its {@code forward} may receive
 * tensors that view buffers the program reuses once the op has run: keep a copy, never the tensor.
 */
public interface Op {
    /** A short lowercase name for messages and graph export, e.g. {@code "matmul"}. */
    String name();

    /** The output shape for the given input shapes; refuses bad ones with a sentence naming the op and the shapes. */
    Shape shape(Shape... in);

    /**
     * The output's element type for the inputs' types and shapes (parallel arrays). By default the
     * inputs' common type ({@link DType#common}), which is what every elementwise op of {@link Tensor}
     * gives; an op whose forward returns another type says so here.
     */
    default DType dtype(DType[] in, Shape[] shapes) {
        return DType.common(in, shapes);
    }

    /** The output value from the input values; its type must be the one {@link #dtype} states. */
    Tensor forward(Tensor... in);

    /** The gradient for each input, as graph nodes, given the output node and the gradient {@code g} at it. */
    List<Node> vjp(Node out, Node g);

    /**
     * The tangent of the output given one tangent per input, of the input's shape (the symbolic zero,
     * {@link Node#isZero()}, where an input has none), written with graph nodes: forward mode's
     * Jacobian-vector product. Linear ops apply themselves to the tangents; bilinear ones pair each tangent
     * with the other operand. The result may have a shape that broadcasts to the output's.
     *
     * <p>By default the transpose of this op's own VJP (the double-VJP trick): for a dummy cotangent u,
     * {@code d/du Σ_i <vjp_i(u), ṫ_i>}, right for any op whose VJP is correct, at the price of two reverse
     * passes over that VJP.
     */
    default Node jvp(Node out, List<Node> tangents) {
        return ForwardMode.transposedVjp(out, tangents);
    }

    /**
     * This op applied to a batch of inputs, the batching rule of {@link Transforms#vmap}: {@code out} is the
     * node for one example, {@code inputs} its inputs rebuilt for the batch, where those with
     * {@code batched[i]} carry a leading batch axis of size B and the others are shared by every example;
     * the result holds the batch axis first, {@code [B, ...out.shape()]}.
     *
     * <p>By default a loop: the op applied to each example's slices and the results stacked, logged once
     * per vmap naming the op.
     */
    default Node batch(Node out, List<Node> inputs, boolean[] batched) {
        return Batching.loop(out, inputs, batched);
    }

    /** False for ops through which no gradient flows (comparisons, argmax, one-hot); the engine does not walk into them. */
    default boolean differentiable() {
        return true;
    }
}
