package leibniz.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import leibniz.autograd.Autograd;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.autograd.Program;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;

/** Gradient clipping by global norm and by value, on values worked out by hand. */
class ClippingTest {
    private final Node a = Node.constant(Tensor.vector(3, -4));
    private final Node b = Node.constant(Tensor.scalar(12));

    @Test
    void globalNormOfSeveralGradients() {
        assertEquals(13, Clipping.globalNorm(List.of(a, b)).value().item(), 1e-15);
    }

    @Test
    void normAboveTheLimitIsScaledDownToIt() {
        List<Node> clipped = Clipping.byGlobalNorm(List.of(a, b), 6.5);
        assertArrayEquals(new double[] {1.5, -2}, clipped.get(0).value().toArray(), 1e-15);
        assertEquals(6, clipped.get(1).value().item(), 1e-15);
        assertEquals(6.5, Clipping.globalNorm(clipped).value().item(), 1e-15);
    }

    @Test
    void normBelowTheLimitIsUnchanged() {
        List<Node> clipped = Clipping.byGlobalNorm(List.of(a, b), 20);
        assertArrayEquals(new double[] {3, -4}, clipped.get(0).value().toArray(), 0);
        assertEquals(12, clipped.get(1).value().item(), 0);
    }

    @Test
    void symbolicZerosPassThrough() {
        Node zero = Node.zeros(Shape.of(2));
        List<Node> clipped = Clipping.byGlobalNorm(List.of(zero, b), 6);
        assertSame(zero, clipped.get(0));
        assertEquals(6, clipped.get(1).value().item(), 1e-15);
        assertEquals(List.of(zero), Clipping.byGlobalNorm(List.of(zero), 1));
    }

    @Test
    void byValueClampsEachElement() {
        List<Node> clipped = Clipping.byValue(List.of(a, b), 3.5);
        assertArrayEquals(new double[] {3, -3.5}, clipped.get(0).value().toArray(), 0);
        assertEquals(3.5, clipped.get(1).value().item(), 0);
    }

    @Test
    void clippedGradientsFeedATrainingStep() {
        Parameter x = Parameter.of("x", Tensor.vector(3, 4));
        Node loss = x.node().square().sum().mul(0.5);
        List<Node> grads = Clipping.byGlobalNorm(Autograd.gradients(loss, List.of(x)), 1);
        Program train = Program.of(List.of(loss), Sgd.create(1).step(List.of(x), grads));
        train.run();
        // The gradient x = (3, 4) has norm 5; clipped to norm 1 it is (0.6, 0.8).
        assertArrayEquals(new double[] {2.4, 3.2}, x.value().toArray(), 1e-15);
    }
}
