package leibniz.autograd;

import static leibniz.autograd.check.TensorArbitraries.awayFrom;
import static leibniz.autograd.check.TensorArbitraries.broadcastPairs;
import static leibniz.autograd.check.TensorArbitraries.tensors;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.DoubleBinaryOperator;
import java.util.function.Function;
import leibniz.core.DType;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * First and second derivatives of every broadcasting binary op (and of where and clamp) against
 * central differences, over pairs of broadcast-compatible shapes of rank 0 to 3. Generators keep
 * denominators away from 0, bases positive, the operands of maximum and minimum apart, and clamp's
 * input away from its bounds. Comparisons must give the symbolic zero. Each property also checks the
 * op's F32 twin ({@link OpChecks}). Method names follow
 * {@link OpCoverageTest}.
 */
class BinaryOpsProperties {
    private static final int TRIES = 30;

    /** Two operands whose shapes broadcast together. */
    record Operands(Tensor a, Tensor b) {
    }

    /** Operands whose values come from {@code as} and {@code bs} for each shape of a broadcast pair. */
    private static Arbitrary<Operands> operands(Function<Shape, Arbitrary<Tensor>> as,
            Function<Shape, Arbitrary<Tensor>> bs) {
        return broadcastPairs(3, 4).flatMap(p ->
                Combinators.combine(as.apply(p.a()), bs.apply(p.b())).as(Operands::new));
    }

    private static Arbitrary<Operands> operands(double min, double max) {
        return operands(s -> tensors(s, min, max), s -> tensors(s, min, max));
    }

    /** Both derivative checks and the F32 twin ({@link OpChecks}) for {@code (a, b) ↦ op(a, b)}. */
    private static void gradients(BinaryOperator<Node> op, Operands x) {
        OpChecks.gradients(xs -> op.apply(xs.get(0), xs.get(1)), x.a(), x.b());
    }

    @Provide
    Arbitrary<Operands> any() {
        return operands(-2, 2);
    }

    @Provide
    Arbitrary<Operands> nonzeroDenominator() {
        return operands(s -> tensors(s, -2, 2), s -> awayFrom(tensors(s, -2, 2), 0.5, 0));
    }

    @Provide
    Arbitrary<Operands> positiveBase() {
        return operands(s -> tensors(s, 0.5, 2), s -> tensors(s, -2, 2));
    }

    @Provide
    Arbitrary<Tensor> single() {
        return tensors(0, 3, 4, -2, 2);
    }

    /** a on multiples of 0.1 and b halfway between them, so that no two elements tie. */
    @Provide
    Arbitrary<Operands> apart() {
        return operands(s -> tensors(s, -2, 2).map(t -> t.map(v -> Math.rint(v * 10) / 10)),
                s -> tensors(s, -2, 2).map(t -> t.map(v -> Math.floor(v * 10) / 10 + 0.05)));
    }

    /** Small integers, so that comparisons see ties. */
    @Provide
    Arbitrary<Operands> integers() {
        return operands(s -> tensors(s, -2, 2).map(t -> t.map(Math::rint)),
                s -> tensors(s, -2, 2).map(t -> t.map(Math::rint)));
    }

    @Provide
    Arbitrary<Tensor> awayFromBounds() {
        return awayFrom(tensors(0, 3, 4, -2, 2), 0.1, -0.5, 0.5);
    }

    @Property(tries = TRIES)
    void gradOfAdd(@ForAll("any") Operands x) {
        gradients(Node::add, x);
    }

    @Property(tries = TRIES)
    void gradOfSub(@ForAll("any") Operands x) {
        gradients(Node::sub, x);
    }

    /** {@code a + α b} with α a third input; its value is exactly {@code a + b·α}, also in F32. */
    @Property(tries = TRIES)
    void gradOfAddScaled(@ForAll("any") Operands x, @ForAll @DoubleRange(min = -2, max = 2) double alpha) {
        Tensor a = Tensor.scalar(alpha);
        OpChecks.gradients(xs -> xs.get(0).add(xs.get(1), xs.get(2)), x.a(), x.b(), a);
        assertEquals(x.a().add(x.b().mul(a)), x.a().add(x.b(), alpha));
        Tensor a32 = x.a().to(DType.F32);
        Tensor b32 = x.b().to(DType.F32);
        assertEquals(a32.add(b32.mul(alpha)), a32.add(b32, alpha));
        Node sub = Node.constant(x.a()).sub(Node.constant(x.b()), Node.constant(a));
        assertEquals(x.a().add(x.b().mul(-alpha)), sub.value());
    }

    /** The fluent methods that take a Java number, which takes the node's type (so F32 stays F32). */
    @Property(tries = TRIES)
    void gradOfAddAndSubAndMulAndDivByANumber(@ForAll("single") Tensor x,
            @ForAll @DoubleRange(min = 0.5, max = 2) double c) {
        UnaryOpsProperties.gradients(a -> a.add(c).sub(0.25).mul(-c).div(c + 1), x);
        UnaryOpsProperties.gradients(a -> a.sub(c).div(-c), x);
    }

    @Property(tries = TRIES)
    void gradOfMul(@ForAll("any") Operands x) {
        gradients(Node::mul, x);
    }

    @Property(tries = TRIES)
    void gradOfDiv(@ForAll("nonzeroDenominator") Operands x) {
        gradients(Node::div, x);
    }

    @Property(tries = TRIES)
    void gradOfPow(@ForAll("positiveBase") Operands x) {
        gradients(Node::pow, x);
        UnaryOpsProperties.gradients(a -> a.pow(0.5), x.a());
    }

    /** A constant integer exponent admits a negative base: its ln a term is never asked for. */
    @Property(tries = TRIES)
    void gradOfPowWithConstantExponent(@ForAll("single") Tensor x, @ForAll @IntRange(min = 2, max = 4) int n) {
        UnaryOpsProperties.gradients(a -> a.pow(n), x);
    }

    @Property(tries = TRIES)
    void gradOfMaximum(@ForAll("apart") Operands x) {
        gradients(Node::maximum, x);
    }

    @Property(tries = TRIES)
    void gradOfMinimum(@ForAll("apart") Operands x) {
        gradients(Node::minimum, x);
    }

    /** The condition is a constant of a's shape; a and b take b's and a's shapes, so all three broadcast. */
    @Property(tries = TRIES)
    void gradOfWhere(@ForAll("any") Operands x) {
        Tensor cond = x.a().map(v -> v > 0 ? 1 : 0);
        gradients((a, b) -> Node.where(Node.constant(cond), a, b), new Operands(x.b(), x.a()));
        // A scalar constant takes the type of an F32 tensor, but two scalars promote to F64 (DTypeProperties).
        OpChecks.twin(x.a().rank() == 0 ? DType.F64 : DType.F32,
                xs -> Node.where(Node.constant(cond), Node.scalar(0), xs.get(0)), x.a());
        Node c = Parameter.of("cond", cond).node();
        Node y = Node.where(c, Node.constant(x.b()), Node.constant(x.a()));
        assertTrue(Autograd.grad(y.sum(), c).get(0).isZero());
    }

    @Property(tries = TRIES)
    void gradOfClamp(@ForAll("awayFromBounds") Tensor x) {
        UnaryOpsProperties.gradients(n -> n.clamp(-0.5, 0.5), x);
    }

    @Property(tries = TRIES)
    void noGradOfEq(@ForAll("integers") Operands x) {
        noGradient(Node::eq, (a, b) -> a == b ? 1 : 0, x);
    }

    @Property(tries = TRIES)
    void noGradOfNe(@ForAll("integers") Operands x) {
        noGradient(Node::ne, (a, b) -> a != b ? 1 : 0, x);
    }

    @Property(tries = TRIES)
    void noGradOfLt(@ForAll("integers") Operands x) {
        noGradient(Node::lt, (a, b) -> a < b ? 1 : 0, x);
    }

    @Property(tries = TRIES)
    void noGradOfLe(@ForAll("integers") Operands x) {
        noGradient(Node::le, (a, b) -> a <= b ? 1 : 0, x);
    }

    @Property(tries = TRIES)
    void noGradOfGt(@ForAll("integers") Operands x) {
        noGradient(Node::gt, (a, b) -> a > b ? 1 : 0, x);
    }

    @Property(tries = TRIES)
    void noGradOfGe(@ForAll("integers") Operands x) {
        noGradient(Node::ge, (a, b) -> a >= b ? 1 : 0, x);
    }

    /** {@code op} computes {@code f} elementwise after broadcasting, and both gradients are the symbolic zero. */
    private static void noGradient(BinaryOperator<Node> op, DoubleBinaryOperator f, Operands x) {
        OpChecks.twin(xs -> op.apply(xs.get(0), xs.get(1)), x.a(), x.b());
        Node a = Parameter.of("a", x.a()).node();
        Node b = Parameter.of("b", x.b()).node();
        Node y = op.apply(a, b);
        Shape out = Shape.broadcast(x.a().shape(), x.b().shape(), "test");
        double[] av = x.a().broadcastTo(out).toArray();
        double[] bv = x.b().broadcastTo(out).toArray();
        double[] expected = new double[av.length];
        for (int i = 0; i < av.length; i++) {
            expected[i] = f.applyAsDouble(av[i], bv[i]);
        }
        assertArrayEquals(expected, y.value().toArray(), 0);
        List<Node> grads = Autograd.vjp(y, List.of(a, b), Node.constant(Tensor.ones(out)));
        assertTrue(grads.get(0).isZero() && grads.get(1).isZero());
    }
}
