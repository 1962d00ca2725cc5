package leibniz.autograd;

import java.util.List;
import leibniz.core.DType;
import leibniz.core.Shape;
import leibniz.core.Tensor;

/**
 * A primitive operation: its output shape, its value, and its vector-Jacobian product, side by side.
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
 * A {@link Program} compiles the graph by rewrite rules that know only this package's ops: an op of
 * your own is evaluated exactly where and as often as written, never merged with an equal one, folded
 * or rewritten, since the compiler cannot know whether it is pure.
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

    /** False for ops through which no gradient flows (comparisons, argmax, one-hot); the engine does not walk into them. */
    default boolean differentiable() {
        return true;
    }
}
