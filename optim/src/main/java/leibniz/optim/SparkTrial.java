package leibniz.optim;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One run of a {@link SparkSweep}: its number (from 0), its configuration (hyperparameter values by name:
 * numbers or words) and its seed. An experiment reads its settings from here.
 *
 * <pre>{@code
 * double lr = trial.number("lr");
 * int hidden = trial.integer("hidden");
 * String optimizer = trial.text("optimizer");
 * }</pre>
 */
public record SparkTrial(int run, Map<String, Object> values, long seed) implements Serializable {
    /** Copies the values, keeping their order. */
    public SparkTrial {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The value named {@code name} as a number. */
    public double number(String name) {
        if (!(value(name) instanceof Number n)) {
            throw new IllegalArgumentException("SparkTrial: '" + name + "' is " + value(name) + ", not a number");
        }
        return n.doubleValue();
    }

    /** The value named {@code name} as a whole number. */
    public int integer(String name) {
        double v = number(name);
        if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("SparkTrial: '" + name + "' is " + v + ", not a whole number");
        }
        return (int) v;
    }

    /** The value named {@code name} as a word. */
    public String text(String name) {
        return String.valueOf(value(name));
    }

    private Object value(String name) {
        Object v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("SparkTrial: no value '" + name + "', has " + values.keySet());
        }
        return v;
    }

    /** What a run of a sweep gives back: its history and its final metrics by name (a test loss, say). */
    public record Outcome(History history, Map<String, Double> metrics) {
        /** Copies the metrics, keeping their order. */
        public Outcome {
            if (history == null || metrics == null) {
                throw new IllegalArgumentException("SparkTrial.Outcome: needs a history and metrics (maybe none)");
            }
            metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        }

        /** A run's history with the loss and metrics of a final evaluation, named {@code prefix_loss} and so on. */
        public static Outcome of(History history, String prefix, Evaluation evaluation) {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put(prefix + "_loss", evaluation.loss());
            evaluation.metrics().forEach((k, v) -> m.put(prefix + "_" + k, v));
            return new Outcome(history, m);
        }
    }
}
