package leibniz.nn;

import java.util.List;
import leibniz.autograd.Node;
import leibniz.autograd.Op;
import leibniz.core.Shape;
import leibniz.core.Tensor;

/**
 * out = x, after checking that every element is a whole number in {@code [0, bound)}: class labels
 * and embedding indices. It exists so that a bad index fed at run time is reported by the layer or loss
 * that uses it ({@code crossEntropy: label 12 out of range [0, 10)}) rather than by the gather or one-hot
 * deep inside it. Indices are data: no gradient, no tangent.
 */
record IndexCheck(String owner, String noun, int bound) implements Op {
    /** {@code indices} checked now if they are a constant, or by an {@link IndexCheck} node each run. */
    static Node of(Node indices, String owner, String noun, int bound) {
        IndexCheck check = new IndexCheck(owner, noun, bound);
        if (indices.isConstant()) {
            check.forward(indices.value());
            return indices;
        }
        return Node.apply(check, indices);
    }

    public String name() {
        return "checkIndices";
    }

    public Shape shape(Shape... in) {
        return in[0];
    }

    public Tensor forward(Tensor... in) {
        for (double v : in[0].toArray()) {
            if (v != Math.rint(v)) {
                throw new IllegalArgumentException(owner + ": " + noun + " " + v + " is not a whole number");
            }
            if (v < 0 || v >= bound) {
                throw new IllegalArgumentException(owner + ": " + noun + " " + (long) v + " out of range [0, "
                        + bound + ")");
            }
        }
        return in[0];
    }

    public List<Node> vjp(Node out, Node g) {
        return List.of(Node.zeros(out.input(0).shape()));
    }

    public Node jvp(Node out, List<Node> tangents) {
        return Node.zeros(out.shape(), out.dtype());
    }

    /** A batch of indices is checked as one tensor: each element against the same bound. */
    public Node batch(Node out, List<Node> inputs, boolean[] batched) {
        return Node.apply(this, inputs.get(0));
    }

    @Override
    public boolean differentiable() {
        return false;
    }
}
