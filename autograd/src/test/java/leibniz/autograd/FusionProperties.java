package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import leibniz.autograd.check.TensorArbitraries;
import leibniz.core.DType;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fused loops compute what the same compiled graph computes one kernel per node, bit for bit: random
 * chains of elementwise ops over inputs that broadcast in every way a loop reads them (the whole shape,
 * one element, a row, a column), in F64, F32 and mixed types, with their gradients (whose VJPs bring
 * the fused activation backward ops, where, and clamp masks).
 */
class FusionProperties {
    /** The loop's shape; inputs read it whole, as a row [4] or [3, 4], a column [2, 1, 1] or [2, 3, 1], or a scalar. */
    static final Shape LOOP = Shape.of(2, 3, 4);
    static final List<Shape> READS = List.of(LOOP, Shape.of(4), Shape.of(3, 4), Shape.of(2, 3, 1), Shape.scalar());

    private static final List<UnaryOperator<Node>> UNARY = List.of(
            Node::neg, Node::tanh, Node::sigmoid, Node::square, Node::relu, Node::abs, Node::erf, Node::softplus,
            x -> x.clamp(-0.5, 0.7), x -> x.tanh().exp(), x -> x.mul(0.3).add(2), x -> x.square().add(1).sqrt(),
            x -> x.square().add(1).log(), x -> x.sin().mul(x.cos()), x -> x.softplus(2, 1), x -> x.detach().mul(x));

    private static final List<BinaryOperator<Node>> BINARY = List.of(
            Node::add, Node::sub, Node::mul, Node::maximum, Node::minimum, (u, v) -> u.div(v.square().add(1)),
            (u, v) -> Node.where(u.gt(v), u, v.mul(2)), (u, v) -> u.add(v, Node.scalar(-0.25)),
            (u, v) -> u.abs().add(0.5).pow(v.tanh()), (u, v) -> u.mul(v.lt(u)));

    /** A graph: the steps (a unary op, or a binary op with the input it takes) and its four inputs' values. */
    record Chain(List<Integer> steps, List<Tensor> inputs) {
    }

    /** Four inputs, each of a shape from {@link #READS}, F64 or F32, values in [-2, 2]. */
    @Provide
    Arbitrary<Chain> chains() {
        Arbitrary<Tensor> input = Combinators.combine(Arbitraries.of(READS), Arbitraries.of(DType.F64, DType.F32))
                .flatAs((s, t) -> TensorArbitraries.tensors(s, -2, 2).map(x -> x.to(t)));
        return Combinators.combine(Arbitraries.integers().between(0, UNARY.size() + 3 * BINARY.size() - 1).list()
                        .ofMinSize(1).ofMaxSize(14), input.list().ofSize(4))
                .as(Chain::new);
    }

    @Property(tries = 150)
    void fusedLoopsGiveTheBitsOfOneKernelPerNode(@ForAll("chains") Chain c) {
        List<Node> inputs = new ArrayList<>();
        Map<Node, Tensor> feeds = new HashMap<>();
        for (int k = 0; k < 4; k++) {
            Tensor v = c.inputs().get(k);
            Node x = Node.placeholder("x" + k, v.shape(), v.dtype());
            inputs.add(x);
            feeds.put(x, v);
        }
        Node y = inputs.get(0);
        for (int step : c.steps()) {
            y = step < UNARY.size() ? UNARY.get(step).apply(y)
                    : BINARY.get((step - UNARY.size()) % BINARY.size()).apply(y,
                            inputs.get(1 + (step - UNARY.size()) / BINARY.size()));
        }
        List<Node> roots = new ArrayList<>(List.of(y));
        roots.addAll(Autograd.grad(y.sum().to(DType.F64), inputs));
        Program fused = Program.of(roots);
        Program single = Program.of(roots, List.of(), Program.Options.defaults().fuse(false));
        // An even number of negations alone cancels (canonicalize.negNeg): no elementwise node is left to fuse.
        boolean cancels = c.steps().stream().allMatch(step -> step == 0) && c.steps().size() % 2 == 0;
        assertEquals(!cancels, fused.explain().contains("loop #0"), fused::explain);
        List<Tensor> a = fused.run(feeds);
        List<Tensor> b = single.run(feeds);
        for (int k = 0; k < a.size(); k++) {
            Rewrites.assertAgree(Rule.Domain.EXACT, 0, "output " + k + " of " + c, b.get(k), a.get(k));
            assertEquals(b.get(k).dtype(), a.get(k).dtype());
        }
    }
}
