package leibniz.examples.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import leibniz.nn.Losses;
import leibniz.optim.Dataset;
import leibniz.optim.History;
import leibniz.optim.Objective;
import leibniz.optim.Pass;
import leibniz.optim.Sgd;
import leibniz.optim.Trainer;
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
 * What the trainer's online gradient check costs at {@code gradientCheck(100, ...)}: one epoch of 100 SGD
 * steps of W1's MLP (784-256-256-10, batch 64, float64, one thread) from the same weights, without the check
 * and with it every 100 steps (so once, before the first step), and every step: on a loaded machine the
 * overhead at 100 hides in the noise, while every step gives the cost of one check times 100. Each invocation
 * builds a fresh trainer, so every side also compiles its program and lints the first batch once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class OnlineCheckCost {
    private static final int STEPS = 100;

    /** Steps between checks; 0 for none; 1 checks every step, which measures one check's cost above the noise. */
    @Param({"0", "1", "100"})
    public int every;

    private Dataset data;
    private final List<Tensor> initial = new ArrayList<>();
    private Trainer trainer;

    /** The data (100 batches of W1's) and the initial weights, once. */
    @Setup(Level.Trial)
    public void data() {
        BenchThreads.use(1);
        int[] s = Workloads.SIZES;
        int rows = STEPS * Workloads.BATCH;
        double[] x = new double[rows * s[0]];
        double[] y = new double[rows * s[3]];
        for (int k = 0; k < STEPS; k++) {
            System.arraycopy(Workloads.input(k), 0, x, k * Workloads.BATCH * s[0], Workloads.BATCH * s[0]);
            System.arraycopy(Workloads.oneHotLabels(k), 0, y, k * Workloads.BATCH * s[3], Workloads.BATCH * s[3]);
        }
        data = Dataset.of(Tensor.of(x, rows, s[0]), Tensor.of(y, rows, s[3]));
        for (int l = 0; l < 3; l++) {
            initial.add(Tensor.of(Workloads.weight(l, 1), s[l], s[l + 1]));
        }
    }

    /** A fresh model at the initial weights and a fresh trainer, before each epoch. */
    @Setup(Level.Invocation)
    public void trainer() {
        List<Parameter> ws = new ArrayList<>();
        List<Parameter> bs = new ArrayList<>();
        Map<String, Parameter> named = new LinkedHashMap<>();
        for (int l = 0; l < 3; l++) {
            ws.add(Parameter.of("layers." + l + ".weight", initial.get(l)));
            bs.add(Parameter.of("layers." + l + ".bias", Tensor.zeros(Shape.of(Workloads.SIZES[l + 1]))));
            named.put(ws.get(l).name(), ws.get(l));
            named.put(bs.get(l).name(), bs.get(l));
        }
        Objective mlp = (x, y, training) -> {
            Node h = x;
            for (int l = 0; l < 3; l++) {
                h = h.matmul(ws.get(l).node()).add(bs.get(l).node());
                h = l < 2 ? h.relu() : h;
            }
            return Pass.of(Losses.crossEntropy(h, y), h);
        };
        Trainer.Builder b = Trainer.builder().parameters(named).objective(mlp).optimizer(Sgd.create(Workloads.LR))
                .epochs(1).batchSize(Workloads.BATCH).shuffle(false).quiet();
        trainer = (every > 0 ? b.gradientCheck(every, 1e-3) : b).build();
    }

    /** One epoch: 100 training steps. */
    @Benchmark
    public History epoch() {
        return trainer.fit(data);
    }
}
