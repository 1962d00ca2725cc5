package leibniz.examples.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import leibniz.autograd.Autograd;
import leibniz.autograd.Node;
import leibniz.autograd.Program;
import leibniz.core.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * W4's Hessian-vector product (the W1 loss, the first layer's weights, direction v) two ways: forward over
 * reverse ({@link Autograd#hvp}: the JVP of the gradient along v) and reverse over reverse (the gradient of
 * {@code <∂L/∂W1, v>}, which W4 spells out). One thread; programs prepared once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HvpModes {
    private Program forwardOverReverse;
    private Program reverseOverReverse;
    private Map<Node, Tensor> feeds;

    /** Builds both programs. */
    @Setup(Level.Trial)
    public void prepare() {
        BenchThreads.use(1);
        GraphMlp mlp = new GraphMlp();
        Node w1 = mlp.firstWeight().node();
        Node v = mlp.direction();
        feeds = mlp.feeds;
        forwardOverReverse = Program.of(Autograd.hvp(mlp.loss, w1, v));
        Node g = Autograd.grad(mlp.loss, w1).get(0);
        reverseOverReverse = Program.of(Autograd.grad(g.mul(v).sum(), w1).get(0));
    }

    /** Hv as the JVP of the gradient. */
    @Benchmark
    public List<Tensor> forwardOverReverse() {
        return forwardOverReverse.run(feeds);
    }

    /** Hv as the gradient of the gradient's projection. */
    @Benchmark
    public List<Tensor> reverseOverReverse() {
        return reverseOverReverse.run(feeds);
    }
}
