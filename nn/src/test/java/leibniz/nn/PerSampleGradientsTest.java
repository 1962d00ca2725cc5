package leibniz.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BinaryOperator;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import leibniz.autograd.Autograd;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.autograd.PerSample;
import leibniz.autograd.Program;
import leibniz.autograd.Transforms;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Per-example gradients of nn models (an MLP, a CNN and an LSTM) by {@link PerSample#gradients}, one batched
 * graph, equal the gradients of each example's loss computed alone. Labels are fed through a placeholder, so
 * the loss's run-time label check is batched too.
 */
class PerSampleGradientsTest {
    private static final int BATCH = 5;

    /**
     * The per-example gradients of {@code loss(model(x), y)} for the batch (x, y), compared parameter by
     * parameter with the gradients of the loss of each example alone, {@code [1, ...]}.
     */
    private static void agrees(Module model, BinaryOperator<Node> loss, Tensor x, Tensor y) {
        List<Parameter> ps = new ArrayList<>(model.parameters().values());
        Node xs = Node.placeholder("x", x.shape());
        Node ys = Node.placeholder("y", y.shape());
        List<String> fallbacks = new ArrayList<>();
        Handler watch = new Handler() {
            public void publish(LogRecord r) {
                fallbacks.add(r.getMessage());
            }

            public void flush() {
            }

            public void close() {
            }
        };
        Logger log = Logger.getLogger(Transforms.class.getName());
        log.addHandler(watch);
        List<Node> g;
        try {
            g = PerSample.gradients(ex -> loss.apply(model.forward(ex.get(0)), ex.get(1)), ps, List.of(xs, ys));
        } finally {
            log.removeHandler(watch);
        }
        assertEquals(List.of(), fallbacks, "every op of the model batched by its own rule, none by a loop");
        Map<Node, Tensor> feeds = Map.of(xs, x, ys, y);
        List<Tensor> batched = Program.of(g).run(feeds);
        Node x1 = Node.placeholder("x1", x.shape().withDim(0, 1));
        Node y1 = Node.placeholder("y1", y.shape().withDim(0, 1));
        Program single = Program.of(Autograd.gradients(loss.apply(model.forward(x1), y1), ps));
        for (int b = 0; b < BATCH; b++) {
            Map<Node, Tensor> one = new HashMap<>();
            one.put(x1, x.slice(0, b, b + 1));
            one.put(y1, y.slice(0, b, b + 1));
            List<Tensor> alone = single.run(one);
            for (int p = 0; p < ps.size(); p++) {
                assertEquals(ps.get(p).shape().inserting(0, BATCH), batched.get(p).shape());
                Tensor got = batched.get(p).indexSelect(0, Tensor.scalar(b));
                Tensor want = alone.get(p);
                String name = ps.get(p).name();
                assertTrue(got.allClose(want, 1e-10, 1e-12), () -> "parameter " + name + ": " + got + " vs "
                        + want);
            }
        }
    }

    private static Tensor labels(SplittableRandom rng, int classes) {
        double[] v = new double[BATCH];
        for (int i = 0; i < BATCH; i++) {
            v[i] = rng.nextInt(classes);
        }
        return Tensor.of(v, BATCH);
    }

    @Test
    void mlp() {
        SplittableRandom rng = new SplittableRandom(1);
        Module mlp = Sequential.of(Linear.create(4, 6, rng), Activation.tanh(), Linear.create(6, 6, rng),
                Activation.relu(), Linear.create(6, 3, rng));
        agrees(mlp, Losses::crossEntropy, Tensor.uniform(rng, -1, 1, BATCH, 4), labels(rng, 3));
    }

    @Test
    void cnn() {
        SplittableRandom rng = new SplittableRandom(2);
        Module cnn = Sequential.of(Conv2d.create(1, 3, 3, 1, 1, rng), Activation.relu(), MaxPool2d.create(2),
                Conv2d.create(3, 2, 2, 1, 0, rng), Activation.tanh(), Flatten.create(),
                Linear.create(2 * 2 * 2, 4, rng));
        agrees(cnn, Losses::crossEntropy, Tensor.uniform(rng, -1, 1, BATCH, 1, 6, 6), labels(rng, 4));
    }

    @Test
    void lstm() {
        SplittableRandom rng = new SplittableRandom(3);
        LSTM lstm = LSTM.create(3, 4, rng);
        Linear head = Linear.create(4, 2, rng);
        Module model = new Module() {
            public Node forward(Node x, Context ctx) {
                return head.forward(lstm.run(x).state().h());
            }

            public Map<String, Parameter> parameters() {
                return Parameters.builder().addAll("lstm", lstm.parameters()).addAll("head", head.parameters()).build();
            }
        };
        agrees(model, Losses::mse, Tensor.uniform(rng, -1, 1, BATCH, 4, 3), Tensor.uniform(rng, -1, 1, BATCH, 2));
        assertEquals(Shape.of(16, 3), lstm.parameters().get("weight_ih_l0").shape());
    }
}
