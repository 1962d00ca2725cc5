package leibniz.examples;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The options of every example: {@code --seed}, {@code --out} and {@code --help}, as a picocli mixin. */
final class RunOptions {
    @Option(names = "--seed", paramLabel = "N", order = 90,
            description = "seed of every random choice: weights, data, splits, shuffling")
    long seed = 42;

    @Option(names = "--out", paramLabel = "DIR", order = 91, showDefaultValue = Visibility.NEVER,
            description = "output folder (default runs/<example>-<timestamp>)")
    Path out;

    @Option(names = {"-h", "--help"}, usageHelp = true, order = 99, description = "this help")
    boolean help;

    /** The example's command, for its name and the values of all its options. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** The output folder, created and checked to be writable: {@code --out}, or {@code runs/<example>-<yyyyMMdd-HHmmss>}. */
    RunFolder folder() {
        if (out != null) {
            return RunFolder.create(out);
        }
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return RunFolder.create(Path.of("runs", command.name() + "-" + stamp));
    }

    /** Every option of the example and its value (given or default), for the record of a run. */
    Map<String, Object> values() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (OptionSpec o : command.options()) {
            if (!o.usageHelp()) {
                Object v = o.getValue();
                m.put(o.longestName().substring(2), v == null || v instanceof Number || v instanceof Boolean ? v
                        : v.toString());
            }
        }
        return m;
    }
}
