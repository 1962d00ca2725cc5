package leibniz.optim;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import leibniz.core.Shape;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Training rows spread over a Spark cluster for a {@link SparkTrainer}: a Spark {@code Dataset<Row>} with a
 * features column and a label column, an RDD of {@link Example}s, or a Leibniz {@link Dataset} that this class
 * parallelizes. The rows are read once, checked, and cached on the executors as one block per partition; row i
 * of the data is row i of the partitions taken in order (a {@code collect()} lists them so), and a trainer with
 * the same seed visits the rows in the same order as a {@link Trainer} on the collected rows.
 *
 * <pre>{@code
 * SparkData rows = SparkData.of(frame, "pixels", "digit").featureShape(1, 8, 8).classes(10);
 * SparkData same = SparkData.of(spark, train, 4);   // a Leibniz Dataset cut into 4 partitions
 * }</pre>
 *
 * <p>The partitioning must be deterministic (as files, a parallelized collection or a sort give it): a block
 * that an executor loses is recomputed from its lineage and must hold the same rows. A partition may be
 * empty: it holds no row and contributes nothing to any step. One thread at a time: the first use prepares
 * the blocks.
 */
public final class SparkData {
    /** Reads the rows into checked blocks, one per partition, given the widths (and classes) to check. */
    private final java.util.function.Function<SparkBlock.Widths, JavaRDD<SparkBlock>> read;
    private final SparkContext context;
    private final int partitions;
    private final int[] featureRow;
    private final int[] targetRow;
    private final int classes;
    private JavaRDD<SparkBlock> blocks;
    private long[] offsets;
    private int rows;

    private SparkData(java.util.function.Function<SparkBlock.Widths, JavaRDD<SparkBlock>> read, SparkContext context,
            int partitions, int[] featureRow, int[] targetRow, int classes) {
        this.read = read;
        this.context = context;
        this.partitions = partitions;
        this.featureRow = featureRow;
        this.targetRow = targetRow;
        this.classes = classes;
    }

    /** One row: its features, flat, and its target (a single label, or a vector). */
    public record Example(double[] features, double[] target) implements Serializable {
        /** Checks that both are present and non-empty. */
        public Example {
            if (features == null || target == null || features.length == 0 || target.length == 0) {
                throw new IllegalArgumentException("SparkData.Example: needs features and a target, both non-empty");
            }
        }

        /** A row whose target is one number, such as a class index. */
        public static Example of(double[] features, double label) {
            return new Example(features, new double[] {label});
        }
    }

    /**
     * {@code data} cut into {@code partitions} slices of consecutive rows (the first ones one row longer when
     * the rows do not divide evenly). The dataset reaches every executor once as a broadcast, from which each
     * partition takes its slice, so a lost block is rebuilt without the driver sending it again.
     */
    public static SparkData of(SparkSession spark, Dataset data, int partitions) {
        JavaSparkContext jsc = context(spark);
        if (data == null) {
            throw new IllegalArgumentException("SparkData: a dataset is required");
        }
        if (partitions <= 0) {
            throw new IllegalArgumentException("SparkData: partitions must be positive, got " + partitions);
        }
        int[] fx = data.features().shape().without(0).dims();
        int[] fy = data.targets().shape().without(0).dims();
        int n = data.size();
        Broadcast<SparkBlock> all = jsc.broadcast(new SparkBlock(n, data.features().toArray(),
                data.targets().toArray()));
        List<Integer> slices = new ArrayList<>();
        for (int k = 0; k < partitions; k++) {
            slices.add(k);
        }
        return new SparkData(widths -> jsc.parallelize(slices, partitions).mapPartitionsWithIndex((k, it) -> {
            long from = (long) n * k / partitions;
            long to = (long) n * (k + 1) / partitions;
            SparkBlock slice = all.value().slice((int) from, (int) to, widths.features(), widths.targets());
            slice.checkLabels(k, widths.classes());
            return List.of(slice).iterator();
        }, true), jsc.sc(), partitions, fx, fy, 0);
    }

    /**
     * The rows of a Spark data frame: {@code features} names a column of numeric arrays (all of one length),
     * {@code label} a numeric column (a class index or a value) or a column of numeric arrays (a target
     * vector). Features are vectors unless {@link #featureShape} says otherwise.
     */
    public static SparkData of(org.apache.spark.sql.Dataset<Row> frame, String features, String label) {
        if (frame == null || features == null || label == null) {
            throw new IllegalArgumentException("SparkData: a data frame and the names of its features and label "
                    + "columns are required");
        }
        context(frame.sparkSession());
        List<String> columns = Arrays.asList(frame.columns());
        for (String c : List.of(features, label)) {
            if (!columns.contains(c)) {
                throw new IllegalArgumentException("SparkData: no column '" + c + "' in " + columns);
            }
        }
        int fi = columns.indexOf(features);
        int li = columns.indexOf(label);
        return of(frame.javaRDD(), row -> example(row, fi, li, features, label));
    }

    /** The rows of an RDD of examples; features are vectors unless {@link #featureShape} says otherwise. */
    public static SparkData of(JavaRDD<Example> examples) {
        if (examples == null) {
            throw new IllegalArgumentException("SparkData: an RDD of examples is required");
        }
        return of(examples, e -> {
            if (e == null) {
                throw new IllegalArgumentException("is null");
            }
            return e;
        });
    }

    private static <T> SparkData of(JavaRDD<T> elements, Function<T, Example> example) {
        if (elements.context().isStopped()) {
            throw stopped();
        }
        Example first;
        try {
            List<T> head = elements.take(1);
            if (head.isEmpty()) {
                throw new IllegalArgumentException("SparkData: no rows in " + elements.getNumPartitions()
                        + " partitions");
            }
            first = example.call(head.get(0));
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith("SparkData") ? e
                    : new IllegalArgumentException("SparkData: the first row " + e.getMessage(), e);
        } catch (Exception e) {
            throw SparkFailure.of("SparkData: reading the first row", e);
        }
        int[] fx = {first.features().length};
        int[] fy = first.target().length == 1 ? new int[0] : new int[] {first.target().length};
        return new SparkData(widths -> elements.mapPartitionsWithIndex((k, it) -> List.of(SparkBlock.of(k, it,
                example, widths)).iterator(), true), elements.context(), elements.getNumPartitions(), fx, fy,
                0);
    }

    /**
     * These rows with features of shape {@code dims} each (their product must be the features' length), for
     * example {@code 1, 8, 8} for the images of a convolutional network; the trainer's batches are then
     * {@code [B, 1, 8, 8]}.
     */
    public SparkData featureShape(int... dims) {
        refusePrepared("featureShape");
        Shape s = Shape.of(dims);
        int width = Shape.of(featureRow).size();
        if (s.size() != width) {
            throw new IllegalArgumentException("SparkData.featureShape: " + s + " holds " + s.size()
                    + " values, but the rows have " + width + " features");
        }
        return new SparkData(read, context, partitions, s.dims(), targetRow, classes);
    }

    /**
     * These rows, each checked when it is read to have a label that is a class index from 0 to
     * {@code classes − 1}; a row outside is refused with a sentence naming its partition and row.
     */
    public SparkData classes(int classes) {
        refusePrepared("classes");
        if (classes <= 0) {
            throw new IllegalArgumentException("SparkData.classes: must be positive, got " + classes);
        }
        if (Shape.of(targetRow).size() != 1) {
            throw new IllegalArgumentException("SparkData.classes: the targets are vectors " + Shape.of(targetRow)
                    + ", not class labels");
        }
        return new SparkData(read, context, partitions, featureRow, targetRow, classes);
    }

    private void refusePrepared(String op) {
        if (blocks != null) {
            throw new IllegalStateException("SparkData." + op + ": the rows are already cached; call it before "
                    + "training");
        }
    }

    /** The number of rows N, reading and caching the rows on first use. */
    public int size() {
        prepare();
        return rows;
    }

    /** The number of partitions. */
    public int partitions() {
        return partitions;
    }

    /** The shape of one row's features, e.g. {@code [64]} or {@code [1, 8, 8]}. */
    public Shape featureShape() {
        return Shape.of(featureRow);
    }

    /** The shape of one row's target: {@code []} for a label, {@code [k]} for a vector. */
    public Shape targetShape() {
        return Shape.of(targetRow);
    }

    /** Drops the cached blocks from the executors; the next use reads the rows again. */
    public void unpersist() {
        if (blocks != null) {
            blocks.unpersist(false);
            blocks = null;
        }
    }

    /** The cached blocks, one per partition, reading and checking the rows on first use. */
    JavaRDD<SparkBlock> blocks() {
        prepare();
        return blocks;
    }

    /** The index of the first row of each partition, and N at the end. */
    long[] offsets() {
        prepare();
        return offsets.clone();
    }

    private void prepare() {
        if (blocks != null) {
            return;
        }
        if (context.isStopped()) {
            throw stopped();
        }
        JavaRDD<SparkBlock> cached = read.apply(new SparkBlock.Widths(Shape.of(featureRow).size(),
                Shape.of(targetRow).size(), classes));
        cached.persist(StorageLevel.MEMORY_AND_DISK());
        List<Integer> counts;
        try {
            counts = cached.map(SparkBlock::rows).collect();
        } catch (Exception e) {
            cached.unpersist(false);
            throw SparkFailure.of("SparkData", e);
        }
        long[] off = new long[counts.size() + 1];
        for (int k = 0; k < counts.size(); k++) {
            off[k + 1] = off[k] + counts.get(k);
        }
        long n = off[counts.size()];
        if (n == 0 || n > Integer.MAX_VALUE) {
            cached.unpersist(false);
            throw new IllegalArgumentException("SparkData: " + (n == 0 ? "no rows" : n + " rows, more than a trainer "
                    + "counts (" + Integer.MAX_VALUE + ")") + " in " + counts.size() + " partitions");
        }
        blocks = cached;
        offsets = off;
        rows = (int) n;
    }

    /** A data frame's row as an example: numbers, or arrays of numbers, in the two columns. */
    private static Example example(Row row, int features, int label, String featuresName, String labelName) {
        double[] x = numbers(row.get(features), featuresName);
        Object y = row.get(label);
        return new Example(x, y instanceof Number v ? new double[] {v.doubleValue()} : numbers(y, labelName));
    }

    private static double[] numbers(Object value, String column) {
        if (value == null) {
            throw new IllegalArgumentException("has no value in column '" + column + "'");
        }
        List<?> list;
        if (value instanceof scala.collection.Seq<?> seq) {
            list = scala.jdk.javaapi.CollectionConverters.asJava(seq);
        } else if (value instanceof List<?> l) {
            list = l;
        } else {
            throw new IllegalArgumentException("has " + value.getClass().getSimpleName() + " in column '" + column
                    + "', expected an array of numbers");
        }
        double[] out = new double[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Number v)) {
                throw new IllegalArgumentException("has " + (list.get(i) == null ? "null" : list.get(i)) + " at "
                        + "position " + i + " of column '" + column + "', expected a number");
            }
            out[i] = v.doubleValue();
        }
        return out;
    }

    static JavaSparkContext context(SparkSession spark) {
        if (spark == null) {
            throw new IllegalArgumentException("Spark: a SparkSession is required");
        }
        if (spark.sparkContext().isStopped()) {
            throw stopped();
        }
        return JavaSparkContext.fromSparkContext(spark.sparkContext());
    }

    static IllegalStateException stopped() {
        return new IllegalStateException("Spark: the session is stopped (its SparkContext was stopped); start one "
                + "with SparkSession.builder().getOrCreate() and build the data and the trainer on it");
    }
}
