package leibniz.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sweeps on {@code local[2]}: every configuration with every seed runs as its own task, each a whole training
 * run on one machine with the numbers of the same run made here; a failing run is recorded, not fatal; the
 * results come back as data frames and CSV files.
 */
class SparkSweepTest {
    @RegisterExtension
    static final LocalSpark SPARK = new LocalSpark(2);

    @TempDir
    Path dir;

    /** {@link SparkNet} trained for 2 epochs with the trial's learning rate and seed, evaluated on held-out rows. */
    private static SparkTrial.Outcome experiment(SparkTrial trial) {
        SparkNet net = new SparkNet(trial.seed());
        Trainer t = net.settings(2).optimizer(Adam.create(trial.number("learning_rate"))).seed(trial.seed())
                .build();
        return SparkTrial.Outcome.of(t.fit(SparkNet.data(48, 3)), "test", t.evaluate(SparkNet.data(20, 4)));
    }

    @Test
    void aGridRunsEveryConfigurationWithEverySeed() throws IOException {
        SparkSweep sweep = SparkSweep.grid().values("learning_rate", 0.05, -1.0).values("optimizer", "adam")
                .seeds(1, 2);
        SparkSweepResults results = sweep.run(SPARK.session(), SparkSweepTest::experiment);
        List<SparkSweepResults.Run> runs = results.list();
        assertEquals(4, runs.size());
        assertEquals(List.of(0.05, 0.05, -1.0, -1.0),
                runs.stream().map(r -> r.trial().number("learning_rate")).toList());
        assertEquals(List.of(1L, 2L, 1L, 2L), runs.stream().map(r -> r.trial().seed()).toList());
        // The executor's run is the run made here, to the bit.
        SparkTrial.Outcome here = experiment(runs.get(1).trial());
        assertEquals(here.metrics(), runs.get(1).metrics());
        assertEquals(here.history().last().values().get("loss"), runs.get(1).epochs().get(1).get("loss"));
        assertEquals("failed: IllegalArgumentException: Adam: learning rate must be a finite non-negative number, got -1.0",
                runs.get(2).status());

        org.apache.spark.sql.Dataset<Row> table = results.runs();
        assertEquals(List.of("run", "learning_rate", "optimizer", "seed", "status", "epoch", "step", "loss", "accuracy",
                "lr", "batch_size", "steps", "seconds", "test_loss", "test_accuracy"), List.of(table.columns()));
        assertEquals(2, table.filter("status = 'ok'").count());
        assertEquals(4, results.history().count());

        results.writeCsv(dir);
        List<String> csv = Files.readAllLines(dir.resolve("runs.csv"));
        assertEquals(5, csv.size());
        assertTrue(csv.get(3).startsWith("2,-1,adam,1,\"failed: IllegalArgumentException: Adam: learning rate must be"), csv.get(3));
        assertEquals(5, Files.readAllLines(dir.resolve("history.csv")).size());
    }

    @Test
    void aRandomSearchDrawsTheSameConfigurationsFromTheSameSeed() {
        SparkSweep a = SparkSweep.random(3, 42).logUniform("learning_rate", 1e-3, 1e-1).integers("hidden", 8, 64)
                .choice("optimizer", "adam", "sgd");
        SparkSweep b = SparkSweep.random(3, 42).logUniform("learning_rate", 1e-3, 1e-1).integers("hidden", 8, 64)
                .choice("optimizer", "adam", "sgd");
        assertEquals(a.trials(), b.trials());
        for (SparkTrial t : a.trials()) {
            assertTrue(t.number("learning_rate") >= 1e-3 && t.number("learning_rate") < 1e-1, t.toString());
            assertTrue(t.integer("hidden") >= 8 && t.integer("hidden") <= 64, t.toString());
        }
        assertEquals("SparkSweep.values: belongs to a grid sweep, this is a random search",
                assertThrows(IllegalArgumentException.class, () -> a.values("x", 1)).getMessage());
    }
}
