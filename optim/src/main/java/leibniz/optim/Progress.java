package leibniz.optim;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * What a person sees while training: on an interactive terminal a progress bar per epoch with steps per
 * second and the current loss; always (unless silent) one summary line per epoch, which is all there is
 * when output is redirected or under CI, where a redrawn bar would fill the log with carriage returns.
 */
final class Progress implements AutoCloseable {
    private final boolean bar;
    private final PrintStream out;
    private ProgressBar current;

    /** {@code out} null means silent; the bar also needs a console and no {@code CI} variable. */
    Progress(boolean wantBar, PrintStream out) {
        this.bar = wantBar && out != null && System.console() != null && System.getenv("CI") == null;
        this.out = out;
    }

    void startEpoch(int epoch, int epochs, int steps) {
        if (bar) {
            current = new ProgressBarBuilder().setTaskName("epoch " + epoch + "/" + epochs).setInitialMax(steps)
                    .setUnit(" steps", 1).showSpeed().setUpdateIntervalMillis(250).build();
        }
    }

    void step(double loss) {
        if (current != null) {
            current.step();
            current.setExtraMessage(String.format(Locale.ROOT, " loss %.4g", loss));
        }
    }

    void endEpoch(EpochRecord r, int epochs) {
        close();
        if (out != null) {
            out.println(line(r, epochs));
            out.flush();
        }
    }

    /** One line: {@code epoch 3/10: loss 0.1234, accuracy 0.95, val_loss 0.2, lr 0.001, batch 32, 12 steps, 0.25 s}. */
    static String line(EpochRecord r, int epochs) {
        StringBuilder s = new StringBuilder();
        s.append("epoch ").append(r.epoch()).append('/').append(epochs).append(": loss ").append(fmt(r.loss()));
        append(s, "", r.metrics());
        r.validation().ifPresent(v -> {
            s.append(", val_loss ").append(fmt(v.loss()));
            append(s, "val_", v.metrics());
        });
        s.append(", lr ").append(fmt(r.learningRate())).append(", batch ").append(r.batchSize()).append(", ")
                .append(r.steps()).append(" steps, ").append(String.format(Locale.ROOT, "%.2f s", r.seconds()));
        return s.toString();
    }

    private static void append(StringBuilder s, String prefix, Map<String, Double> metrics) {
        metrics.forEach((name, v) -> s.append(", ").append(prefix).append(name).append(' ').append(fmt(v)));
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    @Override
    public void close() {
        if (current != null) {
            current.close();
            current = null;
        }
    }
}
