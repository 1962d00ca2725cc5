package leibniz.optim;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * What a {@link SparkSweep} gave: one {@link Run} per trial, and the same as two Spark data frames and two CSV
 * files. {@link #runs()} has a row per run (its number, settings, seed, status, the last epoch's values and the
 * final metrics); {@link #history()} a row per run and epoch (number, settings, seed and the epoch's values).
 * A value a run does not have (a failed run's metrics, a metric another run lacks) is null, empty in CSV.
 */
public final class SparkSweepResults {
    private final SparkSession spark;
    private final List<Run> runs;

    SparkSweepResults(SparkSession spark, List<Run> runs) {
        this.spark = spark;
        this.runs = List.copyOf(runs);
    }

    /**
     * One run's results as its task sends them back: the trial, {@code ok} or the sentence it failed with, every
     * epoch's values ({@link EpochRecord#values()}) and the final metrics.
     */
    public record Run(SparkTrial trial, String status, List<Map<String, Double>> epochs, Map<String, Double> metrics)
            implements Serializable {
        /** Runs {@code experiment} on {@code trial}, catching a failure into the status. */
        static Run of(SparkTrial trial, SparkSweep.Experiment experiment) {
            try {
                SparkTrial.Outcome o = experiment.run(trial);
                if (o == null) {
                    return new Run(trial, "failed: the experiment returned no outcome", List.of(), Map.of());
                }
                List<Map<String, Double>> epochs = new ArrayList<>();
                o.history().epochs().forEach(e -> epochs.add(new LinkedHashMap<>(e.values())));
                return new Run(trial, "ok", epochs, new LinkedHashMap<>(o.metrics()));
            } catch (Exception e) {
                // The type tells an experiment's own refusal from a bug in it (a NullPointerException has no message).
                String message = e.getMessage() == null ? "" : ": " + e.getMessage();
                return new Run(trial, "failed: " + e.getClass().getSimpleName() + message, List.of(), Map.of());
            }
        }

        /** Whether the run ended normally. */
        public boolean ok() {
            return status.equals("ok");
        }
    }

    /** Every run, in trial order. */
    public List<Run> list() {
        return runs;
    }

    /** A row per run: {@code run}, the settings, {@code seed}, {@code status}, the last epoch's values, the metrics. */
    public org.apache.spark.sql.Dataset<Row> runs() {
        Table t = runTable();
        return spark.createDataFrame(t.rows(), t.schema());
    }

    /** A row per run and epoch: {@code run}, the settings, {@code seed} and the epoch's values. */
    public org.apache.spark.sql.Dataset<Row> history() {
        Table t = historyTable();
        return spark.createDataFrame(t.rows(), t.schema());
    }

    /** Writes {@code runs.csv} and {@code history.csv} into {@code dir} (created if needed), each replaced whole. */
    public void writeCsv(Path dir) throws IOException {
        if (dir == null) {
            throw new IllegalArgumentException("SparkSweepResults.writeCsv: a folder is required");
        }
        Files.createDirectories(dir);
        write(dir.resolve("runs.csv"), runTable());
        write(dir.resolve("history.csv"), historyTable());
    }

    private record Table(StructType schema, List<Row> rows) {
    }

    private Table runTable() {
        Set<String> last = new LinkedHashSet<>();
        Set<String> metrics = new LinkedHashSet<>();
        for (Run r : runs) {
            if (!r.epochs().isEmpty()) {
                last.addAll(r.epochs().get(r.epochs().size() - 1).keySet());
            }
            metrics.addAll(r.metrics().keySet());
        }
        metrics.removeAll(last);
        StructType schema = head().add("status", DataTypes.StringType, false);
        for (String name : concat(last, metrics)) {
            schema = schema.add(name, DataTypes.DoubleType, true);
        }
        List<Row> rows = new ArrayList<>();
        for (Run r : runs) {
            List<Object> row = settings(r);
            row.add(r.status());
            Map<String, Double> end = r.epochs().isEmpty() ? Map.of() : r.epochs().get(r.epochs().size() - 1);
            last.forEach(name -> row.add(end.get(name)));
            metrics.forEach(name -> row.add(r.metrics().get(name)));
            rows.add(RowFactory.create(row.toArray()));
        }
        return new Table(schema, rows);
    }

    private Table historyTable() {
        Set<String> names = new LinkedHashSet<>();
        runs.forEach(r -> r.epochs().forEach(e -> names.addAll(e.keySet())));
        StructType schema = head();
        for (String name : names) {
            schema = schema.add(name, DataTypes.DoubleType, true);
        }
        List<Row> rows = new ArrayList<>();
        for (Run r : runs) {
            for (Map<String, Double> e : r.epochs()) {
                List<Object> row = settings(r);
                names.forEach(name -> row.add(e.get(name)));
                rows.add(RowFactory.create(row.toArray()));
            }
        }
        return new Table(schema, rows);
    }

    /** The columns every table starts with: {@code run}, each setting typed by its values, {@code seed}. */
    private StructType head() {
        StructType s = new StructType().add("run", DataTypes.IntegerType, false);
        for (String name : settingNames()) {
            s = s.add(name, type(name), false);
        }
        return s.add("seed", DataTypes.LongType, false);
    }

    private Set<String> settingNames() {
        Set<String> names = new LinkedHashSet<>();
        runs.forEach(r -> names.addAll(r.trial().values().keySet()));
        for (Run r : runs) {
            for (String clash : r.metrics().keySet()) {
                if (names.contains(clash)) {
                    throw new IllegalArgumentException("SparkSweepResults: the setting '" + clash + "' has the name "
                            + "of a value the runs report; rename one of them");
                }
            }
        }
        return names;
    }

    /** Whole numbers are longs, other numbers doubles, anything else (or a mix) words. */
    private DataType type(String name) {
        boolean whole = true;
        boolean number = true;
        for (Run r : runs) {
            Object v = r.trial().values().get(name);
            number &= v instanceof Number;
            whole &= v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte;
        }
        return whole ? DataTypes.LongType : number ? DataTypes.DoubleType : DataTypes.StringType;
    }

    private List<Object> settings(Run r) {
        List<Object> row = new ArrayList<>();
        row.add(r.trial().run());
        for (String name : settingNames()) {
            DataType t = type(name);
            Object v = r.trial().values().get(name);
            row.add(t == DataTypes.LongType ? (Object) ((Number) v).longValue()
                    : t == DataTypes.DoubleType ? (Object) ((Number) v).doubleValue() : String.valueOf(v));
        }
        row.add(r.trial().seed());
        return row;
    }

    private static List<String> concat(Set<String> a, Set<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** The table as CSV, written beside the target and moved over it, so a crash never leaves half a file. */
    private static void write(Path file, Table t) throws IOException {
        StringBuilder s = new StringBuilder(String.join(",", t.schema().fieldNames())).append('\n');
        for (Row row : t.rows()) {
            StringJoiner line = new StringJoiner(",");
            for (int i = 0; i < row.length(); i++) {
                line.add(cell(row.get(i)));
            }
            s.append(line).append('\n');
        }
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp");
        try {
            Files.writeString(tmp, s, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Numbers as Java prints them (whole ones without ".0"), words quoted when they hold a comma or a quote. */
    private static String cell(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d) {
            return MetricsLog.number(d);
        }
        String text = v.toString();
        return text.contains(",") || text.contains("\"") || text.contains("\n")
                ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
