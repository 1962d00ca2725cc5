package leibniz.autograd;

import java.util.ArrayList;
import java.util.List;

/**
 * An op whose output is flat almost everywhere in its inputs (comparisons, signs, arg-reductions, one-hot
 * rows, random draws): every input's VJP and the output's tangent are the symbolic zero, and the engine does
 * not walk into it.
 */
interface NoGradient extends Op {
    @Override
    default List<Node> vjp(Node out, Node g) {
        List<Node> zeros = new ArrayList<>(out.arity());
        for (int i = 0; i < out.arity(); i++) {
            zeros.add(Node.zeros(out.input(i).shape()));
        }
        return zeros;
    }

    @Override
    default Node jvp(Node out, List<Node> t) {
        return Node.zeros(out.shape(), out.dtype());
    }

    @Override
    default boolean differentiable() {
        return false;
    }
}
