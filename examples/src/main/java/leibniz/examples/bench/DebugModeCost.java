package leibniz.examples.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
 * What debug mode costs a run ({@code Program.Options.debug}): every value checked for NaN and infinity, the
 * first run of each op of the user's gradient-checked (W1 and W2 have none), no constants folded. W1 (an
 * SGD step of the 784-256-256-10 MLP, batch 64) and W2 1x1 (200 tanh steps and their gradient: the cost
 * per op) in float64 on one thread, with debug mode off and on. Run with
 * {@code java -cp examples/target/leibniz-benchmarks.jar org.openjdk.jmh.Main 'DebugModeCost|OnlineCheckCost'}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DebugModeCost {
    /** W1 or W2 (1x1). */
    @Param({"W1", "W2"})
    public String workload;

    /** Whether the program runs in debug mode. */
    @Param({"false", "true"})
    public boolean debug;

    private Program program;
    private Map<Node, Tensor> feeds;

    /** Prepares the workload's program once, in the mode of this trial. */
    @Setup(Level.Trial)
    public void prepare() {
        BenchThreads.use(1);
        Program.Options options = Program.Options.defaults().debug(debug);
        if (workload.equals("W1")) {
            GraphMlp mlp = new GraphMlp(DType.F64);
            program = mlp.trainStep(options);
            feeds = mlp.feeds;
        } else {
            program = W2TanhChain.chain(1, DType.F64, options);
            feeds = Map.of();
        }
    }

    /** One run. */
    @Benchmark
    public List<Tensor> run() {
        return program.run(feeds);
    }
}
