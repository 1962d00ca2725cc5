package leibniz.optim;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.StringJoiner;

/**
 * One record per epoch ({@link EpochRecord#values()}) appended to a file as CSV with a header line, or as
 * JSON lines, and flushed at once so the file can be followed during training. A fresh run starts the file
 * anew; a resumed run appends to it.
 *
 * <pre>{@code
 * epoch,step,loss,accuracy,val_loss,val_accuracy,lr,batch_size,steps,seconds
 * 1,8,0.6931,0.5,0.6822,0.55,0.1,32,8,0.05
 * }</pre>
 */
public final class MetricsLog implements Callback {
    private static final JsonFactory JSON = new JsonFactory();

    private final Path path;
    private final boolean json;

    private MetricsLog(Path path, boolean json) {
        if (path == null) {
            throw new IllegalArgumentException("metrics log: a path is required");
        }
        this.path = path;
        this.json = json;
    }

    /** A CSV log: a header of value names, then one row per epoch. */
    public static MetricsLog csv(Path path) {
        return new MetricsLog(path, false);
    }

    /** A JSON-lines log: one object per epoch, NaN written as null. */
    public static MetricsLog jsonLines(Path path) {
        return new MetricsLog(path, true);
    }

    /** The file. */
    public Path path() {
        return path;
    }

    @Override
    public void onTrainBegin(Trainer trainer) {
        if (trainer.epoch() == 0) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                throw new UncheckedIOException("metrics log: cannot start " + path + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public boolean onEpochEnd(Trainer trainer, EpochRecord epoch) {
        Map<String, Double> values = epoch.values();
        try {
            boolean fresh = !Files.exists(path) || Files.size(path) == 0;
            try (BufferedWriter w = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND)) {
                if (!json && fresh) {
                    w.write(String.join(",", values.keySet()));
                    w.newLine();
                }
                w.write(json ? jsonLine(values) : csvLine(values));
                w.newLine();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("metrics log: cannot write " + path + ": " + e.getMessage(), e);
        }
        return false;
    }

    static String csvLine(Map<String, Double> values) {
        StringJoiner s = new StringJoiner(",");
        values.values().forEach(v -> s.add(number(v)));
        return s.toString();
    }

    /** One JSON object; names are the user's metric names, so Jackson escapes whatever they hold. */
    static String jsonLine(Map<String, Double> values) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(text)) {
            g.writeStartObject();
            for (Map.Entry<String, Double> e : values.entrySet()) {
                g.writeFieldName(e.getKey());
                double v = e.getValue();
                if (!Double.isFinite(v)) {
                    g.writeNull();
                } else if (isWhole(v)) {
                    g.writeNumber((long) v);
                } else {
                    g.writeNumber(v);
                }
            }
            g.writeEndObject();
        }
        return text.toString();
    }

    /** Whole numbers (epochs, steps, batch sizes) without a trailing ".0"; others exactly, as Java prints them. */
    static String number(double v) {
        return isWhole(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static boolean isWhole(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15;
    }
}
