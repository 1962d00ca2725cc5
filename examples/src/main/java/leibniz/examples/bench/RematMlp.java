package leibniz.examples.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import leibniz.autograd.Autograd;
import leibniz.autograd.Node;
import leibniz.autograd.Program;
import leibniz.core.Tensor;
import leibniz.nn.Activation;
import leibniz.nn.Linear;
import leibniz.nn.Module;
import leibniz.nn.Remat;
import leibniz.nn.Sequential;
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
 * Checkpointing a deep MLP: 32 layers Linear(512 → 512) + ReLU on a batch of 64, one SGD step, with every
 * activation kept ({@code every = 0}) or only those between blocks of {@code every} layers, each block an
 * {@link Remat}. {@link #peakBytes} gives the memory side of the trade ({@link Program#peakBytes}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class RematMlp {
    static final int LAYERS = 32;
    static final int WIDTH = 512;
    static final int BATCH = 64;

    /** Layers per checkpointed block; 0 for none. */
    @Param({"0", "4"})
    public int every;

    private Program step;
    private Map<Node, Tensor> feeds;

    /** The model and its prepared training step. */
    @Setup(Level.Trial)
    public void prepare() {
        BenchThreads.use(1);
        Node x = Node.placeholder("x", BATCH, WIDTH);
        step = trainStep(model(every), x);
        feeds = Map.of(x, Tensor.normal(2, 0, 1, BATCH, WIDTH));
    }

    /** One SGD step: forward, backward (recomputing each block when checkpointed) and update. */
    @Benchmark
    public List<Tensor> step() {
        return step.run(feeds);
    }

    /** The MLP, its blocks of {@code every} layers checkpointed (none if 0); the same weights either way. */
    static Module model(int every) {
        SplittableRandom rng = new SplittableRandom(1);
        List<Module> blocks = new ArrayList<>();
        int per = every == 0 ? LAYERS : every;
        for (int b = 0; b < LAYERS; b += per) {
            List<Module> layers = new ArrayList<>();
            for (int l = b; l < b + per; l++) {
                layers.add(Linear.create(WIDTH, WIDTH, rng));
                layers.add(Activation.relu());
            }
            Sequential block = Sequential.of(layers.toArray(new Module[0]));
            blocks.add(every == 0 ? block : Remat.of(block));
        }
        return Sequential.of(blocks.toArray(new Module[0]));
    }

    /** The SGD step (rate 0.01) on the mean square of the model's output for x. */
    static Program trainStep(Module model, Node x) {
        Node loss = model.forward(x).square().mean();
        List<Node> grads = Autograd.gradients(loss, List.copyOf(model.parameters().values()));
        return Program.of(List.of(loss), Sgd.create(0.01).step(model.parameters(), grads));
    }

    /** The loss and the gradient of every parameter, as outputs: what backpropagation itself holds. */
    static Program gradients(Module model, Node x) {
        Node loss = model.forward(x).square().mean();
        List<Node> outputs = new ArrayList<>(List.of(loss));
        outputs.addAll(Autograd.gradients(loss, new ArrayList<>(model.parameters().values())));
        return Program.of(outputs);
    }

    /** The peak bytes of intermediate values, plain and checkpointed every 4 layers. */
    public static void main(String[] args) {
        for (int every : new int[] {0, 4}) {
            Module m = model(every);
            Program g = gradients(m, Node.placeholder("x", BATCH, WIDTH));
            Program p = trainStep(m, Node.placeholder("x", BATCH, WIDTH));
            System.out.printf("every %d: gradients %.1f MB, SGD step %.1f MB%n", every, g.peakBytes() / 1e6,
                    p.peakBytes() / 1e6);
        }
    }
}
