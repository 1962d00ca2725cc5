package leibniz.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import leibniz.autograd.Assign;
import leibniz.autograd.Autograd;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.autograd.Program;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;

/** The README's small CNN, trained by plain gradient descent, tells horizontal from vertical bars. */
class SmallCnnTest {

    /** {@code n} noisy 6x6 images, each with one bright row (label 0) or column (label 1). */
    private static Tensor[] bars(int n, SplittableRandom rng) {
        double[] images = new double[n * 36];
        double[] labels = new double[n];
        for (int b = 0; b < n; b++) {
            labels[b] = rng.nextInt(2);
            int line = rng.nextInt(6);
            for (int k = 0; k < 36; k++) {
                boolean on = labels[b] == 0 ? k / 6 == line : k % 6 == line;
                images[b * 36 + k] = (on ? 1 : 0) + 0.1 * rng.nextGaussian();
            }
        }
        return new Tensor[] {Tensor.of(images, n, 1, 6, 6), Tensor.of(labels, n)};
    }

    @Test
    void learnsToTellBarsApart() {
        SplittableRandom rng = new SplittableRandom(42);
        Module model = Sequential.of(
                Conv2d.create(1, 4, 3, 1, 1, rng),     // [N, 4, 6, 6]
                Activation.relu(),
                MaxPool2d.create(2),                   // [N, 4, 3, 3]
                Flatten.create(),                      // [N, 36]
                Linear.create(36, 2, rng));
        Tensor[] train = bars(64, rng);
        Node x = Node.placeholder("x", 64, 1, 6, 6);
        Node y = Node.placeholder("y", 64);
        Node loss = Losses.crossEntropy(model.forward(x, Context.training()), y);
        List<Parameter> params = new ArrayList<>(model.parameters().values());
        List<Node> grads = Autograd.gradients(loss, params);
        List<Assign> steps = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            steps.add(new Assign(params.get(i), params.get(i).node().sub(grads.get(i).mul(0.5))));
        }
        Program step = Program.of(List.of(loss), steps);
        double first = step.run(Map.of(x, train[0], y, train[1])).get(0).item();
        double last = first;
        for (int epoch = 0; epoch < 60; epoch++) {
            last = step.run(Map.of(x, train[0], y, train[1])).get(0).item();
        }
        assertTrue(last < 0.1 * first, "loss " + first + " -> " + last);

        Tensor[] test = bars(32, rng);
        Tensor predicted = model.forward(Node.constant(test[0])).argmax(1).value();
        assertEquals(test[1], predicted);
    }
}
