package leibniz.autograd;

import static leibniz.autograd.check.TensorArbitraries.awayFrom;
import static leibniz.autograd.check.TensorArbitraries.shapes;
import static leibniz.autograd.check.TensorArbitraries.tensors;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * First and second derivatives of every elementwise unary op against central differences, over random
 * shapes of rank 0 to 3; the generators keep away from each op's kinks and domain edges. The
 * piecewise-constant ops must give the symbolic zero. Each property also checks the op's F32 twin
 * ({@link OpChecks}). Method names follow {@link OpCoverageTest}
 * (erf has its own {@code ErfProperties}).
 */
class UnaryOpsProperties {
    private static final int TRIES = 30;

    /** Both derivative checks and the F32 twin ({@link OpChecks}) for {@code x ↦ op(x)}. */
    static void gradients(UnaryOperator<Node> op, Tensor x) {
        OpChecks.gradients(xs -> op.apply(xs.get(0)), x);
    }

    @Provide
    Arbitrary<Tensor> any() {
        return tensors(0, 3, 4, -2, 2);
    }

    @Provide
    Arbitrary<Tensor> positive() {
        return tensors(0, 3, 4, 0.2, 3);
    }

    @Provide
    Arbitrary<Tensor> nonzero() {
        return awayFrom(tensors(0, 3, 4, -2, 2), 0.2, 0);
    }

    /** An output y and a gradient g arriving at it, of one shape, both in [-2, 2]. */
    record Arriving(Tensor y, Tensor g) {
    }

    @Provide
    Arbitrary<Arriving> arriving() {
        return shapes(0, 3, 4).flatMap(s -> Combinators.combine(tensors(s, -2, 2), tensors(s, -2, 2))
                .as(Arriving::new));
    }

    @Property(tries = TRIES)
    void gradOfNeg(@ForAll("any") Tensor x) {
        gradients(Node::neg, x);
    }

    @Property(tries = TRIES)
    void gradOfAbs(@ForAll("nonzero") Tensor x) {
        gradients(Node::abs, x);
    }

    @Property(tries = TRIES)
    void gradOfExp(@ForAll("any") Tensor x) {
        gradients(Node::exp, x);
    }

    @Property(tries = TRIES)
    void gradOfLog(@ForAll("positive") Tensor x) {
        gradients(Node::log, x);
    }

    @Property(tries = TRIES)
    void gradOfLog1p(@ForAll("positive") Tensor x) {
        // Shifted so that 1 + x covers (0.2, 1) too, where log1p curves most.
        gradients(Node::log1p, x.add(-0.8));
    }

    @Property(tries = TRIES)
    void gradOfSqrt(@ForAll("positive") Tensor x) {
        gradients(Node::sqrt, x);
    }

    @Property(tries = TRIES)
    void gradOfSquare(@ForAll("any") Tensor x) {
        gradients(Node::square, x);
    }

    @Property(tries = TRIES)
    void gradOfReciprocal(@ForAll("nonzero") Tensor x) {
        gradients(Node::reciprocal, x);
    }

    @Property(tries = TRIES)
    void gradOfSin(@ForAll("any") Tensor x) {
        gradients(Node::sin, x.mul(2));
    }

    @Property(tries = TRIES)
    void gradOfCos(@ForAll("any") Tensor x) {
        gradients(Node::cos, x.mul(2));
    }

    @Property(tries = TRIES)
    void gradOfTanh(@ForAll("any") Tensor x) {
        gradients(Node::tanh, x.mul(1.5));
    }

    @Property(tries = TRIES)
    void gradOfSigmoid(@ForAll("any") Tensor x) {
        gradients(Node::sigmoid, x.mul(2));
    }

    /**
     * The fused VJPs as functions of (y, g) in their own right, first and second order, and their values
     * against the unfused formulas: the third derivative of tanh and σ goes through them.
     */
    @Property(tries = TRIES)
    void gradOfTanhBackwardAndSigmoidBackward(@ForAll("arriving") Arriving c) {
        Tensor y = c.y();
        Tensor g = c.g();
        for (Op op : List.of(new UnaryOps.TanhBackward(), new UnaryOps.SigmoidBackward())) {
            OpChecks.gradients(xs -> Node.apply(op, xs.get(0), xs.get(1)), y, g);
        }
        Tensor one = Tensor.scalar(1);
        assertEquals(g.mul(one.sub(y.square())), Node.apply(new UnaryOps.TanhBackward(), Node.constant(y),
                Node.constant(g)).value());
        assertEquals(g.mul(y.mul(one.sub(y))), Node.apply(new UnaryOps.SigmoidBackward(), Node.constant(y),
                Node.constant(g)).value());
    }

    @Property(tries = TRIES)
    void gradOfRelu(@ForAll("nonzero") Tensor x) {
        gradients(Node::relu, x);
    }

    @Property(tries = TRIES)
    void noGradOfSign(@ForAll("any") Tensor x) {
        noGradient(Node::sign, Math::signum, x);
    }

    @Property(tries = TRIES)
    void noGradOfStep(@ForAll("any") Tensor x) {
        noGradient(Node::step, v -> v > 0 ? 1 : 0, x);
    }

    @Property(tries = TRIES)
    void noGradOfStopGradient(@ForAll("any") Tensor x) {
        noGradient(Node::detach, v -> v, x);
    }

    /**
     * {@code op} computes {@code f} elementwise and passes no gradient: its own gradient is the symbolic
     * zero, and in {@code Σ x ⊙ op(x)} it acts as a constant, so the gradient is {@code op(x)} alone.
     */
    private static void noGradient(UnaryOperator<Node> op, DoubleUnaryOperator f, Tensor x) {
        OpChecks.twin(xs -> op.apply(xs.get(0)), x);
        Node leaf = Parameter.of("x", x).node();
        Node y = op.apply(leaf);
        assertArrayEquals(x.map(f).toArray(), y.value().toArray(), 0);
        assertTrue(Autograd.grad(y.sum(), leaf).get(0).isZero());
        Node r = Node.constant(Tensor.ones(x.shape()));
        assertTrue(Autograd.vjp(y, List.of(leaf), r).get(0).isZero());
        Node dx = Autograd.grad(leaf.mul(y).sum(), leaf).get(0);
        assertArrayEquals(x.map(f).toArray(), dx.value().toArray(), 0);
    }
}
