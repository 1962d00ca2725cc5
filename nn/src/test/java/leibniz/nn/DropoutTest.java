package leibniz.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import leibniz.autograd.Autograd;
import leibniz.autograd.Node;
import leibniz.autograd.Program;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;

/** Dropout: mask statistics and scaling, a fresh mask per run, the gradient m/(1 − p), identity in evaluation. */
class DropoutTest {
    private static final Shape SHAPE = Shape.of(200, 100);

    @Test
    void keepsAFractionOneMinusPScaledUp() {
        double p = 0.3;
        Tensor y = Dropout.create(p, 1).forward(Node.constant(Tensor.ones(SHAPE)), Context.training()).value();
        double n = SHAPE.size();
        double kept = y.ne(Tensor.scalar(0)).sum().item() / n;
        assertEquals(1 - p, kept, 5 * Math.sqrt(p * (1 - p) / n));
        assertTrue(Tensor.zeros(SHAPE).allClose(y.mul(y.add(-1 / (1 - p))), 1e-12),
                "every element is 0 or 1/(1 − p)");
        assertEquals(1, y.mean().item(), 5 * Math.sqrt(p / (1 - p) / n), "the expected value is kept");
    }

    @Test
    void gradientIsTheSameMaskOverOneMinusP() {
        double p = 0.4;
        Node x = Node.placeholder("x", SHAPE);
        Node y = Dropout.create(p, 2).forward(x, Context.training());
        Node r = Node.constant(Checks.uniform(new SplittableRandom(3), SHAPE));
        Node dx = Autograd.grad(y.mul(r).sum(), x).get(0);
        Tensor input = Checks.awayFromZero(new SplittableRandom(4), SHAPE);
        List<Tensor> run = Program.of(y, dx).run(Map.of(x, input));
        Tensor scaledMask = run.get(0).div(input);
        assertTrue(run.get(1).allClose(scaledMask.mul(r.value()), 1e-14));
        assertTrue(Tensor.zeros(SHAPE).allClose(scaledMask.mul(scaledMask.add(-1 / (1 - p))), 1e-12));
    }

    @Test
    void eachRunDrawsANewMaskAndTheSeedReproducesThem() {
        Node x = Node.constant(Tensor.ones(SHAPE));
        Program a = Program.of(Dropout.create(0.5, 9).forward(x, Context.training()));
        Program b = Program.of(Dropout.create(0.5, 9).forward(x, Context.training()));
        Tensor first = a.run().get(0);
        Tensor second = a.run().get(0);
        assertNotEquals(first, second);
        assertEquals(first, b.run().get(0));
        assertEquals(second, b.run().get(0));
    }

    @Test
    void twoForwardCallsGetDifferentMasks() {
        Dropout d = Dropout.create(0.5, 9);
        Node x = Node.constant(Tensor.ones(SHAPE));
        assertNotEquals(d.forward(x, Context.training()).value(), d.forward(x, Context.training()).value());
    }

    @Test
    void identityInEvaluationAndForPZero() {
        Node x = Node.placeholder("x", SHAPE);
        assertSame(x, Dropout.create(0.5, 1).forward(x, Context.evaluation()));
        assertSame(x, Dropout.create(0.5, 1).forward(x));
        assertSame(x, Dropout.create(0, 1).forward(x, Context.training()));
        assertEquals(Map.of(), Dropout.create(0.5, 1).parameters());
    }

    @Test
    void messages() {
        for (double p : new double[] {1.5, 1, -0.1, Double.NaN}) {
            assertEquals("Dropout: p must be in [0, 1), got " + p, assertThrows(IllegalArgumentException.class,
                    () -> Dropout.create(p, 0)).getMessage());
        }
    }
}
