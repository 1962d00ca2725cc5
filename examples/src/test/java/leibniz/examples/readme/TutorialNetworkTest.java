package leibniz.examples.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import leibniz.autograd.Node;
import leibniz.core.Tensor;
import leibniz.nn.Activation;
import leibniz.nn.Linear;
import leibniz.nn.Sequential;
import org.junit.jupiter.api.Test;

/** README tutorial, steps 1 to 3: a neuron, layers, forward propagation. */
class TutorialNetworkTest {
    @Test
    void aNeuron() throws Exception {
        String printed = Console.capture(() -> {
            Tensor x = Tensor.vector(1.0, 2.0);              // two inputs
            Tensor w = Tensor.vector(0.5, -0.25);            // one weight per input
            double b = 0.1;                                  // the bias
            Tensor z = x.mul(w).sum().add(b);                // w·x + b = 0.5 − 0.5 + 0.1 = 0.1
            Tensor y = z.sigmoid();                          // σ(0.1)
            System.out.printf("z = %.2f, y = %.4f%n", z.item(), y.item());   // z = 0.10, y = 0.5250

            assertEquals(0.1, z.item(), 1e-15);
            assertEquals(1 / (1 + Math.exp(-0.1)), y.item(), 1e-15);
        });
        assertEquals("z = 0.10, y = 0.5250\n", printed);
    }

    @Test
    void layersAndForwardPropagation() throws Exception {
        String printed = Console.capture(() -> {
            var rng = new SplittableRandom(0);
            Sequential net = Sequential.of(
                    Linear.create(2, 3, rng),    // input (2 features) -> hidden layer of 3 neurons
                    Activation.tanh(),           // no weights of its own
                    Linear.create(3, 1, rng));   // hidden layer -> output layer of 1 neuron
            net.parameters().forEach((name, p) -> System.out.print(name + " " + p.shape() + "  "));
            // 0.weight [3, 2]  0.bias [3]  2.weight [1, 3]  2.bias [1]

            System.out.println();
            Tensor X = Tensor.matrix(new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}});   // a batch of 4 inputs
            Tensor out = net.forward(Node.constant(X)).value();                         // [4, 1]
            var p = net.parameters();
            Tensor h = X.matmul(p.get("0.weight").value().transpose()).add(p.get("0.bias").value()).tanh();
            Tensor byHand = h.matmul(p.get("2.weight").value().transpose()).add(p.get("2.bias").value());
            System.out.println(out.allClose(byHand, 1e-12));   // true

            assertEquals(4, out.size());
        });
        assertEquals("0.weight [3, 2]  0.bias [3]  2.weight [1, 3]  2.bias [1]\ntrue",
                printed.lines().map(String::strip).reduce((a, b) -> a + "\n" + b).orElse(""));
    }
}
