package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import leibniz.core.DType;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The Bernoulli draws: the probability of a one; a pure function of seed and counter, so fresh per step when
 * the step advances the counter, fixed within a run, reproducible and replayable; no gradient.
 */
class RandomOpsProperties {
    // The seed is the thing under test here: every seed must draw ones with probability p.
    @Property(tries = 10)
    void bernoulliDrawsOnesWithProbabilityP(@ForAll @DoubleRange(min = 0.05, max = 0.95) double p, @ForAll long seed,
            @ForAll @IntRange(min = 0, max = 1_000_000) int counter) {
        int n = 20_000;
        double mean = Node.bernoulli(Shape.of(n), p, seed, Node.scalar(counter)).value().mean().item();
        assertEquals(p, mean, 5 * Math.sqrt(p * (1 - p) / n));
    }

    @Test
    void noGradOfBernoulli() {
        Node x = Parameter.of("x", Tensor.ones(50)).node();
        Node counter = Parameter.of("draws", Tensor.scalar(4)).node();
        Node mask = Node.bernoulli(x.shape(), 0.5, 3, counter);
        assertTrue(Autograd.grad(mask.sum(), x).get(0).isZero());
        assertTrue(Autograd.grad(x.mul(mask).sum(), counter).get(0).isZero(), "no gradient into the counter");
        // The F32 twin: an F32 counter draws the same F64 mask, and its gradient is the symbolic zero of F32.
        OpChecks.twin(DType.F64, xs -> Node.bernoulli(Shape.of(50), 0.5, 3, xs.get(0)), Tensor.scalar(4));
        // The gradient of x ⊙ mask is the mask, the one drawn in the same run as the output.
        Program p = Program.of(x.mul(mask), Autograd.grad(x.mul(mask).sum(), x).get(0));
        List<Tensor> run = p.run();
        assertEquals(run.get(0), run.get(1));
    }

    @Test
    void jvpOfBernoulli() {
        Node counter = Parameter.of("draws", Tensor.scalar(4)).node();
        Node mask = Node.bernoulli(Shape.of(5), 0.5, 3, counter);
        assertTrue(Autograd.jvp(mask, List.of(counter), List.of(Node.scalar(1))).isZero());
        Node x = Parameter.of("x", Tensor.ones(5)).node();
        Tensor t = Tensor.vector(1, 2, 3, 4, 5);
        Program p = Program.of(mask, Autograd.jvp(x.mul(mask), List.of(x), List.of(Node.constant(t))));
        List<Tensor> run = p.run();
        assertEquals(t.mul(run.get(0)), run.get(1), "the tangent of x ⊙ mask is ẋ ⊙ mask, with the run's mask");
    }

    /**
     * vmap of dropout: a shared counter draws one mask that every example gets, as JAX draws one value for an
     * unbatched key; a batch of counters draws each example's mask from its own counter.
     */
    @Test
    void vmapOfBernoulli() {
        Node x = Node.constant(Tensor.ones(3, 40));
        Node shared = Node.scalar(7);
        Tensor masks = Transforms.vmap(xs -> List.of(xs.get(0).mul(Node.bernoulli(Shape.of(40), 0.5, 9, shared))))
                .apply(List.of(x)).get(0).value();
        Tensor one = Node.bernoulli(Shape.of(40), 0.5, 9, shared).value();
        assertEquals(Tensor.stack(0, one, one, one), masks);
        Node counters = Node.constant(Tensor.vector(3, 4, 5));
        Tensor each = Transforms.vmap(xs -> List.of(Node.bernoulli(Shape.of(40), 0.5, 9, xs.get(0))))
                .apply(List.of(counters)).get(0).value();
        for (int b = 0; b < 3; b++) {
            assertEquals(Node.bernoulli(Shape.of(40), 0.5, 9, Node.scalar(3 + b)).value(),
                    each.indexSelect(0, Tensor.scalar(b)));
        }
        assertNotEquals(each.indexSelect(0, Tensor.scalar(0)), each.indexSelect(0, Tensor.scalar(1)));
    }

    @Test
    void aStepThatAdvancesTheCounterDrawsAFreshMaskAndTheSeedReproducesThem() {
        Parameter a = Parameter.of("draws", Tensor.scalar(0));
        Parameter b = Parameter.of("draws", Tensor.scalar(0));
        Program pa = Program.of(List.of(Node.bernoulli(Shape.of(64), 0.5, 11, a.node())),
                List.of(new Assign(a, a.node().add(1))));
        Program pb = Program.of(List.of(Node.bernoulli(Shape.of(64), 0.5, 11, b.node())),
                List.of(new Assign(b, b.node().add(1))));
        Tensor first = pa.run().get(0);
        Tensor second = pa.run().get(0);
        assertNotEquals(first, second);
        assertEquals(Tensor.scalar(2), a.value());
        assertEquals(first, pb.run().get(0));
        assertEquals(second, pb.run().get(0));
        // Nothing is hidden: putting the counter back replays the draw, as resuming from a checkpoint does.
        a.set(Tensor.scalar(1));
        assertEquals(second, pa.run().get(0));
        assertEquals(second, Node.bernoulli(Shape.of(64), 0.5, 11, Node.scalar(1)).value());
        assertNotEquals(second, Node.bernoulli(Shape.of(64), 0.5, 12, Node.scalar(1)).value());
    }

    @Test
    void withoutACounterTheMaskIsFixed() {
        Program p = Program.of(Node.bernoulli(Shape.of(64), 0.5, 5));
        Tensor first = p.run().get(0);
        assertEquals(first, p.run().get(0));
        assertEquals(first, Node.bernoulli(Shape.of(64), 0.5, 5, Node.scalar(0)).value());
        assertEquals(Tensor.ones(3), Node.bernoulli(Shape.of(3), 1, 0).value());
        assertEquals(Tensor.zeros(3), Node.bernoulli(Shape.of(3), 0, 0).value());
    }

    @Test
    void bernoulliRefusesABadProbabilityOrCounter() {
        assertEquals("bernoulli: p must be in [0, 1], got 1.5", assertThrows(IllegalArgumentException.class,
                () -> Node.bernoulli(Shape.of(2), 1.5, 0)).getMessage());
        assertEquals("bernoulli: the counter must be a scalar, got [2]", assertThrows(IllegalArgumentException.class,
                () -> Node.bernoulli(Shape.of(2), 0.5, 0, Node.constant(Tensor.zeros(2)))).getMessage());
        assertEquals("bernoulli: counter is null", assertThrows(IllegalArgumentException.class,
                () -> Node.bernoulli(Shape.of(2), 0.5, 0, null)).getMessage());
    }
}
