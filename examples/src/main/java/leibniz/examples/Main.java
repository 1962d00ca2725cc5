package leibniz.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The command line: {@code java -jar leibniz-examples.jar [EXAMPLE] [OPTIONS]} runs one example
 * ({@code digits} when none is named); {@code --help} lists the examples and their options.
 * Bad input prints one line and the usage on standard error and exits with status 2.
 */
public final class Main {
    /** Every example, in the order the help lists them; the first is the default. */
    static final List<Example> EXAMPLES = List.of(
            new DigitsExample(), new IrisExample(), new XorExample(), new RegressionExample(), new MnistExample(),
            new CartPoleExample(),
            new OptimizersExample(),
            new CalculusExample(),
            new CustomOpExample(),
            new TextExample(),
            new DnaExample(),
            new AudioExample(), new GpExample());

    private Main() {
    }

    /** Runs the example the arguments name and exits with its status. */
    public static void main(String[] args) {
        // The plots are drawn off screen; without this a machine with a display would open a toolkit.
        System.setProperty("java.awt.headless", "true");
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the example the arguments name, printing progress to {@code out} and errors to {@code err}:
     * 0 on success or for {@code --help}, 2 for bad input, 1 when a run fails otherwise.
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> rest = Arrays.asList(args);
        Example example = EXAMPLES.get(0);
        if (!rest.isEmpty() && !rest.get(0).startsWith("-")) {
            Optional<Example> named = find(rest.get(0));
            if (named.isEmpty()) {
                err.println("leibniz-examples: unknown example '" + rest.get(0) + "'");
                err.print(Usage.brief(EXAMPLES));
                return 2;
            }
            example = named.get();
            rest = rest.subList(1, rest.size());
        }
        if (rest.contains("--help") || rest.contains("-h")) {
            out.print(Usage.full(EXAMPLES));
            return 0;
        }
        try {
            example.run(Options.parse(example.options(), rest), out);
            return 0;
        } catch (UsageException e) {
            err.println("leibniz-examples: " + e.getMessage());
            err.print(Usage.of(example));
            return 2;
        } catch (IOException | UncheckedIOException | IllegalArgumentException | ArithmeticException e) {
            // A failed run (a diverging loss, a full disk) is reported in one line too; 1 tells it from bad input.
            err.println("leibniz-examples: " + example.name() + " failed: " + e.getMessage());
            return 1;
        }
    }

    private static Optional<Example> find(String name) {
        return EXAMPLES.stream().filter(e -> e.name().equals(name)).findFirst();
    }
}
