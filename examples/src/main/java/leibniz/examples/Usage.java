package leibniz.examples;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The help text: the synopsis, the examples, the common options and each example's own. */
final class Usage {
    static final String SYNOPSIS = "usage: java -jar leibniz-examples.jar [EXAMPLE] [OPTIONS]";

    private Usage() {
    }

    /** The whole help: every example, the common options once, then each example's defaults and options. */
    static String full(List<Example> examples) {
        StringBuilder s = new StringBuilder(SYNOPSIS).append('\n');
        s.append("Trains a small network and writes metrics.json, curves.png and model.safetensors to --out.\n\n");
        s.append(exampleList(examples)).append("\noptions of every example (defaults below):\n");
        Map<String, List<String>> defaults = examples.stream().flatMap(e -> e.options().stream())
                .collect(Collectors.groupingBy(Option::name, Collectors.mapping(Option::defaultValue,
                        Collectors.toList())));
        for (Option o : examples.get(0).options()) {
            if (Common.NAMES.contains(o.name())) {
                // A default shared by every example is shown here, the others with each example.
                boolean shared = defaults.get(o.name()).stream().distinct().count() == 1;
                s.append(line(o, shared));
            }
        }
        s.append(String.format("  %-24s %s%n", "--help", "this help"));
        for (Example e : examples) {
            s.append('\n').append(e.name()).append(": defaults");
            for (Option o : e.options()) {
                if (Common.NAMES.contains(o.name()) && defaults.get(o.name()).stream().distinct().count() > 1) {
                    s.append(" --").append(o.name()).append(' ').append(o.defaultValue());
                }
            }
            s.append('\n');
            for (Option o : e.options()) {
                if (!Common.NAMES.contains(o.name())) {
                    s.append(line(o, true));
                }
            }
        }
        return s.toString();
    }

    /** The synopsis and the list of examples, for a command line naming no known example. */
    static String brief(List<Example> examples) {
        return SYNOPSIS + "\n" + exampleList(examples) + "--help lists every option.\n";
    }

    /** The synopsis and the options of one example, for a command line with a bad option. */
    static String of(Example e) {
        StringBuilder s = new StringBuilder(SYNOPSIS).append("\noptions of ").append(e.name()).append(":\n");
        for (Option o : e.options()) {
            s.append(line(o, true));
        }
        return s.append("--help lists every example.\n").toString();
    }

    private static String exampleList(List<Example> examples) {
        StringBuilder s = new StringBuilder("examples:\n");
        for (int i = 0; i < examples.size(); i++) {
            Example e = examples.get(i);
            s.append(String.format("  %-12s %s%s%n", e.name(), e.description(), i == 0 ? " (the default)" : ""));
        }
        return s.toString();
    }

    private static String line(Option o, boolean withDefault) {
        String def = withDefault && !o.defaultValue().isEmpty() ? " (default " + o.defaultValue() + ")" : "";
        return String.format("  %-24s %s%s%n", o.synopsis(), o.help(), def);
    }
}
