package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.UnaryOperator;
import leibniz.autograd.check.GradCheck;
import leibniz.autograd.check.TensorArbitraries;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * First and second derivatives of every reduction ({@link ReductionOps}) over all elements and
 * over every axis, each axis once as a non-negative index without keepDims and once as a negative
 * index with keepDims, each also as its F32 twin ({@link OpChecks}). Max and min get values with no ties;
 * argmax and argmin carry no gradient.
 */
class ReductionOpsProperties {
    private static final int TRIES = 20;

    /** The reduction over all elements, over axis a, and over axis a − rank keeping it. */
    interface Reduction {
        Node apply(Node x, int axis, boolean keepDims);
    }

    /** Both checks for the full reduction and for every (axis, keepDims) of {@code x}. */
    private static void everyAxis(UnaryOperator<Node> all, Reduction along, Tensor x) {
        gradients(all, x);
        for (int a = 0; a < x.rank(); a++) {
            int axis = a;
            gradients(n -> along.apply(n, axis, false), x);
            gradients(n -> along.apply(n, axis - x.rank(), true), x);
        }
    }

    private static void gradients(UnaryOperator<Node> f, Tensor x) {
        OpChecks.gradients(xs -> f.apply(xs.get(0)), x);
    }

    @Provide
    Arbitrary<Tensor> any() {
        return TensorArbitraries.tensors(1, 3, 3, -2, 2);
    }

    /** Values in [-2, 2] with no ties, at least 1.6/size apart, so a step of eps never changes the arg-max. */
    @Provide
    Arbitrary<Tensor> distinct() {
        return TensorArbitraries.distinct(1, 3, 3).map(t -> t.mul(2));
    }

    @Property(tries = TRIES)
    void gradOfSum(@ForAll("any") Tensor x) {
        everyAxis(Node::sum, Node::sum, x);
    }

    @Property(tries = TRIES)
    void gradOfMean(@ForAll("any") Tensor x) {
        everyAxis(Node::mean, Node::mean, x);
    }

    @Property(tries = TRIES)
    void gradOfMax(@ForAll("distinct") Tensor x) {
        everyAxis(Node::max, Node::max, x);
    }

    @Property(tries = TRIES)
    void gradOfMin(@ForAll("distinct") Tensor x) {
        everyAxis(Node::min, Node::min, x);
    }

    @Property(tries = TRIES)
    void gradOfLogSumExp(@ForAll("any") Tensor x) {
        everyAxis(Node::logsumexp, Node::logsumexp, x);
    }

    @Property(tries = TRIES)
    void gradOfVariance(@ForAll("any") Tensor x) {
        everyAxis(Node::variance, Node::variance, x);
    }

    /** Argmax and argmin are piecewise constant: the symbolic zero, which also matches central differences. */
    @Property(tries = TRIES)
    void noGradOfArgMaxAndArgMin(@ForAll("distinct") Tensor x) {
        Node p = Parameter.of("x", x).node();
        assertTrue(Autograd.grad(p.argmax(), p).get(0).isZero());
        assertTrue(Autograd.grad(p.argmin(), p).get(0).isZero());
        OpChecks.twin(xs -> xs.get(0).argmax(), x);
        OpChecks.twin(xs -> xs.get(0).argmin(), x);
        for (int a = -x.rank(); a < x.rank(); a++) {
            int axis = a;
            OpChecks.twin(xs -> xs.get(0).argmax(axis), x);
            OpChecks.twin(xs -> xs.get(0).argmin(axis), x);
            assertTrue(Autograd.vjp(p.argmax(axis), List.of(p),
                    Node.constant(Tensor.ones(p.argmax(axis).shape()))).get(0).isZero());
            GradCheck.of(xs -> xs.get(0).argmax(axis).add(xs.get(0).argmin(axis))).check(x);
        }
    }
}
