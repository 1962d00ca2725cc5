package leibniz.examples.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import leibniz.autograd.Autograd;
import leibniz.autograd.ControlFlow;
import leibniz.autograd.Node;
import leibniz.autograd.Op;
import leibniz.autograd.Parameter;
import leibniz.autograd.PerSample;
import leibniz.autograd.Program;
import leibniz.autograd.Transforms;
import leibniz.autograd.check.GradCheck;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import leibniz.nn.Activation;
import leibniz.nn.LSTM;
import leibniz.nn.Linear;
import leibniz.nn.Losses;
import leibniz.nn.Module;
import leibniz.nn.Sequential;
import org.junit.jupiter.api.Test;

/**
 * README, "Forward mode and vmap": jvp and the two Jacobians, vmap with a shared input, per-sample gradients,
 * and both transforms through loops.
 */
class ForwardModeAndVmapTest {
    @Test
    void forwardModeAndTheJacobians() {
        Node w = Parameter.of("w", Tensor.vector(0.5, -1, 2)).node();
        Node y = w.tanh().mul(w);                                  // y = w ⊙ tanh w, R³ → R³
        Node t = Node.constant(Tensor.vector(1, 0, 0));
        Node column = Autograd.jvp(y, List.of(w), List.of(t));     // ∂y/∂w · t = [0.8553, 0, 0], forward mode
        Node byColumns = Autograd.jacfwd(y, w);                    // [3, 3], diagonal
        Node byRows = Autograd.jacobian(y, w);                     // the same, by reverse mode

        double d = Math.tanh(0.5) + 0.5 * (1 - Math.tanh(0.5) * Math.tanh(0.5));
        assertTrue(column.value().allClose(Tensor.vector(d, 0, 0), 0, 1e-15), column.value().toString());
        assertEquals(0.8553, d, 5e-5);
        assertEquals(Shape.of(3, 3), byColumns.shape());
        assertTrue(byColumns.value().allClose(byRows.value(), 0, 1e-15));
        assertEquals(d, byColumns.value().get(0, 0), 1e-15);
        assertEquals(0, byColumns.value().get(0, 1));
    }

    @Test
    void vmapWithASharedWeight() {
        // one example x [784] through shared weights w [784, 10]: the batch [64, 784] gives [64, 10]
        Function<List<Node>, List<Node>> scores = xs -> List.of(xs.get(0).matmul(xs.get(1)).tanh());
        Node images = Node.placeholder("images", 64, 784);
        Node weights = Parameter.of("w", Tensor.normal(1, 0, 0.05, 784, 10)).node();
        Node batch = Transforms.vmap(scores, Arrays.asList(0, Transforms.UNBATCHED), List.of(0))
                .apply(List.of(images, weights)).get(0);          // [64, 10], one matmul of the 64 rows

        assertEquals(Shape.of(64, 10), batch.shape());
        Tensor data = Tensor.normal(2, 0, 1, 64, 784);
        Tensor expected = data.matmul(weights.value()).tanh();
        assertTrue(Program.of(batch).run(Map.of(images, data)).get(0).allClose(expected, 0, 1e-14));
    }

    @Test
    void perSampleGradientsOfAModel() {
        SplittableRandom rng = new SplittableRandom(1);
        Module model = Sequential.of(Linear.create(64, 32, rng), Activation.relu(), Linear.create(32, 10, rng));
        List<Parameter> ps = List.copyOf(model.parameters().values());
        Node x = Node.placeholder("x", 16, 64);                    // 16 digits
        Node labels = Node.placeholder("labels", 16);
        List<Node> g = PerSample.gradients(ex -> Losses.crossEntropy(model.forward(ex.get(0)), ex.get(1)), ps,
                List.of(x, labels));                               // g.get(0): [16, 32, 64], one gradient per example
        Node norms = PerSample.norms(g);                           // [16]
        List<Node> clipped = PerSample.clip(g, 1.0);               // each example's gradient scaled to norm ≤ 1

        assertEquals(Shape.of(16, 32, 64), g.get(0).shape());
        Tensor xs = Tensor.uniform(3, 0, 1, 16, 64);
        Tensor ys = Tensor.of(new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5}, 16);
        Map<Node, Tensor> feeds = Map.of(x, xs, labels, ys);
        Tensor n = Program.of(norms).run(feeds).get(0);
        Tensor clippedNorms = Program.of(PerSample.norms(clipped)).run(feeds).get(0);
        for (int b = 0; b < 16; b++) {
            Node one = Losses.crossEntropy(model.forward(Node.constant(xs.slice(0, b, b + 1))),
                    Node.constant(ys.slice(0, b, b + 1)));
            Tensor alone = Autograd.grad(one, ps.get(0).node()).get(0).value();
            Tensor mine = Program.of(g.get(0)).run(feeds).get(0).indexSelect(0, Tensor.scalar(b));
            assertTrue(mine.allClose(alone, 1e-12, 1e-14));
            assertEquals(Math.min(n.get(b), 1.0), clippedNorms.get(b), 1e-6);
        }
    }

    @Test
    void aCustomOpWithItsJvpAndBatchingRules() {
        record Cube() implements Op {                       // out = x³.  dx = 3 g ⊙ x².  tangent: 3 ṫ ⊙ x²
            public String name() { return "cube"; }
            public Shape shape(Shape... in) { return in[0]; }
            public Tensor forward(Tensor... in) { return in[0].pow(3); }
            public List<Node> vjp(Node out, Node g) { return List.of(g.mul(out.input(0).square()).mul(3)); }
            public Node jvp(Node out, List<Node> t) { return t.get(0).mul(out.input(0).square()).mul(3); }
            public Node batch(Node out, List<Node> in, boolean[] batched) { return Node.apply(this, in.get(0)); }
        }

        GradCheck.of(xs -> Node.apply(new Cube(), xs.get(0))).checkJvp(Tensor.vector(0.5, -2));

        Node x = Node.constant(Tensor.of(new double[] {1, 2, 3, 4}, 2, 2));
        Node cubed = Transforms.vmap(xs -> List.of(Node.apply(new Cube(), xs.get(0)))).apply(List.of(x)).get(0);
        assertEquals(Tensor.of(new double[] {1, 8, 27, 64}, 2, 2), cubed.value());
        assertTrue(cubed.op() instanceof Cube, "one node for the batch, not a loop");
    }

    @Test
    void throughLoops() {
        SplittableRandom rng = new SplittableRandom(3);
        LSTM lstm = LSTM.create(8, 16, rng);                                // one scan over time
        Linear head = Linear.create(16, 1, rng);
        List<Parameter> params = new ArrayList<>(lstm.parameters().values());
        params.addAll(head.parameters().values());
        Node seqs = Node.placeholder("seqs", 32, 20, 8);                     // 32 sequences of 20 steps
        Node targets = Node.placeholder("targets", 32, 1);
        List<Node> perSequence = PerSample.gradients(ex -> Losses.mse(head.forward(lstm.run(ex.get(0)).state().h()),
                ex.get(1)), params, List.of(seqs, targets));         // [32, 64, 8], ...: a batched scan each way
        Node u = lstm.parameters().get("weight_hh_l0").node();
        Node loss = Losses.mse(head.forward(lstm.run(seqs).state().h()), targets);
        Node ones = Node.constant(Tensor.ones(64, 16));
        Node slope = Autograd.jvp(loss, List.of(u), List.of(ones));          // one scan of (h, c) and their tangents
        // each example halves its value until it is below 1: one loop, which stops when the last example does
        List<Node> halved = Transforms.vmap(xs -> ControlFlow.whileLoop(c -> c.get(0).ge(Node.scalar(1)),
                c -> List.of(c.get(0).mul(0.5), c.get(1).add(1)), List.of(xs.get(0), Node.scalar(0))))
                .apply(List.of(Node.constant(Tensor.vector(0.5, 3, 10))));   // [0.5, 0.75, 0.625] after [0, 2, 4] steps

        Tensor x = Tensor.uniform(new SplittableRandom(4), -1, 1, 32, 20, 8);
        Tensor y = Tensor.uniform(new SplittableRandom(5), -1, 1, 32, 1);
        List<Tensor> g = Program.of(perSequence).run(Map.of(seqs, x, targets, y));
        assertEquals(Shape.of(32, 64, 8), g.get(0).shape());
        Node x1 = Node.placeholder("x1", 1, 20, 8);
        Node y1 = Node.placeholder("y1", 1, 1);
        Program one = Program.of(Autograd.gradients(Losses.mse(head.forward(lstm.run(x1).state().h()), y1), params));
        for (int b : new int[] {0, 31}) {
            List<Tensor> alone = one.run(Map.of(x1, x.slice(0, b, b + 1), y1, y.slice(0, b, b + 1)));
            for (int p = 0; p < params.size(); p++) {
                Tensor mine = g.get(p).indexSelect(0, Tensor.scalar(b));
                assertTrue(mine.allClose(alone.get(p), 1e-10, 1e-12), "parameter " + p);
            }
        }
        // The slope along all ones is the sum of the gradient's elements.
        List<Tensor> s = Program.of(slope, Autograd.grad(loss, u).get(0).sum()).run(Map.of(seqs, x, targets, y));
        assertEquals(s.get(1).item(), s.get(0).item(), 1e-12);
        assertEquals(List.of(Tensor.vector(0.5, 0.75, 0.625), Tensor.vector(0, 2, 4)), Program.of(halved).run());
    }
}
