package leibniz.examples;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import leibniz.optim.EpochRecord;
import leibniz.optim.Evaluation;
import leibniz.optim.History;

/**
 * The record of a training run as {@code metrics.json} holds it: the options, per epoch the training and
 * validation loss and metrics, and at the end the loss and metrics on every split.
 */
final class Report {
    private Report() {
    }

    /**
     * {@code {"example", "options", "epochs": [{"epoch", "train_loss", "train_accuracy", "validation_loss",
     * ...}], "final": {"train": {"loss", "accuracy"}, "validation": ..., "test": ...}, "seconds"}}.
     */
    static Map<String, Object> metrics(String example, Map<String, Object> options, History history,
            Map<String, Evaluation> finals, double seconds) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("example", example);
        m.put("options", options);
        m.put("epochs", epochs(history));
        Map<String, Object> end = new LinkedHashMap<>();
        finals.forEach((split, e) -> end.put(split, evaluation(e)));
        m.put("final", end);
        m.put("seconds", seconds);
        return m;
    }

    /** One map per epoch: its number, the training and validation numbers, the learning rate and time. */
    static List<Map<String, Object>> epochs(History history) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (EpochRecord r : history.epochs()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("epoch", r.epoch());
            row.put("train_loss", r.loss());
            r.metrics().forEach((name, v) -> row.put("train_" + name, v));
            r.validation().ifPresent(v -> {
                row.put("validation_loss", v.loss());
                v.metrics().forEach((name, x) -> row.put("validation_" + name, x));
            });
            row.put("learning_rate", r.learningRate());
            row.put("seconds", r.seconds());
            rows.add(row);
        }
        return rows;
    }

    /** {@code {"loss": ..., "accuracy": ...}}. */
    static Map<String, Object> evaluation(Evaluation e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("loss", e.loss());
        m.putAll(e.metrics());
        return m;
    }
}
