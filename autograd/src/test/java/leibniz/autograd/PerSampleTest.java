package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Per-example gradients, their norms and their clipping, against the gradients of one example at a time. */
class PerSampleTest {
    private final Parameter w1 = Parameter.of("w1", Tensor.normal(1, 0, 0.5, 3, 4));
    private final Parameter b1 = Parameter.of("b1", Tensor.normal(2, 0, 0.5, 4));
    private final Parameter w2 = Parameter.of("w2", Tensor.normal(3, 0, 0.5, 4, 2));
    private final Tensor x = Tensor.normal(4, 0, 1, 5, 3);
    private final Tensor y = Tensor.normal(5, 0, 1, 5, 2);

    /** A small regression network on a batch [N, 3] against targets [N, 2]: the mean squared error. */
    private Node loss(Node xs, Node ys) {
        Node h = xs.matmul(w1.node()).add(b1.node()).tanh();
        return h.matmul(w2.node()).sub(ys).square().mean();
    }

    private List<Parameter> parameters() {
        return List.of(w1, b1, w2);
    }

    private List<Node> perSample() {
        Function<List<Node>, Node> f = ex -> loss(ex.get(0), ex.get(1));
        return PerSample.gradients(f, parameters(), List.of(Node.constant(x), Node.constant(y)));
    }

    /** The gradients of example b's loss alone, the batch axis of size 1 as the traced function sees it. */
    private List<Tensor> single(int b) {
        Node xb = Node.constant(x.slice(0, b, b + 1));
        Node yb = Node.constant(y.slice(0, b, b + 1));
        return Program.of(Autograd.gradients(loss(xb, yb), parameters())).run();
    }

    @Test
    void perSampleGradientsAreTheGradientsOfEachExampleAlone() {
        List<Node> g = perSample();
        assertEquals(Shape.of(5, 3, 4), g.get(0).shape());
        assertEquals(Shape.of(5, 4), g.get(1).shape());
        assertEquals(Shape.of(5, 4, 2), g.get(2).shape());
        List<Tensor> values = Program.of(g).run();
        for (int b = 0; b < 5; b++) {
            List<Tensor> one = single(b);
            for (int p = 0; p < 3; p++) {
                Tensor got = TransformChecks.example(values.get(p), 0, b);
                assertTrue(got.allClose(one.get(p), 1e-12, 1e-14), "example " + b + ", parameter " + p);
            }
        }
        // their mean over the batch is the gradient of the batch's mean loss
        Tensor mean = Autograd.gradients(loss(Node.constant(x), Node.constant(y)), parameters()).get(0).value();
        assertTrue(values.get(0).mean(new int[] {0}, false).allClose(mean, 1e-12, 1e-14));
    }

    @Test
    void normsAndClippingByExample() {
        List<Node> g = perSample();
        List<Tensor> values = Program.of(g).run();
        Tensor norms = PerSample.norms(g).value();
        double[] n = new double[5];
        for (int b = 0; b < 5; b++) {
            double s = 0;
            for (Tensor v : values) {
                s += TransformChecks.example(v, 0, b).square().sum().item();
            }
            n[b] = Math.sqrt(s);
            assertEquals(n[b], norms.get(b), 1e-12);
        }
        double c = (Arrays.stream(n).min().getAsDouble() + Arrays.stream(n).max().getAsDouble()) / 2;
        List<Tensor> clipped = Program.of(PerSample.clip(g, c)).run();
        for (int b = 0; b < 5; b++) {
            double factor = Math.min(1, c / (n[b] + 1e-6));
            for (int p = 0; p < 3; p++) {
                Tensor expected = TransformChecks.example(values.get(p), 0, b).mul(factor);
                assertTrue(TransformChecks.example(clipped.get(p), 0, b).allClose(expected, 1e-12, 1e-15));
            }
        }
        Tensor after = PerSample.norms(PerSample.clip(g, c)).value();
        for (int b = 0; b < 5; b++) {
            assertTrue(after.get(b) <= c + 1e-9, "clipped norm " + after.get(b) + " above " + c);
        }
    }

    @Test
    void badInputIsRefusedWithASentence() {
        Function<List<Node>, Node> f = ex -> loss(ex.get(0), ex.get(1));
        Node xs = Node.constant(x);
        assertMessage("perSample: batch input 1 [4, 2] has 4 examples, but input 0 [5, 3] has 5",
                () -> PerSample.gradients(f, parameters(), List.of(xs, Node.constant(Tensor.zeros(4, 2)))));
        assertMessage("perSample: the loss of one example has shape [1, 2]; it must hold a single element (reduce it "
                + "with sum() or mean())", () -> PerSample.gradients(ex -> ex.get(0).matmul(w1.node()).slice(1, 0, 2),
                        parameters(), List.of(xs)));
        assertMessage("perSample: needs at least one batch input",
                () -> PerSample.gradients(f, parameters(), List.of()));
        assertMessage("clip: maxNorm must be positive and finite, got 0.0", () -> PerSample.clip(perSample(), 0));
        assertMessage("norms: gradient 1 [4, 3] has 4 examples, but gradient 0 [5, 3] has 5",
                () -> PerSample.norms(List.of(xs, Node.constant(Tensor.zeros(4, 3)))));
    }

    private static void assertMessage(String expected, Executable call) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
