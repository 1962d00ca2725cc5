package leibniz.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Data-parallel training on {@code local[2]} against a {@link Trainer} on one machine: the same seed and batch
 * give the same loss curve, metrics and final parameters and buffers, bit for bit with one partition, to
 * rounding with several.
 */
class SparkTrainerTest {
    private static final Dataset TRAIN = SparkNet.data(90, 1);
    private static final Dataset VALIDATION = SparkNet.data(30, 2);
    @RegisterExtension
    static final LocalSpark SPARK = new LocalSpark(2);

    /** A run on one machine: the reference. */
    private static Result local(int epochs) {
        SparkNet net = new SparkNet(3);
        Trainer t = net.settings(epochs).validation(VALIDATION).build();
        return new Result(t.fit(TRAIN), net.values());
    }

    private static Result spark(int epochs, int partitions) {
        SparkNet net = new SparkNet(3);
        try (SparkTrainer t = SparkTrainer.of(SPARK.session(), net.settings(epochs).validation(VALIDATION),
                SparkNet.recipe(3))) {
            History h = t.fit(SparkData.of(SPARK.session(), TRAIN, partitions));
            assertEquals(h.last().step(), t.traffic().steps());
            // One broadcast per step: the values change at every step, and validation sends nothing.
            assertEquals(t.traffic().steps(), t.traffic().broadcasts());
            return new Result(h, net.values());
        }
    }

    private record Result(History history, Map<String, Tensor> values) {
    }

    @Test
    void onePartitionGivesTheLocalNumbersBitForBit() {
        Result one = local(2);
        Result dp = spark(2, 1);
        assertArrayEquals(one.history().series("loss"), dp.history().series("loss"));
        assertArrayEquals(one.history().series("val_loss"), dp.history().series("val_loss"));
        assertEquals(one.values(), dp.values());
    }

    @Test
    void threePartitionsGiveTheLocalNumbersToRounding() {
        Result one = local(3);
        Result dp = spark(3, 3);
        for (String series : new String[] {"loss", "accuracy", "val_loss", "val_accuracy", "step"}) {
            double[] a = one.history().series(series);
            double[] b = dp.history().series(series);
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], 1e-12 * Math.abs(a[i]), series + " of epoch " + (i + 1));
            }
        }
        double diff = SparkNet.relativeDifference(one.values(), dp.values());
        assertTrue(diff < 1e-12, "parameters and buffers differ by " + diff + " relative");
        assertEquals(one.values().get("steps"), dp.values().get("steps"));
    }
}
