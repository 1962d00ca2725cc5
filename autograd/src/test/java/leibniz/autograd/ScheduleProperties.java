package leibniz.autograd;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * Independent steps run at once give the bits of every step run in order: random graphs whose nodes each
 * read one or two earlier nodes (so the graph and its backward pass branch, and the memory plan reuses
 * buffers between branches), with products, reductions, views, elementwise ops, a conditional and a
 * checkpointed call, trained by SGD for a few runs; the first run is a checked run, which fills every
 * buffer with NaN once its last reader has run, so a step that ran before an earlier reader of the buffer it
 * writes was done, or after its value was dropped, shows. The products are large enough to leave the caller's
 * thread ({@link Schedule#MIN_WORK}).
 */
class ScheduleProperties {
    private static final Shape S = Shape.of(32, 48);

    /** A node from two earlier ones a and c and the parameters (w [48, 48], b [48]). */
    private interface Recipe {
        Node apply(Node a, Node c, Node[] p);
    }

    private static final List<Recipe> RULES = List.of(
            (a, c, p) -> a.matmul(p[0]), (a, c, p) -> a.matmul(p[0], false, true).tanh(),
            (a, c, p) -> a.add(p[1]).relu(), (a, c, p) -> a.mul(c), (a, c, p) -> a.add(c).mul(0.5),
            (a, c, p) -> a.sub(a.mean(0, true)), (a, c, p) -> a.mul(c.sum(1, true)).mul(0.1),
            (a, c, p) -> c.matmul(a.transpose().matmul(c).mul(0.01)), (a, c, p) -> a.transpose().reshape(S),
            (a, c, p) -> a.reshape(48, 32).transpose(),
            (a, c, p) -> a.sub(a.logsumexp(1, true)).exp(), (a, c, p) -> a.sigmoid().mul(c),
            (a, c, p) -> a.mul(p[1]).sum(1, true).mul(c).mul(0.1), (a, c, p) -> a.detach().add(c.max(1, true)),
            (a, c, p) -> Autograd.checkpoint(v -> v.matmul(p[0]).tanh(), a).add(c),
            (a, c, p) -> ControlFlow.cond(a.mean().lt(Node.scalar(0)), o -> List.of(o.get(0).mul(o.get(1))),
                    o -> List.of(o.get(0).tanh()), List.of(a, c)).get(0));

    /** One node of a graph: its rule and the earlier nodes it reads, counted back from it. */
    record Instruction(int rule, int a, int c) {
    }

    @Provide
    Arbitrary<List<Instruction>> graphs() {
        Arbitrary<Integer> back = Arbitraries.integers().between(1, 6);
        return Combinators.combine(Arbitraries.integers().between(0, RULES.size() - 1), back, back)
                .as(Instruction::new).list().ofMinSize(1).ofMaxSize(12);
    }

    /** The parameters' first values (w [48, 48], b [48]) and the inputs x [32, 48] of three runs. */
    record Values(Tensor w, Tensor b, List<Tensor> xs) {
    }

    @Provide
    Arbitrary<Values> values() {
        return Combinators.combine(TensorArbitraries.tensors(Shape.of(48, 48), -0.2, 0.2),
                TensorArbitraries.tensors(Shape.of(48), -0.5, 0.5),
                TensorArbitraries.tensors(S, -1, 1).list().ofSize(3)).as(Values::new);
    }

    @Property(tries = 60)
    void concurrentStepsGiveTheBitsOfStepsInOrder(@ForAll("graphs") List<Instruction> graph,
            @ForAll("values") Values v) {
        Model concurrent = new Model(graph, v);
        Model inOrder = new Model(graph, v);
        Program.Options checked = Program.Options.defaults().checked(1);
        Program p = Program.of(concurrent.outputs, concurrent.updates, checked.concurrent(true));
        Program q = Program.of(inOrder.outputs, inOrder.updates, checked.concurrent(false));
        for (int run = 0; run < v.xs().size(); run++) {
            Tensor x = v.xs().get(run);
            List<Tensor> got = p.run(Map.of(concurrent.x, x));
            List<Tensor> expected = q.run(Map.of(inOrder.x, x));
            for (int k = 0; k < got.size(); k++) {
                Rewrites.assertAgree(Rule.Domain.EXACT, 0, "run " + run + ", output " + k + " of " + graph,
                        expected.get(k), got.get(k));
            }
        }
        for (int i = 0; i < 2; i++) {
            Rewrites.assertAgree(Rule.Domain.EXACT, 0, "parameter " + i + " of " + graph,
                    inOrder.parameters[i].value(), concurrent.parameters[i].value());
        }
    }

    /** A graph with its own parameters: the last node and two others as outputs, and an SGD step of a loss. */
    private static final class Model {
        final Node x = Node.placeholder("x", S);
        final Parameter[] parameters;
        final List<Node> outputs = new ArrayList<>();
        final List<Assign> updates = new ArrayList<>();

        Model(List<Instruction> graph, Values v) {
            parameters = new Parameter[] {Parameter.of("w", v.w()), Parameter.of("b", v.b())};
            Node[] p = {parameters[0].node(), parameters[1].node()};
            List<Node> nodes = new ArrayList<>(List.of(x));
            for (Instruction i : graph) {
                Node a = nodes.get(Math.max(0, nodes.size() - i.a()));
                Node c = nodes.get(Math.max(0, nodes.size() - i.c()));
                nodes.add(RULES.get(i.rule()).apply(a, c, p));
            }
            int n = nodes.size();
            outputs.add(nodes.get(n - 1));
            outputs.add(nodes.get(n / 2));
            outputs.add(nodes.get(n / 3).reshape(S.size()));
            Node loss = outputs.get(0).sum().add(outputs.get(1).square().sum());
            List<Node> g = Autograd.grad(loss, List.of(p[0], p[1]));
            for (int i = 0; i < 2; i++) {
                updates.add(new Assign(parameters[i], p[i].sub(g.get(i).mul(0.01))));
            }
        }
    }
}
