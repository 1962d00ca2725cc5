package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

/** The Bernoulli draws: the probability of a one, fresh per run and fixed within one, reproducible, no gradient. */
class RandomOpsProperties {
    @Property(tries = 10)
    void bernoulliDrawsOnesWithProbabilityP(@ForAll @DoubleRange(min = 0.05, max = 0.95) double p, @ForAll long seed) {
        int n = 20_000;
        double mean = Node.bernoulli(Shape.of(n), p, seed).value().mean().item();
        assertEquals(p, mean, 5 * Math.sqrt(p * (1 - p) / n));
    }

    @Test
    void noGradOfBernoulli() {
        Node x = Parameter.of("x", Tensor.ones(50)).node();
        Node mask = Node.bernoulli(x.shape(), 0.5, 3);
        assertTrue(Autograd.grad(mask.sum(), x).get(0).isZero());
        // The gradient of x ⊙ mask is the mask, the one drawn in the same run as the output.
        Program p = Program.of(x.mul(mask), Autograd.grad(x.mul(mask).sum(), x).get(0));
        List<Tensor> run = p.run();
        assertEquals(run.get(0), run.get(1));
    }

    @Test
    void bernoulliDrawsAFreshMaskEachRunAndIsReproducible() {
        Program a = Program.of(Node.bernoulli(Shape.of(64), 0.5, 11));
        Program b = Program.of(Node.bernoulli(Shape.of(64), 0.5, 11));
        Tensor first = a.run().get(0);
        Tensor second = a.run().get(0);
        assertNotEquals(first, second);
        assertEquals(first, b.run().get(0));
        assertEquals(second, b.run().get(0));
        assertEquals(Tensor.ones(3), Node.bernoulli(Shape.of(3), 1, 0).value());
        assertEquals(Tensor.zeros(3), Node.bernoulli(Shape.of(3), 0, 0).value());
    }

    @Test
    void bernoulliRefusesABadProbability() {
        assertEquals("bernoulli: p must be in [0, 1], got 1.5", assertThrows(IllegalArgumentException.class,
                () -> Node.bernoulli(Shape.of(2), 1.5, 0)).getMessage());
    }
}
