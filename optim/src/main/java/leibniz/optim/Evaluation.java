package leibniz.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The loss and metrics of a model over a dataset, each averaged over the rows. */
public record Evaluation(double loss, Map<String, Double> metrics) {
    /** Copies the metrics, keeping their order. */
    public Evaluation {
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /** The metric named {@code name}. */
    public double metric(String name) {
        Double v = metrics.get(name);
        if (v == null) {
            throw new IllegalArgumentException("evaluation: no metric '" + name + "', has " + metrics.keySet());
        }
        return v;
    }
}
