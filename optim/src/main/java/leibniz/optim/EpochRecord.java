package leibniz.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What one epoch of training did: its number (from 1), the global step count at its end, its number of
 * steps, the training loss and metrics averaged over its rows, the validation loss and metrics if a
 * validation set was given, the learning rate and batch size it used (with a {@link StepSchedule}, the rate
 * of its last step; the batch size as set, even where it exceeds the rows), and its wall-clock time.
 */
public record EpochRecord(int epoch, long step, int steps, double loss, Map<String, Double> metrics,
        Optional<Evaluation> validation, double learningRate, int batchSize, double seconds) {
    /** Copies the metrics, keeping their order. */
    public EpochRecord {
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        if (validation == null) {
            throw new IllegalArgumentException("epoch record: validation must be present or empty, not null");
        }
    }

    /**
     * Every number by name, in a fixed order: {@code epoch, step, loss}, the metrics, {@code val_loss} and
     * {@code val_<metric>} with a validation set, {@code lr, batch_size, steps, seconds}. These are the
     * columns of a {@link MetricsLog} and the names an {@link EarlyStopping} monitors.
     */
    public Map<String, Double> values() {
        Map<String, Double> v = new LinkedHashMap<>();
        v.put("epoch", (double) epoch);
        v.put("step", (double) step);
        v.put("loss", loss);
        v.putAll(metrics);
        validation.ifPresent(e -> {
            v.put("val_loss", e.loss());
            e.metrics().forEach((name, value) -> v.put("val_" + name, value));
        });
        v.put("lr", learningRate);
        v.put("batch_size", (double) batchSize);
        v.put("steps", (double) steps);
        v.put("seconds", seconds);
        return Collections.unmodifiableMap(v);
    }

    /** The value named {@code name} in {@link #values()}, e.g. {@code val_loss}. */
    public double value(String name) {
        Map<String, Double> v = values();
        Double x = v.get(name);
        if (x == null) {
            throw new IllegalArgumentException("epoch record: no value '" + name + "', has " + v.keySet());
        }
        return x;
    }
}
