package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import leibniz.autograd.check.TensorArbitraries;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The memory plan never lets a buffer be overwritten while a later step reads it: random graphs of
 * products, reductions, views and elementwise ops, loops (a scan's carry, stacked outputs and several results
 * picked; a while loop that runs no step), conditionals that pass operands through unchanged and checkpoints
 * (the identity among them), with SGD updates of their parameters, give the bits
 * of the same compiled graph evaluated with new storage for every value, run after run (the parameters
 * updated in place from the second run on); the first run is a checked run, which fills every buffer
 * with NaN once its last reader has run; and the tensors a run returned never change afterwards.
 */
class MemoryPlanProperties {
    private static final Shape S = Shape.of(3, 4);

    /** One step of a recipe: the top of the stack and the parameters (w [4, 4], b [4]) to a new top. */
    private static final List<BiFunction<Node, Node[], Node>> STEPS = List.of(
            (x, p) -> x.matmul(p[0]), (x, p) -> x.matmul(p[0], false, true).tanh(), (x, p) -> x.add(p[1]).relu(),
            (x, p) -> x.sub(x.mean(0, true)), (x, p) -> x.mul(x.sum(1, true)), (x, p) -> x.transpose().reshape(S),
            (x, p) -> x.reshape(12).mul(2).reshape(S), (x, p) -> x.sub(x.logsumexp(1, true)).exp(),
            (x, p) -> x.broadcastTo(Shape.of(2, 3, 4)).sum(0).mul(0.5), (x, p) -> x.sigmoid().mul(x),
            (x, p) -> p[0].matmul(x, false, true).transpose().add(x), (x, p) -> x.square().sum(0).add(x),
            (x, p) -> x.detach().add(x.max(1, true)), (x, p) -> x.mul(p[1]).sum(1, true).mul(x),
            (x, p) -> Node.concat(0, x.tanh()), (x, p) -> Node.concat(1, x, x.sigmoid()).slice(1, 2, 6),
            // Loops, conditionals and checkpoints, whose bodies' programs have plans of their own.
            (x, p) -> x.add(ControlFlow.whileLoop(c -> c.get(0).max().lt(Node.scalar(-1e9)),
                    c -> List.of(c.get(0).tanh()), List.of(x.detach())).get(0)), // no step: detached, as it has no VJP
            (x, p) -> sum(ControlFlow.cond(x.mean().lt(Node.scalar(0)), o -> o,
                    o -> List.of(o.get(0).tanh(), o.get(1).mul(2)), List.of(x, p[1]))), // passes x and b through
            (x, p) -> Autograd.checkpoint(v -> v, x).mul(p[1]),
            (x, p) -> sum(Autograd.checkpoint(a -> List.of(a.get(0).tanh(), a.get(0).mul(a.get(1))), List.of(x, p[1]))),
            (x, p) -> x.add(rows(x, p).carry().get(0)), (x, p) -> rows(x, p).outputs().get(0),
            (x, p) -> sum(rows(x, p).outputs()).sub(rows(x, p).carry().get(0)));

    /** A scan over the rows r of x from b: {@code h = tanh(c w + r)}, carrying h, with outputs h ⊙ r and h. */
    private static ControlFlow.Scanned rows(Node x, Node[] p) {
        return ControlFlow.scan((c, r) -> {
            Node h = c.get(0).matmul(p[0]).add(r.get(0)).tanh();
            return new ControlFlow.Step(List.of(h), List.of(h.mul(r.get(0)), h));
        }, List.of(p[1]), List.of(x));
    }

    /** The sum of several results of one node (they broadcast to [3, 4]). */
    private static Node sum(List<Node> results) {
        return results.stream().reduce(Node::add).orElseThrow();
    }

    @Provide
    Arbitrary<List<Integer>> recipes() {
        return Arbitraries.integers().between(0, STEPS.size() - 1).list().ofMinSize(1).ofMaxSize(9);
    }

    /** The parameters' first values (w [4, 4], b [4]) and the inputs x [3, 4] of three runs. */
    record Values(Tensor w, Tensor b, List<Tensor> xs) {
    }

    @Provide
    Arbitrary<Values> values() {
        return Combinators.combine(TensorArbitraries.tensors(Shape.of(4, 4), -0.5, 0.5),
                TensorArbitraries.tensors(Shape.of(4), -0.5, 0.5), TensorArbitraries.tensors(S, -1, 1).list().ofSize(3))
                .as(Values::new);
    }

    @Property(tries = 120)
    void buffersAreReusedOnlyWhenNothingReadsThem(@ForAll("recipes") List<Integer> recipe, @ForAll("values") Values v,
            @ForAll("recipes") List<Integer> outputsFrom) {
        Model tested = new Model(recipe, outputsFrom, v);
        Model reference = new Model(recipe, outputsFrom, v);
        Program planned = Program.of(tested.outputs, tested.updates, Program.Options.defaults().checked(1));
        Compiled c = Compiler.compile(reference.roots(), Compiler.rules(Program.Options.defaults()));
        Program plain = Program.of(c.roots().subList(0, reference.outputs.size()), reference.compiledUpdates(c),
                Program.Options.defaults().uncompiled());
        List<List<Tensor>> returned = new ArrayList<>();
        List<List<Tensor>> copies = new ArrayList<>();
        for (int run = 0; run < v.xs().size(); run++) {
            Tensor x = v.xs().get(run);
            List<Tensor> got = planned.run(Map.of(tested.x, x));
            List<Tensor> expected = plain.run(Map.of(reference.x, x));
            for (int k = 0; k < got.size(); k++) {
                Rewrites.assertAgree(Rule.Domain.EXACT, 0, "run " + run + ", output " + k + " of " + recipe,
                        expected.get(k), got.get(k));
            }
            returned.add(got);
            copies.add(got.stream().map(Plan::copy).toList());
        }
        for (int run = 0; run < returned.size(); run++) {
            assertEquals(copies.get(run), returned.get(run), "the outputs of run " + run + " changed later");
        }
        for (int p = 0; p < 2; p++) {
            Rewrites.assertAgree(Rule.Domain.EXACT, 0, "parameter " + p + " of " + recipe,
                    reference.parameters[p].value(), tested.parameters[p].value());
        }
    }

    /** A recipe's graph with its own parameters: outputs, and an SGD step of the loss Σ top. */
    private static final class Model {
        final Node x = Node.placeholder("x", S);
        final Parameter[] parameters;
        final List<Node> outputs = new ArrayList<>();
        final List<Assign> updates = new ArrayList<>();

        Model(List<Integer> recipe, List<Integer> outputsFrom, Values v) {
            parameters = new Parameter[] {Parameter.of("w", v.w()), Parameter.of("b", v.b())};
            Node[] p = {parameters[0].node(), parameters[1].node()};
            List<Node> history = new ArrayList<>(List.of(x));
            Node y = x;
            for (int step : recipe) {
                y = STEPS.get(step).apply(y, p);
                history.add(y);
            }
            outputs.add(y);
            // Intermediates and views of them as outputs too, which must not share the plan's buffers.
            for (int k : outputsFrom.subList(0, Math.min(2, outputsFrom.size()))) {
                Node h = history.get(k % history.size());
                outputs.add(k % 2 == 0 ? h : h.reshape(12));
            }
            Node loss = y.sum();
            List<Node> g = Autograd.grad(loss, List.of(p[0], p[1]));
            for (int i = 0; i < 2; i++) {
                updates.add(new Assign(parameters[i], p[i].sub(g.get(i).mul(0.1))));
            }
        }

        List<Node> roots() {
            List<Node> roots = new ArrayList<>(outputs);
            updates.forEach(a -> roots.add(a.value()));
            return roots;
        }

        /** The updates with the values of the compiled roots. */
        List<Assign> compiledUpdates(Compiled c) {
            List<Assign> out = new ArrayList<>();
            for (int i = 0; i < updates.size(); i++) {
                out.add(new Assign(updates.get(i).target(), c.roots().get(outputs.size() + i)));
            }
            return out;
        }
    }
}
