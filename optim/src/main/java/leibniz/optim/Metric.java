package leibniz.optim;

import java.util.function.ToDoubleBiFunction;
import leibniz.core.Tensor;

/**
 * A named measure of a batch's prediction against its targets, such as accuracy. The trainer averages it
 * over an epoch's batches weighted by their number of rows, so a metric that is a per-row mean gives the
 * per-row mean of the whole epoch.
 */
public interface Metric {
    /** The name used in epoch records and logs, e.g. {@code accuracy}; validation prefixes it with {@code val_}. */
    String name();

    /** The metric of one batch. */
    double value(Tensor prediction, Tensor target);

    /** A metric named {@code name} computed by {@code f(prediction, target)}. */
    static Metric of(String name, ToDoubleBiFunction<Tensor, Tensor> f) {
        if (name == null || name.isBlank() || f == null) {
            throw new IllegalArgumentException("metric: needs a name and a function");
        }
        return new NamedMetric(name, f);
    }
}
