package leibniz.examples.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import leibniz.autograd.Node;
import leibniz.core.Tensor;
import leibniz.nn.Activation;
import leibniz.nn.Context;
import leibniz.nn.Linear;
import leibniz.nn.Losses;
import leibniz.nn.Module;
import leibniz.nn.Sequential;
import leibniz.optim.Dataset;
import leibniz.optim.History;
import leibniz.optim.Objective;
import leibniz.optim.Pass;
import leibniz.optim.Sgd;
import leibniz.optim.SparkData;
import leibniz.optim.SparkModel;
import leibniz.optim.SparkTrainer;
import leibniz.optim.Trainer;
import org.apache.spark.sql.SparkSession;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The cost of one data-parallel training step on Spark against the same step on one machine: one SGD step on a
 * batch of 256 of the digits MLP (64-128-10) and of W1's MLP (784-256-256-10), as a {@link Trainer} runs it
 * and as a {@link SparkTrainer} on {@code local[2]} with 2 partitions runs it (broadcast, one job, the shares
 * summed on the driver, the update). Each benchmark call is one epoch of exactly one step of a trainer that
 * stops after every epoch, so the programs and the executors' replicas are warm.
 *
 * <p>Spark is not in leibniz-benchmarks.jar: run it through the examples' spark profile, which puts Spark on
 * the class path, e.g. {@code -Dspark.main=org.openjdk.jmh.Main -Dspark.args="SparkStep -f 1"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-XX:+IgnoreUnrecognizedVMOptions", "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED",
    "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
    "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
    "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED", "-Djdk.reflect.useDirectMethodHandle=false",
    "-Dio.netty.tryReflectionSetAccessible=true"})
public class SparkStep {
    private static final int BATCH = 256;

    /** The network: {@code digits} (64-128-10) or {@code w1} (784-256-256-10). */
    @Param({"digits", "w1"})
    public String model;

    /** Where the step runs: {@code local} (a Trainer) or {@code spark} (a SparkTrainer on local[2]). */
    @Param({"local", "spark"})
    public String where;

    private SparkSession spark;
    private SparkTrainer sparkTrainer;
    private Trainer trainer;
    private SparkData rows;
    private Dataset batch;

    @Setup(Level.Trial)
    public void prepare() {
        int[] sizes = model.equals("w1") ? new int[] {784, 256, 256, 10} : new int[] {64, 128, 10};
        SplittableRandom r = new SplittableRandom(5);
        double[] labels = new double[BATCH];
        for (int i = 0; i < BATCH; i++) {
            labels[i] = r.nextInt(10);
        }
        batch = Dataset.of(Tensor.normal(3, 0, 1, BATCH, sizes[0]), Tensor.of(labels, BATCH));
        Sequential net = mlp(sizes);
        // Every call of fit runs the next epoch, one step of the whole batch, and stops.
        Trainer.Builder settings = Trainer.builder().parameters(net.parameters()).buffers(net.buffers())
                .objective(crossEntropy(net)).optimizer(Sgd.create(0.01)).epochs(Integer.MAX_VALUE)
                .batchSize(BATCH).callbacks((t, e) -> true).quiet();
        if (where.equals("spark")) {
            spark = SparkSession.builder().master("local[2]").appName("leibniz bench")
                    .config("spark.ui.enabled", false).config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
            spark.sparkContext().setLogLevel("ERROR");
            rows = SparkData.of(spark, batch, 2);
            sparkTrainer = SparkTrainer.of(spark, settings, recipe(sizes));
        } else {
            trainer = settings.build();
        }
    }

    private static Sequential mlp(int[] sizes) {
        SplittableRandom rng = new SplittableRandom(1);
        List<Module> layers = new ArrayList<>();
        for (int l = 0; l < sizes.length - 1; l++) {
            layers.add(Linear.create(sizes[l], sizes[l + 1], rng));
            if (l < sizes.length - 2) {
                layers.add(Activation.relu());
            }
        }
        return Sequential.of(layers.toArray(Module[]::new));
    }

    private static Objective crossEntropy(Sequential net) {
        return (x, y, training) -> {
            Context ctx = training ? Context.training() : Context.evaluation();
            Node logits = net.forward(x, ctx);
            return new Pass(Losses.crossEntropy(logits, y), logits, ctx.updates());
        };
    }

    private static SparkModel recipe(int[] sizes) {
        return () -> {
            Sequential net = mlp(sizes);
            return SparkModel.Replica.of(net.parameters(), net.buffers(), crossEntropy(net));
        };
    }

    /** One training step of the batch of 256. */
    @Benchmark
    public History step() {
        return where.equals("spark") ? sparkTrainer.fit(rows) : trainer.fit(batch);
    }

    @TearDown(Level.Trial)
    public void report() {
        if (sparkTrainer != null) {
            SparkTrainer.Traffic t = sparkTrainer.traffic();
            System.out.printf(Locale.ROOT, "%n%s on spark: %d steps, per step %.1f kB broadcast (to each executor), "
                    + "%.1f kB of row indices to the tasks, %.1f kB of shares back%n", model, t.steps(),
                    t.broadcastBytes() / 1e3 / t.steps(), t.taskBytes() / 1e3 / t.steps(),
                    t.resultBytes() / 1e3 / t.steps());
            sparkTrainer.close();
            spark.stop();
        }
    }
}
