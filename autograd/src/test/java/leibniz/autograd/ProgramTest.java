package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The runnable graph: many runs with new feeds, current parameter values, atomic assignments, feed errors. */
class ProgramTest {
    private static void assertMessage(String expected, Executable bad) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, bad).getMessage());
    }

    @Test
    void evaluatesManyTimesWithNewFeeds() {
        Node x = Node.placeholder("x", 2);
        Node y = Node.placeholder("y", 2);
        Node out = x.mul(y).sum();
        Program p = Program.of(out, x.add(y));
        assertEquals(List.of(x, y), p.placeholders());
        for (int k = 0; k < 5; k++) {
            List<Tensor> values = p.run(Map.of(x, Tensor.vector(k, 1), y, Tensor.vector(2, k)));
            assertEquals(3 * k, values.get(0).item(), 0);
            assertArrayEquals(new double[] {k + 2, k + 1}, values.get(1).toArray(), 0);
        }
    }

    @Test
    void readsTheCurrentParameterValues() {
        Parameter w = Parameter.of("w", Tensor.vector(1, 2));
        Program p = Program.of(w.node().square().sum());
        assertEquals(5, p.run().get(0).item(), 0);
        w.set(Tensor.vector(3, 4));
        assertEquals(25, p.run().get(0).item(), 0);
        assertEquals(25, w.node().square().sum().value().item(), 0);
    }

    @Test
    void assignmentsAreComputedFromTheOldValues() {
        Parameter a = Parameter.of("a", Tensor.scalar(1));
        Parameter b = Parameter.of("b", Tensor.scalar(2));
        Node sum = a.node().add(b.node());
        Program swap = Program.of(List.of(sum), List.of(new Assign(a, b.node()), new Assign(b, a.node())));
        assertEquals(3, swap.run().get(0).item(), 0);
        assertEquals(2, a.value().item(), 0);
        assertEquals(1, b.value().item(), 0);
        swap.run();
        assertEquals(1, a.value().item(), 0);
        assertEquals(2, b.value().item(), 0);
    }

    @Test
    void outputsSeeTheValuesBeforeTheUpdate() {
        Parameter counter = Parameter.of("counter", Tensor.scalar(0));
        Program step = Program.of(List.of(counter.node()), List.of(new Assign(counter, counter.node().add(1))));
        for (int k = 0; k < 4; k++) {
            assertEquals(k, step.run().get(0).item(), 0);
        }
        assertEquals(4, counter.value().item(), 0);
    }

    @Test
    void gradientDescentAsOneProgram() {
        // Minimise |w − t|² by w ← w − 0.25·∇: the error halves each step.
        Parameter w = Parameter.of("w", Tensor.vector(4, -4));
        Node t = Node.placeholder("t", 2);
        Node loss = w.node().sub(t).square().sum();
        Node g = Autograd.grad(loss, w.node()).get(0);
        Program train = Program.of(List.of(loss), List.of(new Assign(w, w.node().sub(g.mul(0.25)))));
        Tensor target = Tensor.vector(1, 2);
        double previous = Double.POSITIVE_INFINITY;
        for (int k = 0; k < 30; k++) {
            double l = train.run(Map.of(t, target)).get(0).item();
            assertTrue(l < previous || l == 0, "loss " + l + " after " + previous);
            previous = l;
        }
        assertTrue(w.value().allClose(target, 0, 1e-8), w.value().toString());
    }

    @Test
    void updatesOnlyProgram() {
        Parameter w = Parameter.of("w", Tensor.ones(2));
        Program p = Program.of(List.of(), List.of(new Assign(w, w.node().mul(3))));
        assertEquals(List.of(), p.run());
        assertArrayEquals(new double[] {3, 3}, w.value().toArray(), 0);
    }

    @Test
    void refusesAParameterAssignedTwice() {
        Parameter w = Parameter.of("w", Tensor.ones(2));
        Assign first = new Assign(w, w.node().mul(2));
        Assign second = new Assign(w, w.node().add(1));
        assertMessage("program: parameter 'w' is assigned twice",
                () -> Program.of(List.of(w.node()), List.of(first, second)));
    }

    @Test
    void refusesAnEmptyProgram() {
        assertMessage("program: needs at least one output or update", () -> Program.of(List.of(), List.of()));
    }

    @Test
    void refusesAnAssignmentOfTheWrongShape() {
        Parameter w = Parameter.of("w", Tensor.ones(2, 3));
        assertMessage("assign: parameter 'w' has shape [2, 3], the value has shape [3, 2]",
                () -> new Assign(w, Node.constant(Tensor.ones(3, 2))));
    }

    @Test
    void missingFeedIsNamed() {
        Node x = Node.placeholder("images", 2, 3);
        Node y = Node.placeholder("labels", 2);
        Program p = Program.of(x.sum(1).add(y));
        assertMessage("run: placeholder 'labels' [2] was not fed", () -> p.run(Map.of(x, Tensor.ones(2, 3))));
        assertMessage("run: placeholder 'images' [2, 3] was not fed", () -> x.sum().value());
    }

    @Test
    void misShapedFeedIsNamed() {
        Node x = Node.placeholder("images", 2, 3);
        Program p = Program.of(x.sum());
        assertMessage("run: placeholder 'images' expects shape [2, 3], was fed [3, 2]",
                () -> p.run(Map.of(x, Tensor.ones(3, 2))));
    }

    @Test
    void unusedFeedsAreIgnoredAndPlaceholdersAreDistinct() {
        Node x1 = Node.placeholder("x", 1);
        Node x2 = Node.placeholder("x", 1);
        Program p = Program.of(x1.sub(x2));
        Node unused = Node.placeholder("unused", 5);
        double v = p.run(Map.of(x1, Tensor.vector(5), x2, Tensor.vector(2), unused, Tensor.ones(5))).get(0).item();
        assertEquals(3, v, 0);
    }

    @Test
    void parameterRefusesAValueOfAnotherShape() {
        Parameter w = Parameter.of("w", Tensor.ones(2));
        assertMessage("parameter 'w': cannot set a value of shape [3] into shape [2]", () -> w.set(Tensor.ones(3)));
    }
}
