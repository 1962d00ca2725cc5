package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The measure: hand-written {@code −log(softmax(z))[y]} and {@code log σ(z)} at |z| = 1000 give
 * NaN or ∞ as written, and compiled give finite values and gradients equal to references computed
 * independently on tensors in the stable form.
 */
class StabilityTest {
    private static final Program.Options AS_WRITTEN = Program.Options.defaults().uncompiled();

    @Test
    void handWrittenCrossEntropyAtAThousand() {
        Tensor logits = Tensor.matrix(new double[][] {{1000, 0, -1000}, {-1000, 1000, 500}});
        Tensor labels = Tensor.vector(0, 2);
        Node z = Node.placeholder("z", 2, 3);
        Node y = Node.placeholder("y", 2);
        Node e = z.exp();
        Node softmax = e.div(e.sum(1, true));
        Node loss = y.oneHot(3).mul(softmax.log()).sum(1).neg().mean();
        Node dz = Autograd.grad(loss, z).get(0);
        Map<Node, Tensor> feeds = Map.of(z, logits, y, labels);

        List<Tensor> written = Program.of(List.of(loss, dz), List.of(), AS_WRITTEN).run(feeds);
        assertTrue(Double.isNaN(written.get(0).item()), written.get(0).toString());
        assertTrue(Double.isNaN(written.get(1).get(0, 0)), written.get(1).toString());

        // Independently: loss = mean(lse(z) − z[y]), dz = (softmax(z) − onehot(y)) / 2, softmax = e^(z − lse(z)).
        Tensor lse = logits.logsumexp(1, true);
        Tensor oneHot = Tensor.oneHot(labels, 3);
        double expectedLoss = lse.sub(oneHot.mul(logits).sum(1, true)).mean().item();
        Tensor expectedGradient = logits.sub(lse).exp().sub(oneHot).div(Tensor.scalar(2));
        List<Tensor> compiled = Program.of(loss, dz).run(feeds);
        assertEquals(250, expectedLoss, 1e-12);
        assertEquals(expectedLoss, compiled.get(0).item(), 1e-12);
        assertTrue(compiled.get(1).allClose(expectedGradient, 1e-15), compiled.get(1) + " vs " + expectedGradient);
    }

    @Test
    void handWrittenLogSigmoidAtAThousand() {
        Parameter w = Parameter.of("z", Tensor.vector(-1000, 1000, 0));
        Node z = w.node();
        Node loss = z.sigmoid().log().sum();
        Node dz = Autograd.grad(loss, z).get(0);

        List<Tensor> written = Program.of(List.of(loss, dz), List.of(), AS_WRITTEN).run();
        assertEquals(Double.NEGATIVE_INFINITY, written.get(0).item(), 0);
        assertTrue(Double.isNaN(written.get(1).get(0)), written.get(1).toString());

        // Independently: log σ(z) = −ln(1 + e^−z), d/dz = σ(−z).
        double expected = -1000 + 0 - Math.log(2);
        List<Tensor> compiled = Program.of(loss, dz).run();
        assertEquals(expected, compiled.get(0).item(), 1e-12);
        assertTrue(compiled.get(1).allClose(Tensor.vector(1, 0, 0.5), 1e-15), compiled.get(1).toString());
    }

    @Test
    void logOneMinusSigmoidAndLogOnePlusExpAtAThousand() {
        Node z = Parameter.of("z", Tensor.vector(-1000, 1000)).node();
        Node loss = Node.scalar(1).sub(z.sigmoid()).log().sum().add(z.exp().add(1).log().sum());
        Node dz = Autograd.grad(loss, z).get(0);
        // log(1 − σ(z)) = −softplus(z): [0, −1000];  log(1 + e^z) = softplus(z): [0, 1000]; gradients −σ(z) + σ(z).
        List<Tensor> compiled = Program.of(loss, dz).run();
        assertEquals(0, compiled.get(0).item(), 1e-12);
        assertTrue(compiled.get(1).allClose(Tensor.vector(0, 0), 1e-15), compiled.get(1).toString());
        List<Tensor> written = Program.of(List.of(loss, dz), List.of(), AS_WRITTEN).run();
        assertTrue(Double.isNaN(written.get(0).item()), "−∞ + ∞ as written: " + written.get(0));
    }
}
