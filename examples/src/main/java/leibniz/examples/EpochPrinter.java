package leibniz.examples;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import leibniz.optim.Callback;
import leibniz.optim.EpochRecord;
import leibniz.optim.Trainer;

/**
 * Prints the first epoch, every {@code every}-th and the last, for examples whose epochs are a single
 * tiny step (XOR, the regression), where a line per epoch would bury the result.
 */
record EpochPrinter(String label, int every, int epochs, PrintStream out) implements Callback {
    /** A printer that shows about ten lines over {@code epochs} epochs. */
    static EpochPrinter tenLines(String label, int epochs, PrintStream out) {
        return new EpochPrinter(label, Math.max(1, epochs / 10), epochs, out);
    }

    @Override
    public boolean onEpochEnd(Trainer trainer, EpochRecord r) {
        if (r.epoch() == 1 || r.epoch() % every == 0 || r.epoch() == epochs) {
            StringBuilder s = new StringBuilder(label).append("epoch ").append(r.epoch()).append('/').append(epochs)
                    .append(": loss ").append(fmt(r.loss()));
            append(s, "", r.metrics());
            r.validation().ifPresent(v -> {
                s.append(", val_loss ").append(fmt(v.loss()));
                append(s, "val_", v.metrics());
            });
            out.println(s);
        }
        return false;
    }

    private static void append(StringBuilder s, String prefix, Map<String, Double> metrics) {
        metrics.forEach((name, v) -> s.append(", ").append(prefix).append(name).append(' ').append(fmt(v)));
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
