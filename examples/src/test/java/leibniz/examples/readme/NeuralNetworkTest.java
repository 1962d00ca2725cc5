package leibniz.examples.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import leibniz.autograd.Autograd;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.autograd.Program;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import leibniz.nn.Activation;
import leibniz.nn.Context;
import leibniz.nn.Dropout;
import leibniz.nn.Initializers;
import leibniz.nn.Linear;
import leibniz.nn.Losses;
import leibniz.nn.Regularizers;
import leibniz.nn.Sequential;
import org.junit.jupiter.api.Test;

/** README, "Neural networks": an MLP with dropout, cross-entropy and an L2 penalty. */
class NeuralNetworkTest {
    @Test
    void theModelLossAndGradientsAreAsCommented() {
        var rng = new SplittableRandom(42);
        Sequential model = Sequential.of(
                Linear.create(784, 256, rng),            // weight [256, 784] as PyTorch's, its default init
                Activation.relu(),
                Dropout.create(0.2, 7),                  // a fresh mask every training step, off in evaluation
                Linear.create(256, 10, rng, Initializers.xavierUniform(), true));

        Node x = Node.placeholder("x", 64, 784);
        Node y = Node.placeholder("y", 64);              // integer class labels
        Context ctx = Context.training();
        Node loss = Losses.crossEntropy(model.forward(x, ctx), y)            // mean over the batch
                .add(Regularizers.l2(1e-4, model.parameters().values()));   // λ Σ w², no 1/2

        List<Parameter> ps = List.copyOf(model.parameters().values());    // 0.weight, 0.bias, 3.weight, 3.bias
        List<Node> grads = Autograd.gradients(loss, ps);

        assertEquals(List.of("0.weight", "0.bias", "3.weight", "3.bias"), List.copyOf(model.parameters().keySet()));
        Tensor w1 = model.parameters().get("0.weight").value();
        assertEquals(Shape.of(256, 784), w1.shape());
        assertTrue(w1.abs().max().item() <= 1 / Math.sqrt(784), "uniform on [-1/sqrt(784), 1/sqrt(784))");
        for (int i = 0; i < ps.size(); i++) {
            assertEquals(ps.get(i).shape(), grads.get(i).shape());
        }

        Tensor xs = Tensor.normal(1, 0, 1, 64, 784);
        Tensor ys = Tensor.uniform(2, 0, 10, 64).map(Math::floor);
        Map<Node, Tensor> feeds = Map.of(x, xs, y, ys);
        // The penalty is exactly λ Σ w² over every parameter, no 1/2.
        double squares = 0;
        for (Parameter p : ps) {
            squares += p.value().square().sum().item();
        }
        assertEquals(1e-4 * squares, Regularizers.l2(1e-4, model.parameters().values()).value().item(), 1e-12);

        // Without the pass's updates a program draws the same mask every run: differentiate by central
        // differences through one bias element, dropout and all.
        Program withGrads = Program.of(List.of(loss, grads.get(3)));
        double analytic = withGrads.run(feeds).get(1).get(4);
        Parameter b2 = ps.get(3);
        Tensor b = b2.value();
        b2.set(b.add(Tensor.oneHot(Tensor.scalar(4), 10).mul(1e-6)));
        double plus = withGrads.run(feeds).get(0).item();
        b2.set(b.sub(Tensor.oneHot(Tensor.scalar(4), 10).mul(1e-6)));
        double minus = withGrads.run(feeds).get(0).item();
        b2.set(b);
        assertEquals((plus - minus) / 2e-6, analytic, 1e-6);

        // With the pass's updates applied, each training step draws a fresh mask.
        Program step = Program.of(List.of(loss), ctx.updates());
        List<Double> losses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            losses.add(step.run(feeds).get(0).item());
        }
        assertNotEquals(losses.get(0), losses.get(1));
        assertNotEquals(losses.get(1), losses.get(2));

        // In evaluation dropout is off, and the loss is the mean over the batch of −log softmax at the label.
        Tensor logits = model.forward(Node.constant(xs), Context.evaluation()).value();
        Tensor expected = xs.matmul(w1, false, true).add(ps.get(1).value()).relu()
                .matmul(ps.get(2).value(), false, true).add(b);
        assertTrue(logits.allClose(expected, 1e-12));
        Tensor logProbabilities = logits.sub(logits.logsumexp(1, true));
        double nll = -logProbabilities.mul(Tensor.oneHot(ys, 10)).sum().item() / 64;
        double ce = Losses.crossEntropy(Node.constant(logits), Node.constant(ys)).value().item();
        assertEquals(nll, ce, 1e-12);
    }
}
