package leibniz.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The command line, parsed by picocli: {@code java -jar leibniz-examples.jar [EXAMPLE] [OPTIONS]} runs
 * one example ({@code digits} when none is named), each a subcommand with typed options;
 * {@code --help} lists the examples and {@code EXAMPLE --help} its options with their defaults. Bad
 * input prints one line and the usage on standard error and exits with status 2.
 */
public final class Main {
    static final String NAME = "leibniz-examples";
    /** The example that runs when the command line names none. */
    static final String DEFAULT = "digits";

    private Main() {
    }

    /** Runs the example the arguments name and exits with its status. */
    public static void main(String[] args) {
        // The plots are drawn off screen; without this a machine with a display would open a toolkit.
        System.setProperty("java.awt.headless", "true");
        System.exit(run(args, System.out, System.err));
    }

    /** A fresh instance of every example, in the order the help lists them; each run parses into new objects. */
    static List<Example> examples() {
        return List.of(new DigitsExample(), new IrisExample(), new XorExample(), new RegressionExample(),
                new MnistExample(), new CartPoleExample(), new OptimizersExample(), new CalculusExample(),
                new CustomOpExample(), new TextExample(), new DnaExample(), new AudioExample(), new GpExample(),
                new DpSgdExample());
    }

    /**
     * Runs the example the arguments name, printing progress to {@code out} and errors to {@code err}:
     * 0 on success or for {@code --help}, 2 for bad input, 1 when a run fails otherwise.
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cli = commandLine(out, err);
        List<String> words = new ArrayList<>(Arrays.asList(args));
        if (words.isEmpty() || words.get(0).startsWith("-") && !List.of("-h", "--help").contains(words.get(0))) {
            words.add(0, DEFAULT);
        } else if (!words.get(0).startsWith("-") && !cli.getSubcommands().containsKey(words.get(0))) {
            return usageError("unknown example '" + words.get(0) + "'", cli, err);
        }
        ParseResult parsed;
        try {
            parsed = cli.parseArgs(words.toArray(String[]::new));
        } catch (ParameterException e) {
            return usageError(e.getMessage(), e.getCommandLine(), err);
        }
        if (CommandLine.printHelpIfRequested(parsed)) {
            return 0;
        }
        CommandLine command = parsed.subcommand().commandSpec().commandLine();
        String name = command.getCommandName();
        try {
            command.<Example>getCommand().run(out);
            return 0;
        } catch (UsageException e) {
            return usageError(e.getMessage(), command, err);
        } catch (IOException | UncheckedIOException | IllegalArgumentException | ArithmeticException e) {
            // A failed run (a diverging loss, a full disk) is reported in one line too; 1 tells it from bad input.
            err.println(NAME + ": " + name + " failed: " + e.getMessage());
            return 1;
        } catch (OutOfMemoryError e) {
            err.printf(Locale.ROOT, "%s: %s ran out of memory (the Java heap's limit is %.1f GB): use smaller sizes "
                    + "or a larger -Xmx%n", NAME, name, Runtime.getRuntime().maxMemory() / 1e9);
            return 1;
        }
    }

    private static int usageError(String message, CommandLine command, PrintStream err) {
        err.println(NAME + ": " + message);
        err.print(command.getUsageMessage());
        return 2;
    }

    /** The top command with one subcommand per example, its value converters and help layout. */
    static CommandLine commandLine(PrintStream out, PrintStream err) {
        CommandSpec top = CommandSpec.create().name(NAME);
        top.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("this help").build());
        top.usageMessage()
                .customSynopsis(NAME + " [EXAMPLE] [OPTIONS]")
                .description("Trains a small network and writes metrics.json, curves.png and model.safetensors to "
                        + "--out; with no EXAMPLE, " + DEFAULT + " runs.")
                .commandListHeading("%nExamples:%n")
                .footer("%n'" + NAME + " EXAMPLE --help' lists the example's options and their defaults.");
        CommandLine cli = new CommandLine(top);
        for (Example e : examples()) {
            CommandLine sub = new CommandLine(e);
            sub.getCommandSpec().usageMessage().showDefaultValues(true).sortOptions(false).abbreviateSynopsis(true);
            cli.addSubcommand(sub);
        }
        Values.register(cli);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setUsageHelpWidth(100);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli;
    }
}
