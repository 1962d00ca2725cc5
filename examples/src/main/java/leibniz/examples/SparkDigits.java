package leibniz.examples;

import java.io.PrintStream;
import java.util.Locale;
import java.util.SplittableRandom;
import leibniz.core.DType;
import leibniz.nn.Module;
import leibniz.optim.History;
import leibniz.optim.SparkData;
import leibniz.optim.SparkModel;
import leibniz.optim.SparkTrainer;
import org.apache.spark.sql.SparkSession;

/**
 * {@code digits --spark}: the digits classifier trained data-parallel on Apache Spark with the settings of the
 * single-machine run, so it prints the same epoch lines. Loaded only when {@code --spark} is given, so
 * {@code leibniz-examples.jar} runs everything else without Spark on the class path.
 */
final class SparkDigits {
    private SparkDigits() {
    }

    /**
     * Training on {@code master} (a local or cluster master; empty for the one spark-submit gives, else
     * {@code local[2]}) in {@code partitions} partitions (0: the session's default parallelism), each executor
     * building the network {@code cnn ? cnn : mlp} in {@code dtype} from {@code seed}.
     */
    static Classifier.Fit fit(String master, int partitions, boolean cnn, DType dtype, long seed, PrintStream out) {
        // Made here, not in the lambda: without Spark on the class path this line fails, where the caller says so.
        SparkSession.Builder session = session(master);
        return (settings, train) -> {
            SparkSession spark = session.getOrCreate();
            try {
                int p = partitions > 0 ? partitions : spark.sparkContext().defaultParallelism();
                out.println("spark: master " + spark.sparkContext().master() + ", " + p + " partitions");
                SparkData rows = SparkData.of(spark, train, p);
                try (SparkTrainer trainer = SparkTrainer.of(spark, settings, recipe(cnn, dtype, seed))) {
                    History history = trainer.fit(rows);
                    SparkTrainer.Traffic t = trainer.traffic();
                    out.printf(Locale.ROOT, "spark: %d steps; per step %.1f kB broadcast to each executor, %.1f kB of "
                            + "row indices out, %.1f kB of gradients back%n", t.steps(),
                            t.broadcastBytes() / 1e3 / t.steps(), t.taskBytes() / 1e3 / t.steps(),
                            t.resultBytes() / 1e3 / t.steps());
                    rows.unpersist();
                    return new Classifier.Trained(trainer.trainer(), history);
                }
            } finally {
                spark.stop();
            }
        };
    }

    /** The digits network as each executor builds it: its values are replaced by the driver's before every step. */
    private static SparkModel recipe(boolean cnn, DType dtype, long seed) {
        return () -> {
            SplittableRandom rng = new SplittableRandom(seed);
            Module m = cnn ? Networks.cnn(8, 16, 32, 10, rng) : Networks.mlp(64, 128, 10, rng);
            m.to(dtype);
            return SparkModel.Replica.of(m.parameters(), m.buffers(), Classifier.crossEntropy(m));
        };
    }

    private static SparkSession.Builder session(String master) {
        SparkSession.Builder b = SparkSession.builder().appName("leibniz digits");
        boolean submitted = System.getProperty("spark.master") != null;
        String m = !master.isEmpty() ? master : submitted ? System.getProperty("spark.master") : "local[2]";
        if (m.startsWith("local")) {
            // No web UI for a run on this machine, bound to the loopback; spark-submit's settings apply on a cluster.
            b = b.config("spark.ui.enabled", false).config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1");
        }
        return b.master(m);
    }
}
