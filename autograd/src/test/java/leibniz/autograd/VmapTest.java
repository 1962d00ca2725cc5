package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * vmap as a whole: shared inputs, output axes, composition with itself, with grad and with jvp, long
 * graphs, the fallback for a custom op, and the sentences for bad input.
 */
class VmapTest {
    private static final Tensor X = Tensor.normal(1, 0, 1, 4, 3);
    private static final Tensor W = Tensor.normal(2, 0, 1, 3, 2);

    /** One example x [3] through a tanh layer with shared weights w [3, 2]: [2]. */
    private static List<Node> layer(List<Node> xs) {
        return List.of(xs.get(0).matmul(xs.get(1)).tanh());
    }

    @Test
    void sharedWeightsAndOutputAxes() {
        Function<List<Node>, List<Node>> f = Transforms.vmap(VmapTest::layer, Arrays.asList(0, Transforms.UNBATCHED),
                List.of(1));
        Node y = f.apply(List.of(Node.constant(X), Node.constant(W))).get(0);
        assertEquals(Shape.of(2, 4), y.shape());
        assertTrue(y.value().allClose(X.matmul(W).tanh().transpose(), 0, 1e-15));
        // the batch along axis 1 of the input, null for the shared weights, the batch last in the output
        Node xt = Node.constant(X.transpose());
        Node z = Transforms.vmap(VmapTest::layer, Arrays.asList(-1, null), List.of(-1)).apply(List.of(xt,
                Node.constant(W))).get(0);
        assertTrue(z.value().allClose(X.matmul(W).tanh().transpose(), 0, 1e-15));
    }

    @Test
    void anOutputThatIgnoresTheBatchIsRepeatedOrKept() {
        Node w = Node.constant(W);
        Function<List<Node>, List<Node>> f = xs -> List.of(xs.get(1).sum(), xs.get(0).sum());
        List<Node> repeated = Transforms.vmap(f, Arrays.asList(0, null)).apply(List.of(Node.constant(X), w));
        assertEquals(Tensor.full(Shape.of(4), W.sum().item()), repeated.get(0).value());
        List<Node> kept = Transforms.vmap(f, Arrays.asList(0, null), Arrays.asList(Transforms.UNBATCHED, 0))
                .apply(List.of(Node.constant(X), w));
        assertEquals(Shape.scalar(), kept.get(0).shape());
        assertEquals(X.sum(new int[] {1}, false), kept.get(1).value());
    }

    /** vmap of vmap maps over two axes: an outer product of every pair of rows. */
    @Test
    void nestedVmapMapsOverTwoAxes() {
        Tensor a = Tensor.normal(3, 0, 1, 4, 3);
        Tensor b = Tensor.normal(4, 0, 1, 5, 3);
        Function<List<Node>, List<Node>> dot = xs -> List.of(xs.get(0).mul(xs.get(1)).sum().sin());
        Function<List<Node>, List<Node>> inner = Transforms.vmap(dot, Arrays.asList(null, 0));
        Function<List<Node>, List<Node>> outer = Transforms.vmap(inner, Arrays.asList(0, null));
        Node table = outer.apply(List.of(Node.constant(a), Node.constant(b))).get(0);
        assertEquals(Shape.of(4, 5), table.shape());
        assertTrue(table.value().allClose(a.matmul(b.transpose()).sin(), 0, 1e-14));
    }

    /** vmap of grad (per-example gradients) and grad of vmap (a batched loss) against loops. */
    @Test
    void vmapOfGradAndGradOfVmap() {
        Parameter w = Parameter.of("w", W);
        Function<List<Node>, List<Node>> perExample = xs -> Autograd.grad(
                xs.get(0).matmul(w.node()).tanh().square().sum(), List.of(w.node()));
        Node batched = Transforms.vmap(perExample).apply(List.of(Node.constant(X))).get(0);
        assertEquals(Shape.of(4, 3, 2), batched.shape());
        for (int b = 0; b < 4; b++) {
            Tensor one = perExample.apply(List.of(Node.constant(TransformChecks.example(X, 0, b)))).get(0).value();
            assertTrue(TransformChecks.example(batched.value(), 0, b).allClose(one, 1e-12, 1e-14));
        }
        Node losses = Transforms.vmap(xs -> List.of(xs.get(0).matmul(w.node()).tanh().square().sum()))
                .apply(List.of(Node.constant(X))).get(0);
        Tensor viaVmap = Autograd.grad(losses.sum(), w.node()).get(0).value();
        Tensor direct = Autograd.grad(Node.constant(X).matmul(w.node()).tanh().square().sum(), w.node()).get(0).value();
        assertTrue(viaVmap.allClose(direct, 1e-12, 1e-14));
    }

    @Test
    void vmapOfJvpAndJvpOfVmap() {
        Node w = Parameter.of("w", W).node();
        Node t = Node.constant(Tensor.normal(5, 0, 1, 3, 2));
        Function<List<Node>, List<Node>> tangent = xs -> List.of(Autograd.jvp(layer(List.of(xs.get(0), w)).get(0),
                List.of(w), List.of(t)));
        Node batched = Transforms.vmap(tangent).apply(List.of(Node.constant(X))).get(0);
        Node whole = Autograd.jvp(Node.constant(X).matmul(w).tanh(), List.of(w), List.of(t));
        assertTrue(batched.value().allClose(whole.value(), 1e-12, 1e-14));
        Node ofVmap = Autograd.jvp(Transforms.vmap(xs -> layer(List.of(xs.get(0), w))).apply(List.of(Node.constant(X)))
                .get(0), List.of(w), List.of(t));
        assertTrue(ofVmap.value().allClose(whole.value(), 1e-12, 1e-14));
    }

    @Test
    void aLongChainIsBatchedWithoutRecursion() {
        Function<List<Node>, List<Node>> chain = xs -> {
            Node y = xs.get(0);
            for (int i = 0; i < 20_000; i++) {
                y = y.mul(0.9999).add(0.0001);
            }
            return List.of(y);
        };
        Node out = Transforms.vmap(chain).apply(List.of(Node.constant(Tensor.vector(0, 1)))).get(0);
        double expected = 1 - Math.pow(0.9999, 20_000);
        assertEquals(expected, out.value().get(0), 1e-9);
    }

    /** x³ with a VJP but no batching rule. */
    record Cube() implements Op {
        public String name() { return "cube"; }
        public Shape shape(Shape... in) { return in[0]; }
        public Tensor forward(Tensor... in) { return in[0].pow(3); }
        public List<Node> vjp(Node out, Node g) { return List.of(g.mul(out.input(0).square()).mul(3)); }
    }

    @Test
    void aCustomOpWithoutABatchingRuleRunsPerExampleAndSaysSoOnce() {
        Logger log = Logger.getLogger(Transforms.class.getName());
        List<String> messages = new ArrayList<>();
        Handler capture = new Handler() {
            public void publish(LogRecord r) {
                messages.add(new SimpleFormatter().formatMessage(r));
            }

            public void flush() {
            }

            public void close() {
            }
        };
        log.addHandler(capture);
        try {
            Node y = Transforms.vmap(xs -> List.of(Node.apply(new Cube(), Node.apply(new Cube(), xs.get(0)))))
                    .apply(List.of(Node.constant(X))).get(0);
            assertTrue(y.value().allClose(X.pow(9), 1e-12, 1e-12));
        } finally {
            log.removeHandler(capture);
        }
        assertEquals(List.of("vmap: op 'cube' has no batching rule, so it runs once per example in a loop (4 copies); "
                + "give it a batch() rule to make it one node"), messages);
    }

    @Test
    void badInputIsRefusedWithASentence() {
        Node x = Node.constant(X);
        Node w = Node.constant(W);
        assertMessage("vmap: inAxes[0] = 2 is out of range for input 0 of shape [4, 3]",
                () -> Transforms.vmap(VmapTest::layer, Arrays.asList(2, null)).apply(List.of(x, w)));
        assertMessage("vmap: input 1 [3, 2] has batch size 2 along axis 1, but input 0 [4, 3] has 4 along axis 0",
                () -> Transforms.vmap(xs -> List.of(xs.get(0).sum().add(xs.get(1).sum())), List.of(0, 1))
                        .apply(List.of(x, w)));
        assertMessage("vmap: 2 inputs but 1 inAxes", () -> Transforms.vmap(VmapTest::layer, List.of(0))
                .apply(List.of(x, w)));
        assertMessage("vmap: no input is batched: every inAxes entry is UNBATCHED",
                () -> Transforms.vmap(VmapTest::layer, Arrays.asList(null, Transforms.UNBATCHED)).apply(List.of(x, w)));
        assertMessage("vmap: outAxes[0] = 2 is out of range for output 0 of shape [2] with its batch axis (rank 2)",
                () -> Transforms.vmap(VmapTest::layer, Arrays.asList(0, null), List.of(2)).apply(List.of(x, w)));
        assertMessage("vmap: output 0 depends on the batch, so its outAxes entry cannot be UNBATCHED",
                () -> Transforms.vmap(VmapTest::layer, Arrays.asList(0, null), Arrays.asList((Integer) null))
                        .apply(List.of(x, w)));
        assertMessage("vmap: the function returned 1 outputs but outAxes names 2",
                () -> Transforms.vmap(VmapTest::layer, Arrays.asList(0, null), List.of(0, 0)).apply(List.of(x, w)));
        assertMessage("vmap: inputs[1] is null", () -> Transforms.vmap(VmapTest::layer).apply(Arrays.asList(x, null)));
        assertMessage("vmap: f is null", () -> Transforms.vmap(null));
    }

    @Test
    void anIdentityReturnsTheInputMoved() {
        Node x = Node.constant(X);
        Node same = Transforms.vmap(xs -> xs).apply(List.of(x)).get(0);
        assertSame(x, same);
        Node moved = Transforms.vmap(xs -> xs, List.of(1)).apply(List.of(x)).get(0);
        assertEquals(X.transpose(), moved.value());
    }

    private static void assertMessage(String expected, Executable call) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
