package leibniz.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import leibniz.autograd.Autograd;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.autograd.Program;
import leibniz.core.Safetensors;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dropout: mask statistics and scaling, a fresh mask per training step, the gradient m/(1 − p), identity in
 * evaluation, and masks that are a function of the seed and the saved step counter.
 */
class DropoutTest {
    private static final Shape SHAPE = Shape.of(200, 100);

    @TempDir
    Path dir;

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
        Node r = Node.constant(Tensor.uniform(new SplittableRandom(3), -1, 1, SHAPE.dims()));
        Node dx = Autograd.grad(y.mul(r).sum(), x).get(0);
        // |input| in [0.1, 1.1), either sign: away from 0, since the mask is read back as y / input
        Tensor input = Tensor.uniform(new SplittableRandom(4), -1, 1, SHAPE.dims()).map(v -> v + Math.copySign(0.1, v));
        List<Tensor> run = Program.of(y, dx).run(Map.of(x, input));
        Tensor scaledMask = run.get(0).div(input);
        assertTrue(run.get(1).allClose(scaledMask.mul(r.value()), 1e-14));
        assertTrue(Tensor.zeros(SHAPE).allClose(scaledMask.mul(scaledMask.add(-1 / (1 - p))), 1e-12));
    }

    /** A training step of {@code d} on ones: the output, with the pass's updates applied after each run. */
    private static Program step(Dropout d) {
        Context ctx = Context.training();
        Node y = d.forward(Node.constant(Tensor.ones(SHAPE)), ctx);
        return Program.of(List.of(y), ctx.updates());
    }

    private static List<Tensor> masks(Program step, int n) {
        List<Tensor> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(step.run().get(0));
        }
        return out;
    }

    @Test
    void eachStepDrawsANewMaskAndTheSameSeedAndStepsGiveTheSameMasks() {
        Dropout a = Dropout.create(0.5, 9);
        Dropout b = Dropout.create(0.5, 9);
        List<Tensor> fromA = masks(step(a), 4);
        assertNotEquals(fromA.get(0), fromA.get(1));
        assertNotEquals(fromA.get(1), fromA.get(2));
        assertEquals(Tensor.scalar(4), a.draws().value());
        // Another model with the same seed, its steps split over two programs (as a new batch shape does).
        List<Tensor> fromB = masks(step(b), 1);
        fromB.addAll(masks(step(b), 3));
        assertEquals(fromA, fromB);
        assertNotEquals(fromA.get(0), masks(step(Dropout.create(0.5, 10)), 1).get(0), "another seed");
    }

    @Test
    void theMaskIsAFunctionOfTheSeedAndTheCounterOnly() {
        Dropout d = Dropout.create(0.5, 9);
        Node x = Node.constant(Tensor.ones(SHAPE));
        // Without the pass's update nothing advances: every build and run sees counter 0.
        Tensor atZero = d.forward(x, Context.training()).value();
        assertEquals(atZero, d.forward(x, Context.training()).value());
        d.draws().set(Tensor.scalar(3));
        Tensor atThree = d.forward(x, Context.training()).value();
        assertNotEquals(atZero, atThree);
        assertEquals(atThree, masks(step(Dropout.create(0.5, 9)), 4).get(3));
    }

    @Test
    void twoApplicationsInOnePassDrawDifferentMasksAndCountOneStep() {
        Dropout d = Dropout.create(0.5, 9);
        Node x = Node.constant(Tensor.ones(SHAPE));
        Context ctx = Context.training();
        Node first = d.forward(x, ctx);
        Node second = d.forward(x, ctx);
        assertEquals(1, ctx.updates().size());
        List<Tensor> run = Program.of(List.of(first, second), ctx.updates()).run();
        assertNotEquals(run.get(0), run.get(1));
        assertEquals(Tensor.scalar(1), d.draws().value());
        // A model that uses the same layer twice names its counter once.
        assertEquals(List.of("0.draws"), List.copyOf(Sequential.of(d, d).buffers().keySet()));
    }

    @Test
    void theCounterIsABufferThatCheckpointsHoldAndModelFilesDoNot() throws Exception {
        Dropout whole = Dropout.create(0.25, 5);
        List<Tensor> expected = masks(step(whole), 6);

        Sequential model = Sequential.of(Activation.relu(), Dropout.create(0.25, 5));
        Dropout inner = (Dropout) model.layers().get(1);
        List<Tensor> head = masks(step(inner), 2);
        Path file = dir.resolve("dropout.safetensors");
        ModelFile.save(model, file);
        assertEquals(Map.of(), Safetensors.read(file).tensors(), "PyTorch's state_dict has nothing for Dropout");
        assertEquals(Map.of("1.draws", inner.draws()), model.buffers(), "what a trainer checkpoints");
        assertEquals(Map.of(), model.persistentBuffers());

        // A resume as a checkpoint does it: the buffers set from the saved values.
        Sequential fresh = Sequential.of(Activation.relu(), Dropout.create(0.25, 5));
        ModelFile.load(fresh, file);
        Parameter.setAll(fresh.buffers(), Map.of("1.draws", inner.draws().value()), "resume: ", "the model");
        List<Tensor> resumed = new ArrayList<>(head);
        resumed.addAll(masks(step((Dropout) fresh.layers().get(1)), 4));
        assertEquals(expected, resumed);
    }

    @Test
    void identityInEvaluationAndForPZero() {
        Node x = Node.placeholder("x", SHAPE);
        Context eval = Context.evaluation();
        assertSame(x, Dropout.create(0.5, 1).forward(x, eval));
        assertEquals(List.of(), eval.updates());
        assertSame(x, Dropout.create(0.5, 1).forward(x));
        assertSame(x, Dropout.create(0, 1).forward(x, Context.training()));
        assertEquals(Map.of(), Dropout.create(0.5, 1).parameters());
        Dropout d = Dropout.create(0.5, 1);
        assertEquals(Map.of("draws", d.draws()), d.buffers());
        assertEquals(Map.of(), d.persistentBuffers());
    }

    @Test
    void messages() {
        for (double p : new double[] {1.5, 1, -0.1, Double.NaN}) {
            assertEquals("Dropout: p must be in [0, 1), got " + p, assertThrows(IllegalArgumentException.class,
                    () -> Dropout.create(p, 0)).getMessage());
        }
    }
}
