package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.BinaryOperator;
import leibniz.autograd.BinaryOpsProperties.Operands;
import leibniz.autograd.TransformChecks.Batch;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;

/**
 * The JVP and batching rules of the broadcasting binary ops, where and clamp, over pairs of shapes that
 * broadcast together (so a batched operand of lower rank than the other meets the alignment rule), on the
 * domains {@link BinaryOpsProperties} uses. Names follow {@link OpCoverageTest}.
 */
class BinaryTransformProperties {
    private static final int TRIES = 15;

    private static void jvp(BinaryOperator<Node> op, Operands x) {
        TransformChecks.jvp(xs -> op.apply(xs.get(0), xs.get(1)), x.a(), x.b());
    }

    private static void vmap(BinaryOperator<Node> op, Batch batch, Operands x) {
        TransformChecks.vmap(xs -> op.apply(xs.get(0), xs.get(1)), batch, x.a(), x.b());
    }

    @Provide
    Arbitrary<Operands> any() {
        return new BinaryOpsProperties().any();
    }

    @Provide
    Arbitrary<Operands> nonzeroDenominator() {
        return new BinaryOpsProperties().nonzeroDenominator();
    }

    @Provide
    Arbitrary<Operands> positiveBase() {
        return new BinaryOpsProperties().positiveBase();
    }

    /** No two elements tie, so that no kink is straddled. */
    @Provide
    Arbitrary<Operands> apart() {
        return new BinaryOpsProperties().apart();
    }

    @Provide
    Arbitrary<Batch> batches() {
        return TransformChecks.batches();
    }

    @Property(tries = TRIES)
    void jvpOfAddAndSubAndMul(@ForAll("any") Operands x) {
        jvp(Node::add, x);
        jvp(Node::sub, x);
        jvp(Node::mul, x);
    }

    @Property(tries = TRIES)
    void vmapOfAddAndSubAndMul(@ForAll("any") Operands x, @ForAll("batches") Batch b) {
        vmap(Node::add, b, x);
        vmap(Node::sub, b, x);
        vmap(Node::mul, b, x);
    }

    @Property(tries = TRIES)
    void jvpOfAddScaled(@ForAll("any") Operands x, @ForAll @DoubleRange(min = -2, max = 2) double alpha) {
        TransformChecks.jvp(xs -> xs.get(0).add(xs.get(1), xs.get(2)), x.a(), x.b(), Tensor.scalar(alpha));
    }

    /** α shared or one per example: a batched α cannot be the op's scalar and goes through a ⊙. */
    @Property(tries = TRIES)
    void vmapOfAddScaled(@ForAll("any") Operands x, @ForAll @DoubleRange(min = -2, max = 2) double alpha,
            @ForAll("batches") Batch b) {
        TransformChecks.vmap(xs -> xs.get(0).add(xs.get(1), xs.get(2)), b, x.a(), x.b(), Tensor.scalar(alpha));
    }

    @Property(tries = TRIES)
    void jvpOfDiv(@ForAll("nonzeroDenominator") Operands x) {
        jvp(Node::div, x);
    }

    @Property(tries = TRIES)
    void vmapOfDiv(@ForAll("nonzeroDenominator") Operands x, @ForAll("batches") Batch b) {
        vmap(Node::div, b, x);
    }

    @Property(tries = TRIES)
    void jvpOfPow(@ForAll("positiveBase") Operands x) {
        jvp(Node::pow, x);
        // a constant exponent of a negative base: the tangent asks for no ln a
        TransformChecks.jvp(xs -> xs.get(0).pow(3), x.b());
    }

    @Property(tries = TRIES)
    void vmapOfPow(@ForAll("positiveBase") Operands x, @ForAll("batches") Batch b) {
        vmap(Node::pow, b, x);
    }

    @Property(tries = TRIES)
    void jvpOfMaximumAndMinimum(@ForAll("apart") Operands x) {
        jvp(Node::maximum, x);
        jvp(Node::minimum, x);
    }

    /** Ties as well: the shares of 1/2 must batch too. */
    @Property(tries = TRIES)
    void vmapOfMaximumAndMinimum(@ForAll("apart") Operands x, @ForAll("batches") Batch b) {
        vmap(Node::maximum, b, x);
        vmap(Node::minimum, b, x);
        Tensor rounded = x.b().map(Math::floor);
        vmap(Node::maximum, b, new Operands(x.a().map(Math::floor), rounded));
    }

    @Property(tries = TRIES)
    void jvpOfCompare(@ForAll("any") Operands x) {
        for (BinaryOperator<Node> op : List.<BinaryOperator<Node>>of(Node::eq, Node::ne, Node::lt, Node::le,
                Node::gt, Node::ge)) {
            Node a = Parameter.of("a", x.a()).node();
            Node c = op.apply(a, Node.constant(x.b()));
            assertTrue(Autograd.jvp(c, List.of(a), List.of(Node.constant(Tensor.ones(x.a().shape())))).isZero());
        }
    }

    @Property(tries = TRIES)
    void vmapOfCompare(@ForAll("any") Operands x, @ForAll("batches") Batch b) {
        Operands ties = new Operands(x.a().map(Math::rint), x.b().map(Math::rint));
        for (BinaryOperator<Node> op : List.<BinaryOperator<Node>>of(Node::eq, Node::ne, Node::lt, Node::le,
                Node::gt, Node::ge)) {
            vmap(op, b, ties);
        }
    }

    /** The condition broadcast against both values, and batched or shared like them. */
    @Property(tries = TRIES)
    void jvpOfWhere(@ForAll("any") Operands x) {
        Tensor cond = x.a().map(v -> v > 0 ? 1 : 0);
        TransformChecks.jvp(xs -> Node.where(Node.constant(cond), xs.get(0), xs.get(1)), x.b(), x.a());
    }

    @Property(tries = TRIES)
    void vmapOfWhere(@ForAll("any") Operands x, @ForAll("batches") Batch b) {
        Tensor cond = x.a().map(v -> v > 0 ? 1 : 0);
        TransformChecks.vmap(xs -> Node.where(xs.get(0), xs.get(1), xs.get(2)), b, cond, x.b(), x.a());
    }

    @Property(tries = TRIES)
    void jvpOfClamp(@ForAll("any") Operands x) {
        TransformChecks.jvp(xs -> xs.get(0).clamp(-0.5, 0.5), x.a().map(v -> Math.abs(Math.abs(v) - 0.5) < 0.1
                ? v + 0.2 : v));
    }

    @Property(tries = TRIES)
    void vmapOfClamp(@ForAll("any") Operands x, @ForAll("batches") Batch b) {
        TransformChecks.vmap(xs -> xs.get(0).clamp(-0.5, 0.5), b, x.a());
    }
}
