package leibniz.examples.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import leibniz.autograd.Autograd;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.autograd.PerSample;
import leibniz.autograd.Program;
import leibniz.core.DType;
import leibniz.core.Tensor;
import leibniz.nn.Losses;
import leibniz.nn.Reduction;
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
 * Per-sample gradients of W1's network at batch 64, every parameter: one ordinary batch gradient (the
 * baseline), the per-sample gradients by {@link PerSample} (vmap of grad: one batched graph), the Jacobian
 * of the 64 losses by {@link Autograd#jacobian} (itself a vmap, over 64 cotangents of the whole batch), and
 * the route before vmap: 64 VJPs, one per example's loss, stacked; in float64 and float32. The per-sample
 * gradients hold 64 copies of the parameters (138 MB in float64), so {@link #floor} allocates and fills
 * that much memory and nothing else: what writing any such result costs on the machine. One thread;
 * programs prepared once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PerSampleW1 {
    /** The element type of the parameters, the data and every intermediate. */
    @Param({"F64", "F32"})
    public DType dtype;

    private Program batchGradient;
    private Program perSample;
    private Program jacobian;
    private Program vjps;
    private Map<Node, Tensor> feeds;
    private int[] sizes;

    /** Builds the four programs. */
    @Setup(Level.Trial)
    public void prepare() {
        BenchThreads.use(1);
        GraphMlp mlp = new GraphMlp(dtype);
        List<Parameter> ps = mlp.parameters();
        feeds = mlp.feeds;
        sizes = ps.stream().mapToInt(p -> Workloads.BATCH * p.shape().size()).toArray();
        batchGradient = Program.of(Autograd.gradients(mlp.loss, ps));
        perSample = Program.of(PerSample.gradients(ex -> Losses.crossEntropy(mlp.logits(ex.get(0)), ex.get(1)), ps,
                List.of(mlp.x, mlp.y)));
        Node losses = Losses.crossEntropy(mlp.logits(mlp.x), mlp.y, Reduction.NONE);
        List<Node> jacobians = new ArrayList<>();
        for (Parameter p : ps) {
            jacobians.add(Autograd.jacobian(losses, p.node()));
        }
        jacobian = Program.of(jacobians);
        List<Node> stacked = new ArrayList<>();
        List<List<Node>> rows = new ArrayList<>();
        for (int i = 0; i < Workloads.BATCH; i++) {
            double[] e = new double[Workloads.BATCH];
            e[i] = 1;
            rows.add(Autograd.vjp(losses, nodes(ps), Node.constant(Tensor.vector(e).to(dtype))));
        }
        for (int p = 0; p < ps.size(); p++) {
            Node[] parts = new Node[Workloads.BATCH];
            for (int i = 0; i < parts.length; i++) {
                parts[i] = rows.get(i).get(p);
            }
            stacked.add(Node.stack(0, parts));
        }
        vjps = Program.of(stacked);
    }

    private static List<Node> nodes(List<Parameter> ps) {
        List<Node> n = new ArrayList<>();
        ps.forEach(p -> n.add(p.node()));
        return n;
    }

    /** The gradient of the mean loss: one backward pass. */
    @Benchmark
    public List<Tensor> batchGradient() {
        return batchGradient.run(feeds);
    }

    /** The gradient of each example's loss, [64, ...] per parameter, by vmap of grad. */
    @Benchmark
    public List<Tensor> perSample() {
        return perSample.run(feeds);
    }

    /** The same numbers as the Jacobian of the 64 losses, [64, ...] per parameter. */
    @Benchmark
    public List<Tensor> jacobian() {
        return jacobian.run(feeds);
    }

    /** Arrays of the per-sample gradients' sizes, allocated and filled: the cost of the memory alone. */
    @Benchmark
    public Object floor() {
        Object[] out = new Object[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            if (dtype == DType.F32) {
                float[] a = new float[sizes[i]];
                Arrays.fill(a, 1f);
                out[i] = a;
            } else {
                double[] a = new double[sizes[i]];
                Arrays.fill(a, 1);
                out[i] = a;
            }
        }
        return out;
    }

    /** The same numbers by 64 VJPs, one per example's loss. */
    @Benchmark
    public List<Tensor> sixtyFourVjps() {
        return vjps.run(feeds);
    }
}
