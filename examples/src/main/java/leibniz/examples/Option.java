package leibniz.examples;

import java.util.List;

/**
 * One command-line option {@code --name VALUE}: what kind of value it takes, its default (empty for
 * "none") and a one-line help. Values are checked when the command line is parsed, so an example
 * never sees a malformed number.
 */
record Option(String name, Kind kind, String defaultValue, List<String> choices, String help) {
    /** What a value must look like. */
    enum Kind { COUNT, INTEGER, NUMBER, CHOICE, TEXT }

    Option {
        choices = List.copyOf(choices);
    }

    /** An integer option whose values are at least 1. */
    static Option count(String name, int defaultValue, String help) {
        return new Option(name, Kind.COUNT, Integer.toString(defaultValue), List.of(), help);
    }

    /** Any whole number that fits in a {@code long}, such as a seed. */
    static Option integer(String name, long defaultValue, String help) {
        return new Option(name, Kind.INTEGER, Long.toString(defaultValue), List.of(), help);
    }

    /** A finite positive number. */
    static Option number(String name, double defaultValue, String help) {
        return new Option(name, Kind.NUMBER, Double.toString(defaultValue), List.of(), help);
    }

    /** One of {@code choices}; the first is the default. */
    static Option choice(String name, List<String> choices, String help) {
        return new Option(name, Kind.CHOICE, choices.get(0), choices, help);
    }

    /** Free text, typically a path; an empty default means the option is unset unless given. */
    static Option text(String name, String defaultValue, String help) {
        return new Option(name, Kind.TEXT, defaultValue, List.of(), help);
    }

    /** The same option with another default, e.g. a per-example number of epochs. */
    Option withDefault(String value) {
        return new Option(name, kind, value, choices, help);
    }

    /** {@code value} checked against the kind; the message names the option and the value. */
    String check(String value) {
        switch (kind) {
            case COUNT, INTEGER -> {
                long n;
                try {
                    n = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new UsageException("--" + name + ": expected a whole number, got '" + value + "'");
                }
                if (kind == Kind.COUNT && (n < 1 || n > Integer.MAX_VALUE)) {
                    throw new UsageException("--" + name + ": must be between 1 and " + Integer.MAX_VALUE
                            + ", got " + value);
                }
            }
            case NUMBER -> {
                double x;
                try {
                    x = Double.parseDouble(value);
                } catch (NumberFormatException e) {
                    throw new UsageException("--" + name + ": expected a number, got '" + value + "'");
                }
                if (!(x > 0) || !Double.isFinite(x)) {
                    throw new UsageException("--" + name + ": must be a finite positive number, got " + value);
                }
            }
            case CHOICE -> {
                if (!choices.contains(value)) {
                    throw new UsageException("--" + name + ": expected one of " + String.join(", ", choices)
                            + ", got '" + value + "'");
                }
            }
            case TEXT -> {
                if (value.isEmpty()) {
                    throw new UsageException("--" + name + ": the value is empty");
                }
            }
        }
        return value;
    }

    /** {@code --epochs N} or {@code --model mlp|cnn}, as the help shows it. */
    String synopsis() {
        String value = switch (kind) {
            case COUNT, INTEGER -> "N";
            case NUMBER -> "X";
            case CHOICE -> choices.size() <= 3 ? String.join("|", choices) : "NAME";
            case TEXT -> name.equals("data") || name.equals("out") ? "DIR" : "TEXT";
        };
        return "--" + name + " " + value;
    }
}
