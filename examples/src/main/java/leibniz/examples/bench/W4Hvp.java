package leibniz.examples.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import leibniz.autograd.Node;
import leibniz.autograd.Program;
import leibniz.core.Tensor;
import org.ejml.data.DMatrixRMaj;
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
 * W4: the Hessian-vector product of W1's loss with respect to the first layer's weights along a fixed
 * direction v, with the loss and the gradient it passes through: Leibniz differentiates its own
 * gradient graph; the hand-written side runs Pearlmutter's R-operator.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class W4Hvp {
    /** The threads the matrix products may use. */
    @Param({"1", "2"})
    public int threads;

    private Program program;
    private Map<Node, Tensor> feeds;
    private HandMlp hand;
    private DMatrixRMaj v;
    private DMatrixRMaj hv;

    /** Builds the second-order graph once. */
    @Setup(Level.Trial)
    public void prepare() {
        BenchThreads.use(threads);
        GraphMlp mlp = new GraphMlp();
        int[] s = Workloads.SIZES;
        program = mlp.hvp(Tensor.of(Workloads.direction(), s[0], s[1]));
        feeds = mlp.feeds;
        hand = new HandMlp(threads > 1);
        v = DMatrixRMaj.wrap(s[0], s[1], Workloads.direction());
        hv = new DMatrixRMaj(s[0], s[1]);
    }

    /** One run: loss, gradient and Hv. */
    @Benchmark
    public List<Tensor> leibniz() {
        return program.run(feeds);
    }

    /** The same by hand: forward, the W1 gradient and the R-operator pass. */
    @Benchmark
    public double ejml() {
        return hand.hvp(v, hv) + hv.data[0];
    }
}
