package leibniz.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** A Spark session that is no longer running gets a sentence from everything that would use it. */
class SparkStoppedTest {
    private static final String STOPPED = "Spark: the session is stopped (its SparkContext was stopped); start one "
            + "with SparkSession.builder().getOrCreate() and build the data and the trainer on it";

    @Test
    void aStoppedSessionIsNamed() {
        SparkSession spark = SparkNet.session(1);
        SparkNet net = new SparkNet(1);
        SparkTrainer trainer = SparkTrainer.of(spark, net.settings(1), SparkNet.recipe(1));
        SparkData data = SparkData.of(spark, SparkNet.data(10, 1), 2);
        spark.stop();
        assertEquals(STOPPED, assertThrows(IllegalStateException.class, data::size).getMessage());
        assertEquals(STOPPED, assertThrows(IllegalStateException.class, () -> trainer.fit(data)).getMessage());
        assertEquals(STOPPED, assertThrows(IllegalStateException.class,
                () -> SparkData.of(spark, SparkNet.data(10, 1), 2)).getMessage());
        assertEquals(STOPPED, assertThrows(IllegalStateException.class,
                () -> SparkTrainer.of(spark, net.settings(1), SparkNet.recipe(1))).getMessage());
    }
}
