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
 * Forward mode on W1's network: the loss alone (the forward pass), the loss with its JVP along a direction T
 * of the first layer's weights by forward mode ({@link Autograd#jvp}), and the same JVP by the double-VJP
 * trick that {@code jvp} used before forward mode (a reverse pass with a dummy cotangent u, then a reverse
 * pass of {@code <vjp(u), T>} in u). One thread; each a program prepared once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JvpW1 {
    private Program forward;
    private Program jvp;
    private Program doubleVjp;
    private Map<Node, Tensor> feeds;

    /** Builds the three programs. */
    @Setup(Level.Trial)
    public void prepare() {
        BenchThreads.use(1);
        GraphMlp mlp = new GraphMlp();
        Node w1 = mlp.firstWeight().node();
        Node t = mlp.direction();
        feeds = mlp.feeds;
        forward = Program.of(mlp.loss);
        jvp = Program.of(mlp.loss, Autograd.jvp(mlp.loss, List.of(w1), List.of(t)));
        Node u = Node.constant(Tensor.zeros(mlp.loss.shape()));
        Node pulled = Autograd.vjp(mlp.loss, List.of(w1), u).get(0);
        doubleVjp = Program.of(mlp.loss, Autograd.grad(pulled.mul(t).sum(), u).get(0));
    }

    /** The loss: the W1 forward pass. */
    @Benchmark
    public List<Tensor> forward() {
        return forward.run(feeds);
    }

    /** The loss and its tangent, forward mode. */
    @Benchmark
    public List<Tensor> jvp() {
        return jvp.run(feeds);
    }

    /** The loss and its tangent by the double-VJP trick. */
    @Benchmark
    public List<Tensor> doubleVjp() {
        return doubleVjp.run(feeds);
    }
}
