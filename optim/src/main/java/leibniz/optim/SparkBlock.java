package leibniz.optim;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import org.apache.spark.api.java.function.Function;

/**
 * One partition's training rows as a {@link SparkData} caches them on an executor: the features and the
 * targets of its rows, row-major in two flat arrays. A step gathers the rows it needs from here, so the data
 * is read once and stays where it is.
 */
record SparkBlock(int rows, double[] features, double[] targets) implements Serializable {
    /** The widths a partition's rows must have, and the number of classes labels must fall in (0: unchecked). */
    record Widths(int features, int targets, int classes) implements Serializable {
    }

    /**
     * The block of partition {@code partition}: each element converted by {@code example} and checked against
     * {@code widths}; a bad row is refused with a sentence naming the partition and the row.
     */
    static <T> SparkBlock of(int partition, Iterator<T> elements, Function<T, SparkData.Example> example,
            Widths widths) throws Exception {
        double[] x = new double[16 * widths.features()];
        double[] y = new double[16 * widths.targets()];
        int n = 0;
        while (elements.hasNext()) {
            T element = elements.next();
            SparkData.Example e;
            try {
                e = example.call(element);
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(where(partition, n) + ex.getMessage(), ex);
            }
            check(partition, n, e, widths);
            if ((long) (n + 1) * widths.features() > x.length || (long) (n + 1) * widths.targets() > y.length) {
                x = Arrays.copyOf(x, grow(x.length, widths.features(), partition));
                y = Arrays.copyOf(y, grow(y.length, widths.targets(), partition));
            }
            System.arraycopy(e.features(), 0, x, n * widths.features(), widths.features());
            System.arraycopy(e.target(), 0, y, n * widths.targets(), widths.targets());
            n++;
        }
        SparkBlock block = new SparkBlock(n, Arrays.copyOf(x, n * widths.features()),
                Arrays.copyOf(y, n * widths.targets()));
        block.checkLabels(partition, widths.classes());
        return block;
    }

    private static void check(int partition, int row, SparkData.Example e, Widths widths) {
        if (e.features().length != widths.features()) {
            throw new IllegalArgumentException(where(partition, row) + "has " + e.features().length
                    + " features, expected " + widths.features() + " as in the first row");
        }
        if (e.target().length != widths.targets()) {
            throw new IllegalArgumentException(where(partition, row) + "has a target of " + e.target().length
                    + " values, expected " + widths.targets() + " as in the first row");
        }
    }

    /** Refuses a row whose label is not a class index from 0 to {@code classes − 1}; 0 classes checks nothing. */
    void checkLabels(int partition, int classes) {
        int width = rows == 0 ? 1 : targets.length / rows;
        for (int i = 0; classes > 0 && i < rows; i++) {
            double label = targets[i * width];
            if (!(label >= 0 && label < classes && label == Math.rint(label))) {
                throw new IllegalArgumentException(where(partition, i) + "has label " + label
                        + ", outside the classes 0 to " + (classes - 1));
            }
        }
    }

    private static String where(int partition, int row) {
        return "partition " + partition + ", row " + row + " (counted from 0 in the partition) ";
    }

    /** A doubled capacity, refused before allocating when a partition's rows outgrow one array. */
    private static int grow(int length, int width, int partition) {
        long next = Math.max(2L * length, width);
        if (next > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("partition " + partition + " holds more than "
                    + (Integer.MAX_VALUE - 8) / Math.max(1, width) + " rows of " + width
                    + " values, more than one array takes; use more partitions");
        }
        return (int) next;
    }

    /** Rows {@code from} to {@code to − 1} of this block, as a block of their own. */
    SparkBlock slice(int from, int to, int featureWidth, int targetWidth) {
        return new SparkBlock(to - from, Arrays.copyOfRange(features, from * featureWidth, to * featureWidth),
                Arrays.copyOfRange(targets, from * targetWidth, to * targetWidth));
    }

    /** The rows {@code local} (indices into this block, in this order) as a dataset with rows of the given shapes. */
    Dataset batch(int[] local, int[] featureRow, int[] targetRow) {
        Shape fx = Shape.of(featureRow);
        Shape fy = Shape.of(targetRow);
        double[] x = gather(features, fx.size(), local);
        double[] y = gather(targets, fy.size(), local);
        return Dataset.of(Tensor.of(x, fx.inserting(0, local.length)), Tensor.of(y, fy.inserting(0, local.length)));
    }

    private static double[] gather(double[] from, int width, int[] rows) {
        double[] out = new double[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(from, rows[i] * width, out, i * width, width);
        }
        return out;
    }
}
