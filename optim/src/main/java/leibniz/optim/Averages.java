package leibniz.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import leibniz.core.Tensor;

/** Running means of the loss and metrics over batches, each batch weighted by its number of rows. */
final class Averages {
    private final List<Metric> metrics;
    private final double[] sums;
    private double lossSum;
    private long rows;

    Averages(List<Metric> metrics) {
        this.metrics = metrics;
        this.sums = new double[metrics.size()];
    }

    /** A batch of {@code rows} rows whose mean loss is {@code loss}. */
    void add(double loss, int rows) {
        lossSum += loss * rows;
        this.rows += rows;
    }

    /** The metrics of one batch's prediction, weighted by its rows; every batch given to {@link #add} needs this. */
    void score(Tensor prediction, Tensor target) {
        int n = target.shape().dim(0);
        for (int i = 0; i < sums.length; i++) {
            sums[i] += metrics.get(i).value(prediction, target) * n;
        }
    }

    void add(double loss, Tensor prediction, Tensor target) {
        add(loss, target.shape().dim(0));
        score(prediction, target);
    }

    double loss() {
        return lossSum / rows;
    }

    Map<String, Double> metrics() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < sums.length; i++) {
            out.put(metrics.get(i).name(), sums[i] / rows);
        }
        return out;
    }

    Evaluation evaluation() {
        return new Evaluation(loss(), metrics());
    }
}
