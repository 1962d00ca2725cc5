package leibniz.examples.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.UnaryOperator;
import leibniz.autograd.Autograd;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.core.Tensor;
import leibniz.nn.Activations;
import org.junit.jupiter.api.Test;

/** README tutorial, step 7: activation functions and their derivatives. */
class TutorialActivationsTest {
    @Test
    void activationsAndTheirDerivatives() throws Exception {
        String printed = Console.capture(() -> {
            Node x = Parameter.of("x", Tensor.vector(-2, -0.5, 0.5, 2)).node();
            for (Node f : List.of(Activations.sigmoid(x), Activations.tanh(x),
                                  Activations.relu(x), Activations.leakyRelu(x, 0.1))) {
                Node df = Autograd.grad(f.sum(), x).get(0);   // f acts elementwise, so this is f'(x)
                System.out.println(df.value().map(v -> Math.round(v * 1000) / 1000.0));
            }
            // Tensor[4] [0.105, 0.235, 0.235, 0.105]    sigmoid: largest at 0, small for large |x|
            // Tensor[4] [0.071, 0.786, 0.786, 0.071]    tanh: the same bell, up to 1 instead of 1/4
            // Tensor[4] [0.0, 0.0, 1.0, 1.0]            relu
            // Tensor[4] [0.1, 0.1, 1.0, 1.0]            leaky relu with α = 0.1
        });
        assertEquals("""
                Tensor[4] [0.105, 0.235, 0.235, 0.105]
                Tensor[4] [0.071, 0.786, 0.786, 0.071]
                Tensor[4] [0.0, 0.0, 1.0, 1.0]
                Tensor[4] [0.1, 0.1, 1.0, 1.0]
                """, printed);
        // The derivatives in closed form: σ' = σ(1 − σ), tanh' = 1 − tanh², relu' = 0 or 1, leaky' = 0.1 or 1.
        Tensor x = Tensor.vector(-2, -0.5, 0.5, 2);
        Tensor s = x.sigmoid();
        assertTrue(derivative(Activations::sigmoid, x).allClose(s.mul(s.neg().add(1)), 1e-15));
        assertTrue(derivative(Activations::tanh, x).allClose(x.tanh().square().neg().add(1), 1e-15));
        // tanh x = 2σ(2x) − 1, so tanh'(x) = 4σ'(2x): the same bell, 4 times higher (and half as wide).
        assertEquals(4 * 0.25, derivative(Activations::tanh, Tensor.scalar(0)).item(), 1e-15);
        assertEquals(Tensor.vector(0, 0, 1, 1), derivative(Activations::relu, x));
        assertEquals(Tensor.vector(0.1, 0.1, 1, 1), derivative(n -> Activations.leakyRelu(n, 0.1), x));
    }

    private static Tensor derivative(UnaryOperator<Node> f, Tensor at) {
        Node x = Node.constant(at);
        return Autograd.grad(f.apply(x).sum(), x).get(0).value();
    }
}
