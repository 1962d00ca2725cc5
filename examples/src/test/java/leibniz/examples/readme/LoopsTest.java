package leibniz.examples.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import leibniz.autograd.Autograd;
import leibniz.autograd.ControlFlow;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.autograd.Program;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import leibniz.nn.Activation;
import leibniz.nn.LSTM;
import leibniz.nn.Linear;
import leibniz.nn.Module;
import leibniz.nn.Remat;
import leibniz.nn.Sequential;
import org.junit.jupiter.api.Test;

/** README, "Loops, conditionals and checkpointing": a scan over any length, cond and whileLoop, checkpointing. */
class LoopsTest {
    @Test
    void aRecurrentNetAsOneScan() {
        Parameter w = Parameter.of("w", Tensor.normal(1, 0, 0.3, 8, 16));
        Parameter u = Parameter.of("u", Tensor.normal(2, 0, 0.3, 16, 16));
        Node xs = Node.placeholder("xs", 32, Node.ANY, 8);                      // [batch, time (any length), features]
        ControlFlow.Scanned rnn = ControlFlow.scan((h, x) -> {
            Node next = x.get(0).matmul(w.node()).add(h.get(0).matmul(u.node())).tanh();
            return new ControlFlow.Step(List.of(next), List.of(next));       // the next carry, this step's outputs
        }, List.of(Node.constant(Tensor.zeros(32, 16))), List.of(xs), 1);    // along axis 1, from h = 0
        Node hs = rnn.outputs().get(0);                                       // [32, ?, 16]: h at every step
        Node loss = rnn.carry().get(0).square().mean();                       // from the last h
        Program step = Program.of(loss, Autograd.grad(loss, u.node()).get(0));   // 18 nodes, whatever the length
        List<Tensor> out = step.run(Map.of(xs, Tensor.normal(3, 0, 1, 32, 100, 8)));   // 100 steps; any length runs

        assertEquals("result 1[32, ?, 16]", hs.toString());
        assertEquals(18, step.size());
        assertEquals(Shape.of(16, 16), out.get(1).shape());
        assertEquals(Shape.of(16, 16), step.run(Map.of(xs, Tensor.normal(4, 0, 1, 32, 7, 8))).get(1).shape());
        // The same loop unrolled in Java gives the same numbers.
        Tensor data = Tensor.normal(3, 0, 1, 32, 100, 8);
        Node h = Node.constant(Tensor.zeros(32, 16));
        for (int t = 0; t < 100; t++) {
            h = Node.constant(data.slice(1, t, t + 1).reshape(32, 8)).matmul(w.node()).add(h.matmul(u.node())).tanh();
        }
        assertTrue(out.get(0).allClose(h.square().mean().value(), 1e-12));
    }

    @Test
    void conditionalsAndWhileLoops() {
        Node t = Parameter.of("t", Tensor.scalar(0.5)).node();
        Node y = ControlFlow.cond(t.gt(Node.scalar(0)), a -> List.of(a.get(0).sin()), a -> List.of(a.get(0).square()),
                List.of(t)).get(0);                                           // sin t, as t > 0
        Node dy = Autograd.grad(y, t).get(0);                                 // cos t: the branch taken
        List<Node> halved = ControlFlow.whileLoop(c -> c.get(0).ge(Node.scalar(1)),
                c -> List.of(c.get(0).mul(0.5), c.get(1).add(1)), List.of(t.add(9.5), Node.scalar(0)));  // 0.625, 4 steps
        // Autograd.grad(halved.get(0), t) -> IllegalArgumentException: whileLoop: is not reverse-differentiable, ...

        assertEquals(Math.sin(0.5), y.value().item(), 1e-15);
        assertEquals(Math.cos(0.5), dy.value().item(), 1e-15);
        assertEquals(0.625, halved.get(0).value().item());
        assertEquals(4, halved.get(1).value().item());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Autograd.grad(halved.get(0), t)).getMessage()
                .startsWith("whileLoop: is not reverse-differentiable, "));
    }

    @Test
    void checkpointing() {
        var rng = new SplittableRandom(1);
        List<Module> blocks = new ArrayList<>();
        for (int b = 0; b < 8; b++) {                                          // 32 layers in blocks of 4
            blocks.add(Remat.of(Sequential.of(Linear.create(512, 512, rng), Activation.relu(),
                    Linear.create(512, 512, rng), Activation.relu(), Linear.create(512, 512, rng), Activation.relu(),
                    Linear.create(512, 512, rng), Activation.relu())));
        }
        Sequential mlp = Sequential.of(blocks.toArray(new Module[0]));       // parameters 0.0.weight, 0.0.bias, ...
        Node loss = mlp.forward(Node.placeholder("x", 64, 512)).square().mean();
        List<Node> outputs = new ArrayList<>(List.of(loss));
        outputs.addAll(Autograd.gradients(loss, List.copyOf(mlp.parameters().values())));
        long bytes = Program.of(outputs).peakBytes();                          // 5.2 MB; 16.8 MB without Remat
        Node h = Autograd.checkpoint(v -> v.matmul(Node.constant(Tensor.eye(512))).relu(), Node.placeholder("v", 64, 512));
        LSTM lstm = LSTM.create(8, 64, rng).checkpointedSteps();              // saves only h and c at each step

        assertEquals(5.2, bytes / 1e6, 0.05);
        assertEquals(List.of("0.0.weight", "0.0.bias"), List.copyOf(mlp.parameters().keySet()).subList(0, 2));
        assertEquals(Shape.of(64, 512), h.shape());
        assertTrue(lstm.checkpointed());
    }
}
