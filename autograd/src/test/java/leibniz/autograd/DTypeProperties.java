package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import leibniz.autograd.check.TensorArbitraries;
import leibniz.core.DType;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The F32 twin of a function, made by converting its F64 inputs with {@code to(F32)}, computes in F32
 * and gives gradients of the F64 inputs' type that match the all-F64 function's to float precision;
 * {@link UnaryOps.Cast}'s own VJP is exact; and the types the graph infers when it is built.
 */
class DTypeProperties {
    private static final int TRIES = 25;
    private static final double RTOL = OpChecks.RTOL;

    /** A composite of several ops, built with every input converted to {@code t}. */
    private interface Composite {
        Node apply(List<Node> xs, DType t);
    }

    /** One of four composites, its inputs, and a direction per input for its Hessian-vector products. */
    record Sample(String name, Composite f, List<Tensor> inputs, List<Tensor> directions) {
        @Override
        public String toString() {
            return name + " at " + inputs + ", directions " + directions;
        }
    }

    private static Arbitrary<Tensor> uniform(int... dims) {
        return TensorArbitraries.tensors(Shape.of(dims), -1, 1);
    }

    /** The composite with inputs and directions of {@code shapes}, all in [-1, 1]. */
    private static Arbitrary<Sample> sample(String name, Composite f, Shape... shapes) {
        List<Arbitrary<Tensor>> each = new ArrayList<>();
        for (Shape s : shapes) {
            each.add(TensorArbitraries.tensors(s, -1, 1));
        }
        Arbitrary<List<Tensor>> values = Combinators.combine(each).as(List::copyOf);
        return Combinators.combine(values, values).as((in, v) -> new Sample(name, f, in, v));
    }

    /** The four composites, with sizes m, k, n from 1 to 3. */
    @Provide
    Arbitrary<Sample> samples() {
        Arbitrary<Integer> size = Arbitraries.integers().between(1, 3);
        return Combinators.combine(Arbitraries.integers().between(0, 3), size, size, size).flatAs((which, m, k, n) ->
                switch (which) {
                    case 0 -> sample("sum(tanh(x · w) ⊙ c): a layer with a weighted read-out",
                            (xs, t) -> xs.get(0).to(t).matmul(xs.get(1).to(t)).tanh().mul(xs.get(2).to(t)).sum(),
                            Shape.of(m, k), Shape.of(k, n), Shape.of(m, n));
                    case 1 -> sample("broadcasting add, exp, sigmoid and log, then a mean over an axis", (xs, t) -> {
                        Node a = xs.get(0).to(t);
                        Node s = a.add(xs.get(1).to(t)).sigmoid().log();
                        return s.add(a.mul(0.5).exp()).mean(0).square().sum();
                    }, Shape.of(m, n), Shape.of(n));
                    case 2 -> TensorArbitraries.indices(Shape.of(m), n).flatMap(labels -> sample(
                            "softmax cross-entropy: logsumexp of the logits minus the logit of each row's class "
                                    + labels, (xs, t) -> {
                                        Node logits = xs.get(0).to(t).matmul(xs.get(1).to(t)).add(xs.get(2).to(t));
                                        Node picked = logits.mul(Node.constant(labels).oneHot(n).to(t)).sum(1);
                                        return logits.logsumexp(1).sub(picked).mean();
                                    }, Shape.of(m, k), Shape.of(k, n), Shape.of(n)));
                    default -> sample("a normalised, divided and powered variant with a positive denominator",
                            (xs, t) -> {
                                Node a = xs.get(0).to(t);
                                Node centred = a.sub(a.mean(1, true)).div(a.variance(1, true).add(1).sqrt());
                                return centred.mul(xs.get(1).to(t).sin()).add(a.cos().pow(2)).sum(0).sum();
                            }, Shape.of(m, n), Shape.of(m, 1));
                });
    }

    private static List<Node> leaves(List<Tensor> inputs) {
        List<Node> xs = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            xs.add(Parameter.of("x" + i, inputs.get(i)).node());
        }
        return xs;
    }

    /** The non-leaf nodes of the graph of {@code y} down to (and including) its casts, walked without recursion. */
    private static List<Node> inner(Node y) {
        Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Node> todo = new ArrayDeque<>(List.of(y));
        List<Node> out = new ArrayList<>();
        while (!todo.isEmpty()) {
            Node n = todo.pop();
            if (seen.add(n) && n.arity() > 0) {
                out.add(n);
                if (!(n.op() instanceof UnaryOps.Cast)) {
                    todo.addAll(n.inputs());
                }
            }
        }
        return out;
    }

    @Property(tries = TRIES)
    void gradOfCastTwinMatchesF64(@ForAll("samples") Sample s) {
        List<Node> xs = leaves(s.inputs());
        Node y32 = s.f().apply(xs, DType.F32);
        Node y64 = s.f().apply(xs, DType.F64);
        assertEquals(DType.F32, y32.dtype());
        for (Node n : inner(y32)) {
            assertEquals(DType.F32, n.dtype(), () -> "intermediate " + n);
        }
        List<Node> g32 = Autograd.grad(y32, xs);
        List<Node> g64 = Autograd.grad(y64, xs);
        List<Node> outputs = new ArrayList<>(List.of(y32, y64));
        outputs.addAll(g32);
        outputs.addAll(g64);
        List<Tensor> v = Program.of(outputs).run();
        OpChecks.assertClose("value", DType.F32, v.get(0), v.get(1), RTOL);
        for (int i = 0; i < xs.size(); i++) {
            assertEquals(DType.F64, g32.get(i).dtype());
            OpChecks.assertClose("gradient " + i, DType.F64, v.get(2 + i), v.get(2 + xs.size() + i), RTOL);
        }
    }

    @Property(tries = TRIES)
    void gradOfCastSecondOrderMatchesF64(@ForAll("samples") Sample s) {
        List<Node> xs = leaves(s.inputs());
        for (int i = 0; i < xs.size(); i++) {
            Node x = xs.get(i);
            Node v = Node.constant(s.directions().get(i));
            Node h32 = Autograd.hvp(s.f().apply(xs, DType.F32), x, v);
            Node h64 = Autograd.hvp(s.f().apply(xs, DType.F64), x, v);
            assertEquals(DType.F64, h32.dtype());
            List<Tensor> out = Program.of(h32, h64).run();
            OpChecks.assertClose("hvp", DType.F64, out.get(0), out.get(1), RTOL);
        }
    }

    /** An input x and a weight w of one length from 1 to 5. */
    record Weighted(Tensor x, Tensor w) {}

    @Provide
    Arbitrary<Weighted> weighted() {
        return Arbitraries.integers().between(1, 5).flatMap(n -> Combinators.combine(uniform(n), uniform(n))
                .as(Weighted::new));
    }

    @Property(tries = TRIES)
    void gradOfCastIsTheWeightRoundedToFloat(@ForAll("weighted") Weighted c, @ForAll boolean f32Weight) {
        Tensor w = c.w();
        Node x = Parameter.of("x", c.x()).node();
        // An F64 weight makes the product F64; its gradient is rounded on its way into the F32 cast node.
        Node y = Node.constant(f32Weight ? w.to(DType.F32) : w).mul(x.to(DType.F32)).sum();
        Node dx = Autograd.grad(y, x).get(0);
        assertEquals(DType.F64, dx.dtype());
        assertEquals(Tensor.of(w.toFloatArray(), w.shape().dims()).to(DType.F64), dx.value());
        // The F32 twin of a cast to F64 is F64, and its gradient comes back as F32.
        OpChecks.twin(DType.F64, xs -> xs.get(0).to(DType.F64), c.x());
    }

    @Example
    void aScalarConstantKeepsF32() {
        Node x = Parameter.of("x", Tensor.zeros(Shape.of(2, 3), DType.F32)).node();
        assertEquals(DType.F32, x.add(1.0).dtype());
        assertEquals(DType.F32, x.mul(Node.scalar(2)).dtype());
        assertEquals(DType.F32, x.add(1.0).value().dtype());
    }

    @Example
    void dimensionedF64DataWidens() {
        Node x = Parameter.of("x", Tensor.zeros(Shape.of(2, 3), DType.F32)).node();
        Node p = Node.placeholder("p", Shape.of(3));
        Node y = x.add(p);
        assertEquals(DType.F64, y.dtype());
        assertEquals(DType.F64, Program.of(y).run(Map.of(p, Tensor.vector(1, 2, 3))).get(0).dtype());
        Node m = x.matmul(Node.constant(Tensor.ones(3, 2)));
        assertEquals(DType.F64, m.dtype());
        assertEquals(DType.F64, m.value().dtype());
    }

    /** Two scalar tensors promote; a Java number takes the node's type, as PyTorch's wrapped numbers do. */
    @Example
    void scalarsAloneTakeTheWiderTypeButNumbersTakeTheNodes() {
        Node s = Parameter.of("s", Tensor.scalar(2).to(DType.F32)).node();
        assertEquals(DType.F64, s.add(Node.scalar(1)).dtype());
        assertEquals(DType.F64, s.add(Node.scalar(1)).value().dtype());
        assertEquals(DType.F32, s.add(Node.constant(Tensor.scalar(1).to(DType.F32))).dtype());
        for (Node y : List.of(s.add(1.0), s.sub(1.0), s.mul(0.5), s.div(4.0), s.pow(2.0))) {
            assertEquals(DType.F32, y.dtype(), y.toString());
            assertEquals(DType.F32, y.value().dtype(), y.toString());
        }
    }

    @Example
    void whereTakesItsValuesTypeAndGatherItsSourceType() {
        Node x = Parameter.of("x", Tensor.of(new float[] {1, -2, 3, -4}, 2, 2)).node();
        Node cond = Node.constant(Tensor.matrix(new double[][] {{1, 0}, {0, 1}}));
        Node w = Node.where(cond, x, Node.scalar(0));
        assertEquals(DType.F32, w.dtype());
        assertEquals(Tensor.of(new float[] {1, 0, 0, -4}, 2, 2), w.value());
        Node g = x.indexSelect(1, Node.constant(Tensor.vector(1, 1, 0)));
        assertEquals(DType.F32, g.dtype());
        assertEquals(Tensor.of(new float[] {-2, -2, 1, -4, -4, 3}, 2, 3), g.value());
        Node x64 = Parameter.of("y", Tensor.vector(5, 6)).node();
        assertEquals(DType.F64, x64.indexSelect(0, Node.constant(Tensor.of(new float[] {1}, 1))).dtype());
    }

    @Example
    void zerosOfATypeAndTheIdentityCast() {
        Node z = Node.zeros(Shape.of(2), DType.F32);
        assertTrue(z.isZero());
        assertEquals(DType.F32, z.dtype());
        assertEquals(Tensor.zeros(Shape.of(2), DType.F32), z.value());
        assertEquals(DType.F64, Node.zeros(Shape.of(2)).dtype());
        Node x = Parameter.of("x", Tensor.vector(1, 2).to(DType.F32)).node();
        assertSame(x, x.to(DType.F32));
        Node x64 = x.to(DType.F64);
        assertEquals(DType.F64, x64.dtype());
        assertSame(x64, x64.to(DType.F64));
        assertEquals(Tensor.vector(1, 2), x64.value());
    }

    @Example
    void gradientsOfAnF32FunctionOfMixedInputsTakeEachInputsType() {
        Node x = Parameter.of("x", Tensor.of(new float[] {0.5f, -1.5f}, 2)).node();
        Node a = Parameter.of("a", Tensor.scalar(3)).node();
        // the F64 scalar joins an F32 product: the product stays F32, and a's gradient comes back as F64
        Node y = x.mul(a).square().sum();
        assertEquals(DType.F32, y.dtype());
        List<Node> g = Autograd.grad(y, x, a);
        assertEquals(DType.F32, g.get(0).dtype());
        assertEquals(DType.F64, g.get(1).dtype());
        assertEquals(Tensor.of(new float[] {9, -27}, 2), g.get(0).value()); // 2 a² x
        assertEquals(Tensor.scalar(15), g.get(1).value()); // 2 a Σ x²
    }

    @Example
    void transformsOfAnF32FunctionHaveItsTypes() {
        Node x = Parameter.of("x", Tensor.of(new float[] {0.5f, -1.5f}, 2)).node();
        Node u = Parameter.of("u", Tensor.vector(0.25, 2)).node();
        Node y = x.tanh().mul(x);
        Node t = Node.constant(Tensor.vector(1, -1).to(DType.F32));
        Node jvp = Autograd.jvp(y, List.of(x), List.of(t));
        assertEquals(DType.F32, jvp.dtype());
        assertEquals(DType.F32, jvp.value().dtype());
        assertEquals(DType.F32, Autograd.vjp(y, List.of(x), t).get(0).value().dtype());
        Node jac = Autograd.jacobian(y, x);
        assertEquals(DType.F32, jac.dtype());
        assertEquals(DType.F32, jac.value().dtype());
        // a Jacobian row with respect to an input y does not depend on is a zero of that input's type
        assertEquals(DType.F64, Autograd.jacobian(y, u).value().dtype());
        assertEquals(DType.F32, Autograd.jacobian(x.to(DType.F32).sum(), x).dtype());
        Node h = Autograd.hessian(y.sum(), x);
        assertEquals(DType.F32, h.value().dtype());
        assertEquals(DType.F32, Autograd.hvp(y.sum(), x, t).value().dtype());
        // jvp with respect to an input y does not depend on: the zero of y's type
        assertEquals(DType.F32, Autograd.jvp(y, List.of(u), List.of(u)).dtype());
    }
}
