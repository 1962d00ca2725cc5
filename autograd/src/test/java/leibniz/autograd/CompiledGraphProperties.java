package leibniz.autograd;

import static leibniz.autograd.check.TensorArbitraries.tensors;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import leibniz.autograd.Rule.Domain;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random graphs over the ops the rules touch, compiled with every default rule, give the values and
 * gradients of the graph as written: the compiled program's (forward and gradient graphs rewritten
 * together) bit for bit when every rule that fired is exact; the gradients of the rewritten graph, when
 * moreover nothing was merged, equal as numbers (the rewritten graph sums its fan-out in another
 * structure, so a zero gradient may change sign, and merging joins contributions in another order);
 * otherwise within a relative 1e-9 of the larger magnitude, or of 1.
 *
 * <p>A graph is a recipe of steps on a stack that starts as two placeholders a and b of shape [2, 3],
 * so that a failure shrinks to a short recipe.
 */
class CompiledGraphProperties {
    private static final Shape S = Shape.of(2, 3);
    private static final Program.Options AS_WRITTEN = Program.Options.defaults().uncompiled();

    /**
     * The unary steps of a recipe, each replacing the top of the stack. The patterns that stabilization
     * rewrites get their input through {@link #bounded}, where the graph as written is accurate: past it,
     * it is the reference no longer (a cancelling log-softmax gradient is off by thousands), and
     * {@code StabilityTest} compares those with independent references instead.
     */
    private static final List<UnaryOperator<Node>> UNARY = List.of(
            Node::neg, Node::tanh, Node::sigmoid, Node::square, Node::sin, x -> x.mul(1), x -> x.mul(2),
            x -> x.mul(0.5), x -> x.mul(-1), x -> x.add(0), x -> x.sub(0), x -> x.div(1), x -> x.div(4),
            x -> Node.scalar(3).mul(x), x -> x.pow(1), x -> x.pow(2), x -> x.square().add(0.5).pow(0.5),
            x -> x.add(3).pow(-1), x -> bounded(x).exp().log(), x -> bounded(x).sigmoid().log(),
            x -> Node.scalar(1).sub(bounded(x).sigmoid()), x -> bounded(x).exp().add(1).log(),
            x -> bounded(x).exp().log1p(), x -> bounded(x).square().add(1).log(),
            x -> softmax(bounded(x)).log(), x -> bounded(x).exp().sum(0, true).log(),
            x -> x.sub(x.max(1, true)).exp(), x -> x.logsumexp(1, true), x -> x.mean(0, true),
            x -> x.transpose().transpose(), x -> x.reshape(-1).reshape(S), x -> x.square().sqrt(),
            x -> bounded(x).exp().div(bounded(x).exp().add(1)), x -> x.add(x), x -> x.mul(x), x -> x.neg().neg(),
            x -> x.tanh().add(x.tanh()), x -> bounded(x).sigmoid().neg().log1p());

    /** The binary steps, each replacing the top two entries of the stack. */
    private static final List<BinaryOperator<Node>> BINARY = List.of(
            Node::add, Node::sub, Node::mul, Node::maximum, (u, v) -> u.add(v.neg()),
            (u, v) -> bounded(u).exp().add(bounded(v).exp()).log());

    /** 3 tanh x, in (−3, 3). */
    private static Node bounded(Node x) {
        return x.tanh().mul(3);
    }

    private static Node softmax(Node x) {
        return x.exp().div(x.exp().sum(1, true));
    }

    @Provide
    Arbitrary<List<Integer>> recipes() {
        return Arbitraries.integers().between(0, UNARY.size() + BINARY.size() - 1).list().ofMinSize(1).ofMaxSize(10);
    }

    @Provide
    Arbitrary<Tensor> inputs() {
        return tensors(S, -2, 2);
    }

    @Property(tries = 200)
    void compiledProgramsKeepValuesAndGradients(@ForAll("recipes") List<Integer> recipe, @ForAll("inputs") Tensor a,
            @ForAll("inputs") Tensor b) {
        Node pa = Node.placeholder("a", S);
        Node pb = Node.placeholder("b", S);
        Node y = build(recipe, pa, pb);
        List<Node> xs = List.of(pa, pb);
        Map<Node, Tensor> feeds = Map.of(pa, a, pb, b);
        List<Node> program = new ArrayList<>(List.of(y));
        program.addAll(Autograd.grad(y, xs));
        List<Tensor> written = Program.of(program, List.of(), AS_WRITTEN).run(feeds);

        Compiled c = Compiler.compile(program, Compiler.rules(Program.Options.defaults()));
        List<Tensor> compiled = Program.of(c.roots(), List.of(), AS_WRITTEN).run(feeds);
        assertEquals(compiled, Program.of(program).run(feeds), "a Program runs what the compiler returns");
        for (int k = 0; k < written.size(); k++) {
            assertClose(loosest(c), "program output " + k + " of " + recipe, written.get(k), compiled.get(k));
        }

        Compiled forward = Compiler.compile(List.of(y), Compiler.rules(Program.Options.defaults()));
        Node seed = Node.constant(Tensor.ones(y.shape()));
        List<Tensor> before = Program.of(ReverseMode.derive(y, xs, seed), List.of(), AS_WRITTEN).run(feeds);
        List<Tensor> after = Program.of(ReverseMode.derive(forward.roots().get(0), xs, seed), List.of(), AS_WRITTEN)
                .run(feeds);
        for (int k = 0; k < xs.size(); k++) {
            String what = "gradient " + k + " of the rewritten " + recipe;
            if (loosest(forward) == Domain.EXACT && forward.merged() == 0) {
                Rewrites.assertAgree(Domain.ULPS, 0, what, before.get(k), after.get(k));
            } else {
                assertClose(loosest(forward) == Domain.EXACT ? Domain.ULPS : loosest(forward), what, before.get(k),
                        after.get(k));
            }
        }
    }

    /** The recipe's graph: its steps applied in turn, then everything left on the stack summed. */
    static Node build(List<Integer> recipe, Node a, Node b) {
        List<Node> stack = new ArrayList<>(List.of(a, b));
        for (int step : recipe) {
            Node top = stack.remove(stack.size() - 1);
            Node out;
            if (step < UNARY.size()) {
                out = UNARY.get(step).apply(top);
            } else {
                Node second = stack.isEmpty() ? top : stack.remove(stack.size() - 1);
                out = BINARY.get(step - UNARY.size()).apply(second, top);
            }
            stack.add(out.shape().equals(S) ? out : out.broadcastTo(S));
        }
        Node y = stack.get(0).sum();
        for (int i = 1; i < stack.size(); i++) {
            y = y.add(stack.get(i).sum());
        }
        return y;
    }

    /** The loosest domain among the rules that fired. */
    private static Domain loosest(Compiled c) {
        List<Rule> all = new ArrayList<>(new GradientRules(Map.of()).rules());
        all.addAll(Compiler.rules(Program.Options.defaults()));
        Domain d = Domain.EXACT;
        for (Rule r : all) {
            if (c.fired().getOrDefault(r.name(), 0) > 0 && r.domain().ordinal() > d.ordinal()) {
                d = r.domain();
            }
        }
        return d;
    }

    /**
     * Bit for bit for EXACT; else within a relative 1e-9 of the larger magnitude or of 1, or, past
     * stabilizing and symbolic rules, anything where the graph as written was not finite.
     */
    private static void assertClose(Domain d, String what, Tensor expected, Tensor actual) {
        if (d == Domain.EXACT) {
            Rewrites.assertAgree(Domain.EXACT, 0, what, expected, actual);
            return;
        }
        double[] x = expected.toArray();
        double[] y = actual.toArray();
        for (int i = 0; i < x.length; i++) {
            double scale = Math.max(1, Math.max(Math.abs(x[i]), Math.abs(y[i])));
            boolean same = Double.compare(x[i], y[i]) == 0 || Math.abs(x[i] - y[i]) <= 1e-9 * scale;
            boolean repaired = d.ordinal() > Domain.ULPS.ordinal() && !Double.isFinite(x[i]);
            if (!same && !repaired) {
                throw new AssertionError(what + ", element " + i + ": " + x[i] + " as written, " + y[i] + " compiled ("
                        + d + ")");
            }
        }
    }
}
