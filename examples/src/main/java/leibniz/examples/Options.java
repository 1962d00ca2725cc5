package leibniz.examples;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values of an example's options after parsing: every option has a value (given or default),
 * already checked against its kind, so the accessors cannot fail on a malformed number.
 */
final class Options {
    private final Map<String, String> values;

    private Options(Map<String, String> values) {
        this.values = values;
    }

    /**
     * Parses {@code --name value} and {@code --name=value} arguments against {@code spec}; an unknown
     * option, a missing value, a repeated option or a malformed value is a {@link UsageException}.
     */
    static Options parse(List<Option> spec, List<String> args) {
        Map<String, Option> byName = new LinkedHashMap<>();
        for (Option o : spec) {
            byName.put(o.name(), o);
        }
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new UsageException("unexpected argument '" + arg + "'");
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
            Option option = byName.get(name);
            if (option == null) {
                throw new UsageException("unknown option --" + name);
            }
            String value;
            if (eq >= 0) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                value = args.get(++i);
            } else {
                throw new UsageException("--" + name + ": a value is missing");
            }
            if (given.put(name, option.check(value)) != null) {
                throw new UsageException("--" + name + ": given twice");
            }
        }
        Map<String, String> all = new LinkedHashMap<>();
        for (Option o : spec) {
            all.put(o.name(), given.getOrDefault(o.name(), o.defaultValue()));
        }
        return new Options(all);
    }

    /** The value of a count or integer option. */
    int count(String name) {
        return Math.toIntExact(integer(name));
    }

    /** The value of an integer option. */
    long integer(String name) {
        return Long.parseLong(text(name));
    }

    /** The value of a number option. */
    double number(String name) {
        return Double.parseDouble(text(name));
    }

    /** The value as given, or the default; empty for an unset text option. */
    String text(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new IllegalStateException("no option --" + name);
        }
        return v;
    }

    /** True when the option has a non-empty value. */
    boolean isSet(String name) {
        return !text(name).isEmpty();
    }

    /** The value as a path. */
    Path path(String name) {
        return Path.of(text(name));
    }

    /** Every option and its value, in the order of the spec, for the record of a run. */
    Map<String, String> asMap() {
        return Collections.unmodifiableMap(values);
    }
}
