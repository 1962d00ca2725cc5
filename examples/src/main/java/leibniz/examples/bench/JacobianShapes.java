package leibniz.examples.bench;

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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The Jacobian of {@code y = tanh(A x) ⊙ (A x)} by forward mode ({@link Autograd#jacfwd}, one column per input
 * element) and by reverse mode ({@link Autograd#jacobian}, one row per output element), for a tall map
 * R^4 → R^1000 and a wide one R^1000 → R^4: each mode is the cheap one where its count is the small one.
 * One thread; programs prepared once, x fed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JacobianShapes {
    /** {@code tall}: R^4 → R^1000; {@code wide}: R^1000 → R^4. */
    @Param({"tall", "wide"})
    public String shape;

    private Program forward;
    private Program reverse;
    private Map<Node, Tensor> feeds;

    /** Builds both programs for the shape. */
    @Setup(Level.Trial)
    public void prepare() {
        BenchThreads.use(1);
        int in = shape.equals("tall") ? 4 : 1000;
        int out = shape.equals("tall") ? 1000 : 4;
        Node x = Node.placeholder("x", in);
        Node ax = Node.constant(Tensor.of(Workloads.uniform(in * out, 3, -1, 1), out, in)).matmul(x);
        Node y = ax.tanh().mul(ax);
        forward = Program.of(Autograd.jacfwd(y, x));
        reverse = Program.of(Autograd.jacobian(y, x));
        feeds = Map.of(x, Tensor.of(Workloads.uniform(in, 4, -1, 1), in));
    }

    /** jacfwd: [out, in] by forward mode. */
    @Benchmark
    public Tensor jacfwd() {
        return forward.run(feeds).get(0);
    }

    /** jacobian: [out, in] by reverse mode. */
    @Benchmark
    public Tensor jacobian() {
        return reverse.run(feeds).get(0);
    }
}
