package leibniz.optim;

import leibniz.core.Shape;
import leibniz.core.Tensor;

/** The common metrics: classification accuracy (multi-class and binary) and mean absolute error. */
public final class Metrics {
    private Metrics() {
    }

    /**
     * The fraction of rows whose predicted class, the argmax over the last axis of the prediction
     * {@code [N, C]}, equals the target: integer class indices {@code [N]}, or one-hot (or probability)
     * rows {@code [N, C]} compared by their own argmax. Ties go to the first class.
     */
    public static Metric accuracy() {
        return Metric.of("accuracy", Metrics::accuracy);
    }

    /**
     * The fraction of rows whose predicted probability, thresholded at 0.5 (0.5 counts as class 1), matches
     * the 0/1 target; predictions and targets are {@code [N]} or {@code [N, 1]}.
     */
    public static Metric binaryAccuracy() {
        return Metric.of("binary_accuracy", Metrics::binaryAccuracy);
    }

    /** The mean of {@code |prediction − target|} over all elements; the shapes must be equal. */
    public static Metric meanAbsoluteError() {
        return Metric.of("mae", (p, t) -> {
            if (!p.shape().equals(t.shape())) {
                throw new IllegalArgumentException("mae: prediction " + p.shape() + " and target " + t.shape()
                        + " differ in shape");
            }
            return p.sub(t).abs().mean().item();
        });
    }

    static double accuracy(Tensor prediction, Tensor target) {
        if (prediction.rank() == 0) {
            throw new IllegalArgumentException("accuracy: prediction must have a class axis, got a scalar");
        }
        Tensor predicted = prediction.argmax(-1);
        Shape indices = predicted.shape();
        Tensor actual;
        if (target.shape().equals(prediction.shape())) {
            actual = target.argmax(-1);
        } else if (target.shape().equals(indices)) {
            actual = target;
        } else {
            throw new IllegalArgumentException("accuracy: prediction " + prediction.shape() + " needs targets "
                    + indices + " (class indices) or " + prediction.shape() + " (one-hot), got " + target.shape());
        }
        return predicted.eq(actual).mean().item();
    }

    static double binaryAccuracy(Tensor prediction, Tensor target) {
        if (!isColumn(prediction) || !isColumn(target) || prediction.size() != target.size()) {
            throw new IllegalArgumentException(
                    "binary_accuracy: needs predictions and targets [N] or [N, 1] of one N, got "
                    + prediction.shape() + " and " + target.shape());
        }
        double[] p = prediction.toArray();
        double[] t = target.toArray();
        int hits = 0;
        for (int i = 0; i < p.length; i++) {
            if ((p[i] >= 0.5) == (t[i] >= 0.5)) {
                hits++;
            }
        }
        return (double) hits / p.length;
    }

    private static boolean isColumn(Tensor t) {
        return t.rank() == 1 || (t.rank() == 2 && t.shape().dim(1) == 1);
    }
}
