package leibniz.examples.bench;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import leibniz.autograd.Autograd;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.autograd.Program;
import leibniz.core.Tensor;
import leibniz.nn.LSTM;
import leibniz.optim.Sgd;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * An LSTM over a long sequence, run as one scan node (the {@code nn} layer) and as the graph unrolled into
 * one copy of the cell per step (as the layer was built before loops existed): the time to build and prepare
 * the training program (graph, gradient, SGD update, {@link Program#of}) and one training step. Batch 32,
 * 32 inputs, 64 hidden units, loss the mean square of the outputs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LstmLoop {
    static final int BATCH = 32;
    static final int INPUTS = 32;
    static final int HIDDEN = 64;

    /** The number of time steps. */
    @Param({"1000"})
    public int steps;

    /** {@code scan}: the nn layer; {@code checkpointed}: its steps checkpointed; {@code unrolled}: one cell per step. */
    @Param({"scan", "unrolled"})
    public String graph;

    private LSTM lstm;
    private Node x;
    private Map<Node, Tensor> feeds;
    private Program step;

    /** The layer, the data and the prepared training program. */
    @Setup(Level.Trial)
    public void prepare() {
        BenchThreads.use(1);
        lstm = LSTM.create(INPUTS, HIDDEN, new SplittableRandom(1));
        x = Node.placeholder("x", BATCH, steps, INPUTS);
        feeds = Map.of(x, Tensor.uniform(new SplittableRandom(2), -1, 1, BATCH, steps, INPUTS));
        step = build();
    }

    /** Builds the graph, its gradient and the update, and prepares the program. */
    @Benchmark
    public Program build() {
        return trainStep(graph.equals("checkpointed") ? lstm.checkpointedSteps() : lstm, x, !graph.equals("unrolled"));
    }

    /** One training step of the prepared program. */
    @Benchmark
    public List<Tensor> step() {
        return step.run(feeds);
    }

    /** The SGD step (rate 0.01) on the mean square of the outputs of the layer over x, scanned or unrolled. */
    static Program trainStep(LSTM lstm, Node x, boolean scan) {
        Node out = scan ? lstm.forward(x) : unrolled(lstm, x);
        Node loss = out.square().mean();
        List<Node> grads = Autograd.gradients(loss, List.copyOf(lstm.parameters().values()));
        return Program.of(List.of(loss), Sgd.create(0.01).step(lstm.parameters(), grads));
    }

    /** The layer's outputs {@code [B, T, H]} with one copy of the LSTM cell per step, from the zero state. */
    static Node unrolled(LSTM lstm, Node x) {
        Map<String, Parameter> p = lstm.parameters();
        Node wih = p.get("weight_ih_l0").node();
        Node whh = p.get("weight_hh_l0").node();
        Node bih = p.get("bias_ih_l0").node();
        Node bhh = p.get("bias_hh_l0").node();
        int batch = x.shape().dim(0);
        int n = x.shape().dim(1);
        int h = HIDDEN;
        Node projected = x.matmul(wih, false, true).add(bih);
        Node hidden = Node.constant(Tensor.zeros(batch, h));
        Node cell = hidden;
        Node[] outputs = new Node[n];
        for (int t = 0; t < n; t++) {
            Node gates = projected.slice(1, t, t + 1).reshape(batch, 4 * h).add(hidden.matmul(whh, false, true).add(bhh));
            Node i = gates.slice(-1, 0, h).sigmoid();
            Node f = gates.slice(-1, h, 2 * h).sigmoid();
            Node g = gates.slice(-1, 2 * h, 3 * h).tanh();
            Node o = gates.slice(-1, 3 * h, 4 * h).sigmoid();
            cell = f.mul(cell).add(i.mul(g));
            hidden = o.mul(cell.tanh());
            outputs[t] = hidden;
        }
        return Node.stack(1, outputs);
    }

    /** The size of each training program and the peak bytes of its intermediate values, for 10 and 1,000 steps. */
    public static void main(String[] args) {
        LSTM lstm = LSTM.create(INPUTS, HIDDEN, new SplittableRandom(1));
        for (int steps : new int[] {10, 1000}) {
            Node x = Node.placeholder("x", BATCH, steps, INPUTS);
            for (String graph : List.of("scan", "checkpointed", "unrolled")) {
                Program p = trainStep(graph.equals("checkpointed") ? lstm.checkpointedSteps() : lstm, x,
                        !graph.equals("unrolled"));
                System.out.printf("%d steps, %s: %d nodes, peak %.1f MB of intermediates%n", steps, graph, p.size(),
                        p.peakBytes() / 1e6);
            }
        }
    }
}
