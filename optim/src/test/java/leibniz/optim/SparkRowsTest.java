package leibniz.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import leibniz.core.Tensor;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Training rows read from a Spark data frame on {@code local[4]}, one of whose partitions is empty, with a batch
 * size that the partition count does not divide: the same numbers as one machine on the collected rows; and the
 * sentences that bad rows get.
 */
class SparkRowsTest {
    private static final StructType SCHEMA = new StructType()
            .add("pixels", DataTypes.createArrayType(DataTypes.DoubleType), true)
            .add("digit", DataTypes.IntegerType, true);
    @RegisterExtension
    static final LocalSpark SPARK = new LocalSpark(4);
    private static JavaSparkContext jsc;

    @BeforeAll
    static void start() {
        jsc = JavaSparkContext.fromSparkContext(SPARK.session().sparkContext());
    }

    /** The rows of {@code data} in 5 partitions, the third of which is left empty, with their labels as integers. */
    private static org.apache.spark.sql.Dataset<Row> frame(List<Row> rows) {
        JavaRDD<Row> parts = jsc.parallelize(rows, 5).mapPartitionsWithIndex(
                (k, it) -> k == 2 ? Collections.emptyIterator() : it, true);
        return SPARK.session().createDataFrame(parts, SCHEMA);
    }

    private static List<Row> rows(Dataset data) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            double[] x = new double[4];
            for (int j = 0; j < 4; j++) {
                x[j] = data.features().get(i, j);
            }
            rows.add(RowFactory.create(x, (int) data.targets().get(i)));
        }
        return rows;
    }

    /** The frame's rows in partition order, as the trainer numbers them. */
    private static Dataset collected(org.apache.spark.sql.Dataset<Row> frame) {
        List<Row> rows = frame.collectAsList();
        double[] x = new double[rows.size() * 4];
        double[] y = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            List<Double> v = rows.get(i).getList(0);
            for (int j = 0; j < 4; j++) {
                x[i * 4 + j] = v.get(j);
            }
            y[i] = rows.get(i).getInt(1);
        }
        return Dataset.of(Tensor.of(x, rows.size(), 4), Tensor.of(y, rows.size()));
    }

    @Test
    void aDataFrameWithAnEmptyPartitionTrainsAsOneMachine() {
        org.apache.spark.sql.Dataset<Row> frame = frame(rows(SparkNet.data(70, 5)));
        SparkData data = SparkData.of(frame, "pixels", "digit").classes(3);
        assertEquals(56, data.size());
        assertEquals(5, data.partitions());

        SparkNet local = new SparkNet(4);
        // 56 rows (the third slice of 14 emptied) in batches of 16 over 4 non-empty partitions: uneven shares and a
        // short last batch.
        History one = local.settings(3).build().fit(collected(frame));
        SparkNet remote = new SparkNet(4);
        History dp;
        try (SparkTrainer t = SparkTrainer.of(SPARK.session(), remote.settings(3), SparkNet.recipe(4))) {
            dp = t.fit(data);
        }
        double[] a = one.series("loss");
        double[] b = dp.series("loss");
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 1e-12 * a[i], "loss of epoch " + (i + 1));
        }
        assertTrue(SparkNet.relativeDifference(local.values(), remote.values()) < 1e-12);
        data.unpersist();
    }

    @Test
    void rowsOfTheWrongWidthAreNamed() {
        List<Row> rows = rows(SparkNet.data(20, 6));
        rows.set(13, RowFactory.create(new double[] {1, 2, 3}, 1));
        SparkData data = SparkData.of(frame(rows), "pixels", "digit");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, data::size);
        // 20 rows in 5 slices of 4: row 13 is the second of the fourth slice (partition 3).
        assertEquals("SparkData: partition 3, row 1 (counted from 0 in the partition) has 3 features, expected 4 "
                + "as in the first row", e.getMessage());
    }

    @Test
    void labelsOutsideTheClassesAreNamed() {
        List<Row> rows = rows(SparkNet.data(20, 6));
        rows.set(5, RowFactory.create(new double[] {1, 2, 3, 4}, 3));
        SparkData data = SparkData.of(frame(rows), "pixels", "digit").classes(3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, data::size);
        assertEquals("SparkData: partition 1, row 1 (counted from 0 in the partition) has label 3.0, outside the "
                + "classes 0 to 2", e.getMessage());
    }

    @Test
    void withoutDeclaredClassesTheLossRefusesTheLabelInTheStep() {
        List<Row> rows = rows(SparkNet.data(20, 6));
        rows.set(5, RowFactory.create(new double[] {1, 2, 3, 4}, 7));
        SparkNet net = new SparkNet(4);
        try (SparkTrainer t = SparkTrainer.of(SPARK.session(), net.settings(1).batchSize(20), SparkNet.recipe(4))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> t.fit(SparkData.of(frame(rows), "pixels", "digit")));
            assertTrue(e.getMessage().startsWith("SparkTrainer: step 1 (epoch 1): partition 1: oneHot: "),
                    e.getMessage());
        }
    }

    @Test
    void missingColumnsAndNullsAreNamed() {
        org.apache.spark.sql.Dataset<Row> frame = frame(rows(SparkNet.data(20, 6)));
        assertEquals("SparkData: no column 'label' in [pixels, digit]", assertThrows(IllegalArgumentException.class,
                () -> SparkData.of(frame, "pixels", "label")).getMessage());
        List<Row> rows = rows(SparkNet.data(20, 6));
        rows.set(0, RowFactory.create(null, 1));
        assertEquals("SparkData: the first row has no value in column 'pixels'",
                assertThrows(IllegalArgumentException.class, () -> SparkData.of(frame(rows), "pixels", "digit"))
                        .getMessage());
    }

    @Test
    void validationRowsMustMatchTheSparkRows() {
        SparkNet net = new SparkNet(4);
        try (SparkTrainer t = SparkTrainer.of(SPARK.session(), net.settings(1).validation(ToyModels.blobs(5, 1)),
                SparkNet.recipe(4))) {
            assertEquals("Trainer: validation rows (features [2], targets [1]) differ from training rows (features "
                    + "[4], targets [])", assertThrows(IllegalArgumentException.class,
                    () -> t.fit(SparkData.of(SPARK.session(), SparkNet.data(20, 1), 2))).getMessage());
        }
    }
}
