package leibniz.autograd;

import static leibniz.autograd.check.TensorArbitraries.awayFrom;
import static leibniz.autograd.check.TensorArbitraries.tensors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.UnaryOperator;
import leibniz.autograd.TransformChecks.Batch;
import leibniz.core.DType;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The JVP rule of every elementwise unary op against central differences and the double-VJP trick, and its
 * batching rule against a loop over the examples, on the domains {@link UnaryOpsProperties} uses; the
 * piecewise-constant ops give the symbolic zero as their tangent. Names follow {@link OpCoverageTest}.
 */
class UnaryTransformProperties {
    private static final int TRIES = 15;

    private static void jvp(UnaryOperator<Node> op, Tensor x) {
        TransformChecks.jvp(xs -> op.apply(xs.get(0)), x);
    }

    private static void vmap(UnaryOperator<Node> op, Batch batch, Tensor x) {
        TransformChecks.vmap(xs -> op.apply(xs.get(0)), batch, x);
    }

    /** The tangent of a piecewise-constant op is the symbolic zero, and vmap of it is the op per example. */
    private static void flat(UnaryOperator<Node> op, Tensor x) {
        Node p = Parameter.of("x", x).node();
        assertTrue(Autograd.jvp(op.apply(p), List.of(p), List.of(Node.constant(Tensor.ones(x.shape())))).isZero());
    }

    @Provide
    Arbitrary<Tensor> any() {
        return tensors(0, 3, 3, -2, 2);
    }

    @Provide
    Arbitrary<Tensor> positive() {
        return tensors(0, 3, 3, 0.2, 3);
    }

    @Provide
    Arbitrary<Tensor> nonzero() {
        return awayFrom(tensors(0, 3, 3, -2, 2), 0.2, 0);
    }

    @Provide
    Arbitrary<Batch> batches() {
        return TransformChecks.batches();
    }

    @Property(tries = TRIES)
    void jvpOfNegAndSquareAndExp(@ForAll("any") Tensor x) {
        jvp(Node::neg, x);
        jvp(Node::square, x);
        jvp(Node::exp, x);
    }

    @Property(tries = TRIES)
    void vmapOfNegAndSquareAndExp(@ForAll("any") Tensor x, @ForAll("batches") Batch b) {
        vmap(Node::neg, b, x);
        vmap(Node::square, b, x);
        vmap(Node::exp, b, x);
    }

    @Property(tries = TRIES)
    void jvpOfAbsAndReciprocalAndRelu(@ForAll("nonzero") Tensor x) {
        jvp(Node::abs, x);
        jvp(Node::reciprocal, x);
        jvp(Node::relu, x);
    }

    @Property(tries = TRIES)
    void vmapOfAbsAndReciprocalAndRelu(@ForAll("nonzero") Tensor x, @ForAll("batches") Batch b) {
        vmap(Node::abs, b, x);
        vmap(Node::reciprocal, b, x);
        vmap(Node::relu, b, x);
    }

    @Property(tries = TRIES)
    void jvpOfLogAndLog1pAndSqrt(@ForAll("positive") Tensor x) {
        jvp(Node::log, x);
        jvp(Node::log1p, x.add(-0.8));
        jvp(Node::sqrt, x);
    }

    @Property(tries = TRIES)
    void vmapOfLogAndLog1pAndSqrt(@ForAll("positive") Tensor x, @ForAll("batches") Batch b) {
        vmap(Node::log, b, x);
        vmap(Node::log1p, b, x);
        vmap(Node::sqrt, b, x);
    }

    @Property(tries = TRIES)
    void jvpOfSinAndCosAndTanhAndSigmoidAndErf(@ForAll("any") Tensor x) {
        jvp(Node::sin, x.mul(2));
        jvp(Node::cos, x.mul(2));
        jvp(Node::tanh, x.mul(1.5));
        jvp(Node::sigmoid, x.mul(2));
        jvp(Node::erf, x);
    }

    @Property(tries = TRIES)
    void vmapOfSinAndCosAndTanhAndSigmoidAndErf(@ForAll("any") Tensor x, @ForAll("batches") Batch b) {
        vmap(Node::sin, b, x);
        vmap(Node::cos, b, x);
        vmap(Node::tanh, b, x);
        vmap(Node::sigmoid, b, x);
        vmap(Node::erf, b, x);
    }

    /** The fused VJPs as functions of (y, g): their tangents feed the third derivative of tanh and σ. */
    @Property(tries = TRIES)
    void jvpOfTanhBackwardAndSigmoidBackward(@ForAll("any") Tensor y) {
        Tensor g = y.map(v -> Math.cos(3 * v));
        for (Op op : List.of(new UnaryOps.TanhBackward(), new UnaryOps.SigmoidBackward())) {
            TransformChecks.jvp(xs -> Node.apply(op, xs.get(0), xs.get(1)), y, g);
        }
    }

    @Property(tries = TRIES)
    void vmapOfTanhBackwardAndSigmoidBackward(@ForAll("any") Tensor y, @ForAll("batches") Batch b) {
        Tensor g = y.map(v -> Math.cos(3 * v));
        for (Op op : List.of(new UnaryOps.TanhBackward(), new UnaryOps.SigmoidBackward())) {
            TransformChecks.vmap(xs -> Node.apply(op, xs.get(0), xs.get(1)), b, y, g);
        }
    }

    @Property(tries = TRIES)
    void jvpOfSoftplus(@ForAll("any") Tensor x) {
        jvp(n -> n.softplus(2, 2.5), apart(x, 0.1, 1.25));
        jvp(Node::softplus, x);
    }

    @Property(tries = TRIES)
    void vmapOfSoftplus(@ForAll("any") Tensor x, @ForAll("batches") Batch b) {
        vmap(n -> n.softplus(2, 2.5), b, x);
    }

    /** A cast's tangent is the tangent converted: exact, where central differences in F32 would not be. */
    @Property(tries = TRIES)
    void jvpOfCast(@ForAll("any") Tensor x) {
        TransformChecks.agreesWithDoubleVjp(xs -> xs.get(0).to(DType.F32).to(DType.F64), x);
        Node p = Parameter.of("x", x).node();
        Tensor t = x.map(v -> 1 - v);
        Node tangent = Autograd.jvp(p.to(DType.F32), List.of(p), List.of(Node.constant(t)));
        assertEquals(DType.F32, tangent.dtype());
        assertEquals(t.to(DType.F32), tangent.value());
    }

    @Property(tries = TRIES)
    void vmapOfCast(@ForAll("any") Tensor x, @ForAll("batches") Batch b) {
        vmap(n -> n.to(DType.F32).square().to(DType.F64), b, x);
    }

    @Property(tries = TRIES)
    void jvpOfSignAndStepAndStopGradient(@ForAll("any") Tensor x) {
        flat(Node::sign, x);
        flat(Node::step, x);
        flat(Node::detach, x);
        TransformChecks.agreesWithDoubleVjp(xs -> xs.get(0).mul(xs.get(0).detach()), x);
    }

    @Property(tries = TRIES)
    void vmapOfSignAndStepAndStopGradient(@ForAll("any") Tensor x, @ForAll("batches") Batch b) {
        vmap(Node::sign, b, x);
        vmap(Node::step, b, x);
        vmap(n -> n.mul(n.detach()), b, x);
    }

    private static Tensor apart(Tensor x, double margin, double kink) {
        return x.map(v -> Math.abs(v - kink) < margin ? (v >= kink ? kink + margin : kink - margin) : v);
    }
}
