package leibniz.optim;

import java.io.Serializable;
import java.util.List;

/**
 * One partition's part of a step, as its task returns it to the driver: how many of the batch's rows it held,
 * its weighted loss ({@code rows / B} times the mean over its rows) and the gradients of that, the values its
 * rows give the buffers the training pass updates (named), and, when metrics are kept, its prediction and
 * targets with the positions of its rows in the batch. A partition without rows in the batch sends only that.
 */
record SparkPartial(int rows, double loss, double[][] gradients, List<String> buffers, double[][] bufferValues,
        int[] positions, int[] predictionRow, double[] prediction, double[] targets) implements Serializable {
    /** The part of a partition that holds none of the batch's rows. */
    static SparkPartial empty() {
        return new SparkPartial(0, 0, new double[0][], List.of(), new double[0][], new int[0], new int[0],
                new double[0], new double[0]);
    }

    /** The values this part carries back, for the bytes a step sends (8 per value, 4 per position). */
    long values() {
        long n = 1 + prediction.length + targets.length;
        for (double[] g : gradients) {
            n += g.length;
        }
        for (double[] b : bufferValues) {
            n += b.length;
        }
        return n;
    }
}
