package leibniz.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import leibniz.autograd.Autograd;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;

/** The L1 and L2 penalties: values, gradients (λ·sign w and 2λw) and messages. */
class RegularizersTest {
    private final Parameter a = Parameter.of("a", Tensor.vector(1, -2));
    private final Parameter b = Parameter.of("b", Tensor.matrix(new double[][] {{3}, {-0.5}}));

    @Test
    void l2IsLambdaTimesTheSumOfSquaresWithoutAHalf() {
        Node penalty = Regularizers.l2(0.1, List.of(a, b));
        assertEquals(0.1 * (1 + 4 + 9 + 0.25), penalty.value().item(), 1e-15);
        List<Node> g = Autograd.gradients(penalty, List.of(a, b));
        assertEquals(Tensor.vector(0.2, -0.4).toString(), g.get(0).value().toString());
        assertEquals(Tensor.matrix(new double[][] {{0.6000000000000001}, {-0.1}}).toString(),
                g.get(1).value().toString());
    }

    @Test
    void l1IsLambdaTimesTheSumOfAbsoluteValues() {
        Node penalty = Regularizers.l1(0.5, List.of(a, b));
        assertEquals(0.5 * (1 + 2 + 3 + 0.5), penalty.value().item(), 1e-15);
        assertEquals(Tensor.vector(0.5, -0.5), Autograd.gradients(penalty, List.of(a)).get(0).value());
    }

    @Test
    void addsToALossOverAModelsParameters() {
        Linear layer = Linear.create(3, 2, new SplittableRandom(1));
        Node loss = Losses.mse(layer.forward(Node.constant(Tensor.ones(4, 3))), Node.constant(Tensor.zeros(4, 2)));
        Node total = loss.add(Regularizers.l2(1e-2, layer.parameters().values()));
        double w2 = layer.weight().value().square().sum().item()
                + layer.bias().orElseThrow().value().square().sum().item();
        assertEquals(loss.value().item() + 1e-2 * w2, total.value().item(), 1e-14);
        assertEquals(0, Regularizers.l2(1, List.of()).value().item(), 0);
    }

    @Test
    void messages() {
        assertEquals("l2: lambda must be finite and >= 0, got -1.0", assertThrows(IllegalArgumentException.class,
                () -> Regularizers.l2(-1, List.of(a))).getMessage());
        assertEquals("l1: lambda must be finite and >= 0, got NaN", assertThrows(IllegalArgumentException.class,
                () -> Regularizers.l1(Double.NaN, List.of(a))).getMessage());
    }
}
