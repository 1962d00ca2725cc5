package leibniz.autograd;

import java.util.ArrayList;
import java.util.List;

/**
 * An op whose output is flat almost everywhere in its inputs (comparisons, signs, arg-reductions, one-hot
 * rows, random draws): every input's VJP and the output's tangent are the symbolic zero, and the engine does
 * not walk into it. The zeros keep a dynamic axis ({@link Dynamic}), so that one made a value knows its length.
 */
interface NoGradient extends Op {
    @Override
    default List<Node> vjp(Node out, Node g) {
        List<Node> zeros = new ArrayList<>(out.arity());
        for (int i = 0; i < out.arity(); i++) {
            zeros.add(Patterns.zeroLike(out.input(i)));
        }
        return zeros;
    }

    @Override
    default Node jvp(Node out, List<Node> t) {
        return Patterns.zeroLike(out);
    }

    @Override
    default boolean differentiable() {
        return false;
    }
}
