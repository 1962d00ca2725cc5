package leibniz.examples.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import leibniz.autograd.Autograd;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.core.Tensor;
import leibniz.nn.Losses;
import org.junit.jupiter.api.Test;

/** README tutorial, steps 4 and 5: loss functions and backpropagation. */
class TutorialGradientTest {
    @Test
    void lossFunctions() throws Exception {
        String printed = Console.capture(() -> {
            Node mse = Losses.mse(Node.constant(Tensor.vector(2.5, 0.0)),    // predictions
                    Node.constant(Tensor.vector(3.0, -0.5)));                // targets: ((−0.5)² + 0.5²) / 2 = 0.25
            Node logits = Node.constant(Tensor.matrix(new double[][] {{2, 0, 0}}));   // 1 example, 3 classes
            Node ce = Losses.crossEntropy(logits, Node.constant(Tensor.vector(0)));   // right class 0: −ln(e²/(e² + 2))
            System.out.printf("mse = %.4f, cross-entropy = %.4f%n", mse.value().item(), ce.value().item());
            // mse = 0.2500, cross-entropy = 0.2395

            double e2 = Math.exp(2);
            assertEquals(0.25, mse.value().item(), 1e-15);
            assertEquals(-Math.log(e2 / (e2 + 2)), ce.value().item(), 1e-15);
        });
        assertEquals("mse = 0.2500, cross-entropy = 0.2395\n", printed);
    }

    @Test
    void backpropagationAgreesWithTheChainRuleByHand() throws Exception {
        String printed = Console.capture(() -> {
            Parameter w = Parameter.of("w", Tensor.vector(0.5, -0.25)), b = Parameter.of("b", Tensor.scalar(0.1));
            Node y = Node.constant(Tensor.vector(1.0, 2.0)).mul(w.node()).sum().add(b.node()).sigmoid();
            Node loss = y.sub(1.0).square();                              // squared error against the target 1
            List<Node> grads = Autograd.gradients(loss, List.of(w, b));   // new graph nodes: dL/dw, dL/db
            double s = y.value().item(), dz = 2 * (s - 1) * s * (1 - s);  // the chain rule by hand
            System.out.println(grads.get(0).value() + " " + grads.get(1).value());
            System.out.println(Tensor.vector(dz * 1.0, dz * 2.0) + " " + dz);
            // Tensor[2] [-0.23691761847142412, -0.47383523694284824] Tensor[] -0.23691761847142412
            // Tensor[2] [-0.23691761847142412, -0.47383523694284824] -0.23691761847142412
        });
        assertEquals("Tensor[2] [-0.23691761847142412, -0.47383523694284824] Tensor[] -0.23691761847142412\n"
                + "Tensor[2] [-0.23691761847142412, -0.47383523694284824] -0.23691761847142412\n", printed);
    }
}
