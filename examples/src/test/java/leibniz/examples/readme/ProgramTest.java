package leibniz.examples.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import leibniz.autograd.Autograd;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.autograd.Program;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;

/** README, "Automatic differentiation": a prepared Program. */
class ProgramTest {
    @Test
    void aProgramReturnsTheLossAndItsGradientAndRefusesMissingFeeds() {
        Node xIn = Node.placeholder("x", 64, 784);
        Parameter w = Parameter.of("w", Tensor.normal(1, 0, 0.01, 784, 10));
        Node loss = xIn.matmul(w.node()).logsumexp(1).mean();
        Node dw = Autograd.grad(loss, w.node()).get(0);
        Program p = Program.of(loss, dw);
        List<Tensor> out = p.run(Map.of(xIn, Tensor.normal(2, 0, 1, 64, 784)));   // [loss, dL/dw]
        // p.run(Map.of()) -> IllegalArgumentException: run: placeholder 'x' [64, 784] was not fed

        // Independently, on tensors: L = mean(logsumexp(XW)), dL/dW = Xᵀ softmax(XW) / 64.
        Tensor x = Tensor.normal(2, 0, 1, 64, 784);
        Tensor z = x.matmul(w.value());
        assertEquals(z.logsumexp(1).mean().item(), out.get(0).item(), 1e-12);
        Tensor softmax = z.sub(z.logsumexp(1, true)).exp();
        assertTrue(out.get(1).allClose(x.matmul(softmax, true, false).div(Tensor.scalar(64)), 1e-12));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.run(Map.of()));
        assertEquals("run: placeholder 'x' [64, 784] was not fed", e.getMessage());
    }
}
