package leibniz.examples.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.SplittableRandom;
import leibniz.autograd.Node;
import leibniz.nn.Activation;
import leibniz.nn.Context;
import leibniz.nn.Linear;
import leibniz.nn.Losses;
import leibniz.nn.Module;
import leibniz.nn.Sequential;
import leibniz.optim.Adam;
import leibniz.optim.Dataset;
import leibniz.optim.History;
import leibniz.optim.Metrics;
import leibniz.optim.Objective;
import leibniz.optim.Pass;
import leibniz.optim.SparkData;
import leibniz.optim.SparkModel;
import leibniz.optim.SparkSweep;
import leibniz.optim.SparkSweepResults;
import leibniz.optim.SparkTrainer;
import leibniz.optim.SparkTrial;
import leibniz.optim.Trainer;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** README, "Scale out on Apache Spark": data-parallel training and a sweep on the three blobs, on local[2]. */
class SparkTest {
    @TempDir
    java.nio.file.Path dir;

    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", false)
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** The README's model: 4 features, 16 hidden, 3 classes, always drawn from the same seed. */
    static Sequential mlp() {
        SplittableRandom rng = new SplittableRandom(3);
        return Sequential.of(Linear.create(4, 16, rng), Activation.relu(), Linear.create(16, 3, rng));
    }

    static Dataset blobs(int n, long seed) {
        return TrainerTest.blobs(n, seed);
    }

    static Objective crossEntropy(Module net) {
        return (xb, yb, training) -> {
            Context c = training ? Context.training() : Context.evaluation();
            Node logits = net.forward(xb, c);
            return new Pass(Losses.crossEntropy(logits, yb), logits, c.updates());
        };
    }

    @Test
    void dataParallelTrainingGivesTheSingleMachineNumbers() {
        Dataset train = TrainerTest.blobs(1000, 1);
        Sequential local = mlp();
        History one = Trainer.builder().parameters(local.parameters()).objective(crossEntropy(local))
                .optimizer(Adam.create(1e-3)).epochs(5).batchSize(256).seed(42).metrics(Metrics.accuracy()).quiet()
                .build().fit(train);

        SparkModel recipe = () -> {                                   // what each executor builds, once
            Sequential net = mlp();
            return SparkModel.Replica.of(net.parameters(), net.buffers(), crossEntropy(net));
        };
        Sequential model = mlp();                                     // the driver's model: trained, then saved
        Trainer.Builder settings = Trainer.builder()
                .parameters(model.parameters()).buffers(model.buffers()).objective(crossEntropy(model))
                .optimizer(Adam.create(1e-3)).epochs(5).batchSize(256).seed(42).metrics(Metrics.accuracy());
        try (SparkTrainer trainer = SparkTrainer.of(spark, settings, recipe)) {
            History history = trainer.fit(SparkData.of(spark, train, 8));   // a Leibniz Dataset in 8 partitions
            // the same numbers as trainer.fit(train) on one machine, to rounding
        }
        assertEquals(one.last().step(), 5 * 4);
        // The driver's model ends where the single-machine run's does, to rounding.
        for (String name : model.parameters().keySet()) {
            double[] w = model.parameters().get(name).value().toArray();
            double[] v = local.parameters().get(name).value().toArray();
            for (int i = 0; i < w.length; i++) {
                assertEquals(v[i], w[i], 1e-12 * Math.max(1, Math.abs(v[i])), name);
            }
        }
    }

    @Test
    void aSweepRunsEveryConfigurationAsATask() throws IOException {
        SparkSweepResults results = SparkSweep.grid().values("learning_rate", 1e-2, 1e-3).seeds(1, 2)
                .run(spark, trial -> {                                // each run a task, on one machine
                    Dataset train = blobs(600, 1), test = blobs(200, 7);  // read where the task runs
                    Sequential net = mlp();
                    Trainer t = Trainer.builder().parameters(net.parameters()).objective(crossEntropy(net))
                            .optimizer(Adam.create(trial.number("learning_rate"))).epochs(3).batchSize(32)
                            .seed(trial.seed()).metrics(Metrics.accuracy()).quiet().build();
                    return SparkTrial.Outcome.of(t.fit(train), "test", t.evaluate(test));
                });
        results.runs().select("learning_rate", "seed", "loss", "test_accuracy").show();
        results.writeCsv(dir.resolve("sweep"));                      // sweep/runs.csv, sweep/history.csv

        assertEquals(4, results.list().size());
        assertTrue(results.list().stream().allMatch(SparkSweepResults.Run::ok));
        assertEquals(4 * 3, results.history().count());
        assertEquals(5, Files.readAllLines(dir.resolve("sweep").resolve("runs.csv")).size());
        double best = results.runs().agg(org.apache.spark.sql.functions.max("test_accuracy")).first().getDouble(0);
        assertTrue(best > 0.9, "best test accuracy " + best);
    }
}
