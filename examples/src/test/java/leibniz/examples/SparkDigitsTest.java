package leibniz.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code digits --spark local[2]} prints the epoch lines of the single-machine run (loss, accuracy, validation,
 * learning rate: every number but the seconds) and ends with the same test accuracy, with three partitions.
 */
class SparkDigitsTest {
    @TempDir
    Path dir;

    /** The epoch lines of a run, without their last field (the seconds, which differ). */
    private static List<String> epochs(Cli r) {
        return r.out().lines().filter(l -> l.startsWith("epoch ")).map(l -> l.substring(0, l.lastIndexOf(',')))
                .toList();
    }

    @Test
    void aDataParallelRunPrintsTheSingleMachineCurve() throws IOException {
        Cli local = Cli.run("digits", "--epochs", "1", "--out", dir.resolve("local").toString());
        Cli spark = Cli.run("digits", "--epochs", "1", "--spark", "local[2]", "--partitions", "3", "--out",
                dir.resolve("spark").toString());
        assertEquals(0, spark.status(), spark.err());
        assertTrue(spark.out().contains("spark: master local[2], 3 partitions"), spark.out());
        assertEquals(1, epochs(local).size(), local.out());
        assertEquals(epochs(local), epochs(spark));
        Map<String, Object> a = RunOutputs.metrics(dir.resolve("local"));
        Map<String, Object> b = RunOutputs.metrics(dir.resolve("spark"));
        double test = RunOutputs.number(a, "final", "test", "accuracy");
        assertEquals(test, RunOutputs.number(b, "final", "test", "accuracy"), 1e-12);
        assertEquals(RunOutputs.number(a, "final", "test", "loss"), RunOutputs.number(b, "final", "test", "loss"),
                1e-12);
    }
}
