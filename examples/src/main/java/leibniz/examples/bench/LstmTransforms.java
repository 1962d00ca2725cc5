package leibniz.examples.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import leibniz.autograd.Autograd;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.autograd.PerSample;
import leibniz.autograd.Program;
import leibniz.core.Tensor;
import leibniz.nn.LSTM;
import leibniz.nn.Linear;
import leibniz.nn.Losses;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Forward mode and vmap through a loop: an LSTM (8 inputs, 32 hidden units, one scan over 20 steps) and a
 * linear head on the last state, mean square error, for a batch of 32 sequences. Per-sample gradients of
 * every parameter by {@link PerSample} (vmap of grad: one batched forward scan and one batched reverse
 * scan) beside the route without vmap, the single-example gradient program run once per sequence, and one
 * ordinary batch gradient; the JVP of the batch loss along a direction of the recurrent weights (a scan of
 * the body's JVP) beside the forward pass. One thread; programs prepared once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LstmTransforms {
    static final int BATCH = 32;
    static final int STEPS = 20;
    static final int INPUTS = 8;
    static final int HIDDEN = 32;

    private Program batchGradient;
    private Program perSample;
    private Program single;
    private Program forward;
    private Program jvp;
    private Node x1;
    private Node y1;
    private Map<Node, Tensor> feeds;
    private Tensor xs;
    private Tensor ys;

    /** The model, the data and the five programs. */
    @Setup(Level.Trial)
    public void prepare() {
        BenchThreads.use(1);
        SplittableRandom rng = new SplittableRandom(1);
        LSTM lstm = LSTM.create(INPUTS, HIDDEN, rng);
        Linear head = Linear.create(HIDDEN, 1, rng);
        List<Parameter> ps = new ArrayList<>(lstm.parameters().values());
        ps.addAll(head.parameters().values());
        Node x = Node.placeholder("x", BATCH, STEPS, INPUTS);
        Node y = Node.placeholder("y", BATCH, 1);
        xs = Tensor.uniform(new SplittableRandom(2), -1, 1, BATCH, STEPS, INPUTS);
        ys = Tensor.uniform(new SplittableRandom(3), -1, 1, BATCH, 1);
        feeds = Map.of(x, xs, y, ys);
        Node loss = Losses.mse(head.forward(lstm.run(x).state().h()), y);
        batchGradient = Program.of(Autograd.gradients(loss, ps));
        perSample = Program.of(PerSample.gradients(ex -> Losses.mse(head.forward(lstm.run(ex.get(0)).state().h()),
                ex.get(1)), ps, List.of(x, y)));
        x1 = Node.placeholder("x1", 1, STEPS, INPUTS);
        y1 = Node.placeholder("y1", 1, 1);
        single = Program.of(Autograd.gradients(Losses.mse(head.forward(lstm.run(x1).state().h()), y1), ps));
        Node u = lstm.parameters().get("weight_hh_l0").node();
        Node direction = Node.constant(Tensor.normal(4, 0, 1, u.shape().dims()));
        forward = Program.of(loss);
        jvp = Program.of(loss, Autograd.jvp(loss, List.of(u), List.of(direction)));
    }

    /** The gradient of the mean loss of the batch: one forward and one reverse scan. */
    @Benchmark
    public List<Tensor> batchGradient() {
        return batchGradient.run(feeds);
    }

    /** The gradient of each sequence's loss, [32, ...] per parameter, by vmap of grad. */
    @Benchmark
    public List<Tensor> perSample() {
        return perSample.run(feeds);
    }

    /** The same numbers by the single-example gradient program, run once per sequence and stacked. */
    @Benchmark
    public List<Tensor> singleExamples() {
        List<List<Tensor>> rows = new ArrayList<>();
        Map<Node, Tensor> one = new HashMap<>();
        for (int b = 0; b < BATCH; b++) {
            one.put(x1, xs.slice(0, b, b + 1));
            one.put(y1, ys.slice(0, b, b + 1));
            rows.add(single.run(one));
        }
        List<Tensor> stacked = new ArrayList<>();
        for (int p = 0; p < rows.get(0).size(); p++) {
            Tensor[] parts = new Tensor[BATCH];
            for (int b = 0; b < BATCH; b++) {
                parts[b] = rows.get(b).get(p);
            }
            stacked.add(Tensor.stack(0, parts));
        }
        return stacked;
    }

    /** The loss of the batch alone. */
    @Benchmark
    public List<Tensor> forward() {
        return forward.run(feeds);
    }

    /** The loss and its JVP along a direction of the recurrent weights, by forward mode through the scan. */
    @Benchmark
    public List<Tensor> jvp() {
        return jvp.run(feeds);
    }
}
