package leibniz.examples.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import leibniz.autograd.Node;
import leibniz.autograd.Program;
import leibniz.core.DType;
import leibniz.core.Tensor;
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
 * W1: one SGD training step (forward, backward, update) of the MLP 784-256-256-10 with ReLU and
 * softmax cross-entropy on a batch of 64, in Leibniz (a program prepared once) and by hand on EJML,
 * in float64 and float32. In F32 the Leibniz side is fed F32 tensors (see {@link GraphMlp}), so no
 * conversion is measured; the hand-written side is {@link HandMlpF32}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class W1TrainStep {
    /** The threads the matrix products may use; see {@link BenchThreads}. */
    @Param({"1", "2"})
    public int threads;

    /** The element type of the parameters, the data and every intermediate. */
    @Param({"F64", "F32"})
    public DType dtype;

    private Program step;
    private Map<Node, Tensor> feeds;
    /** The hand-written side in this fork's dtype (a fork runs one, so the call site sees one target). */
    private DoubleSupplier hand;

    /** Builds the graph and the optimizer's update once, as a training loop does. */
    @Setup(Level.Trial)
    public void prepare() {
        BenchThreads.use(threads);
        GraphMlp mlp = new GraphMlp(dtype);
        step = mlp.trainStep();
        feeds = mlp.feeds;
        boolean parallel = threads > 1;
        hand = dtype == DType.F32 ? new HandMlpF32(parallel)::step : new HandMlp(parallel)::step;
    }

    /** One run of the prepared training program: loss, gradients and the new weights. */
    @Benchmark
    public List<Tensor> leibniz() {
        return step.run(feeds);
    }

    /** The same step written by hand with preallocated EJML buffers. */
    @Benchmark
    public double ejml() {
        return hand.getAsDouble();
    }
}
