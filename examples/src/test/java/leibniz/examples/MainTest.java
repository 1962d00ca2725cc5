package leibniz.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class MainTest {
    @TempDir
    Path dir;

    /** Status 2, one line naming the problem, then the usage; no stack trace, nothing on standard output. */
    static void assertUsageError(Cli r, String message) {
        assertEquals(2, r.status(), r.err());
        assertEquals("leibniz-examples: " + message, r.message());
        assertTrue(r.err().contains("Usage: leibniz-examples"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        assertEquals("", r.out());
    }

    @Test
    void helpListsEveryExampleAndEachExamplesHelpEveryOptionWithItsDefault() {
        Cli r = Cli.run("--help");
        assertEquals(0, r.status());
        assertTrue(r.out().startsWith("Usage: leibniz-examples [EXAMPLE] [OPTIONS]\n"), r.out());
        assertTrue(r.out().contains("  digits      8x8 handwritten digits (bundled): MLP or CNN (the default example)"),
                r.out());
        CommandLine cli = Main.commandLine(System.out, System.err);
        assertEquals(14, cli.getSubcommands().size());
        for (Map.Entry<String, CommandLine> e : cli.getSubcommands().entrySet()) {
            assertTrue(r.out().contains("  " + e.getKey() + " "), e.getKey());
            Cli help = Cli.run(e.getKey(), "--help");
            assertEquals(0, help.status());
            assertTrue(help.out().startsWith("Usage: leibniz-examples " + e.getKey() + " [OPTIONS]\n"), help.out());
            assertTrue(help.out().contains("  -h, --help "), e.getKey());
            for (OptionSpec o : e.getValue().getCommandSpec().options()) {
                if (!o.usageHelp()) {
                    // An option whose value may be left out (digits --spark) is listed as --name[=VALUE].
                    assertTrue(help.out().contains(o.longestName() + "=") || help.out().contains(o.longestName() + "[="),
                            e.getKey() + " " + o.longestName());
                }
                if (o.getValue() != null && !o.usageHelp()) {
                    assertTrue(help.out().contains("Default: " + o.getValue()), e.getKey() + " " + o.longestName());
                }
            }
        }
        assertTrue(Cli.run("iris", "-h").out().contains("      --hidden=N         hidden units\n"
                + "                           Default: 16\n"), Cli.run("iris", "-h").out());
        assertEquals(Cli.run("iris", "--help").out(), Cli.run("iris", "--epochs", "3", "-h").out());
    }

    @Test
    void theDefaultsOfMnistAreEveryImageAndATrainingToConvergence() {
        String help = Cli.run("mnist", "--help").out();
        assertTrue(help.contains("Defaults: every image, 15 epochs at lr 0.003"), help);
        assertTrue(help.contains("--epochs=N"), help);
        assertTrue(help.contains("Default: 15"), help);
        assertTrue(help.contains("Default: 0.003"), help);
        assertTrue(help.contains("use at most N images of each file (default: all)"), help);
    }

    @Test
    void rejectsAnUnknownExample() {
        Cli r = Cli.run("cifar", "--epochs", "3");
        assertUsageError(r, "unknown example 'cifar'");
        assertTrue(r.err().contains("  regression "), r.err());
    }

    @Test
    void rejectsUnknownOptionsAndStrayArguments() {
        assertUsageError(Cli.run("--epoch", "3"), "Unknown options: '--epoch', '3'");
        assertUsageError(Cli.run("xor", "--model", "cnn"), "Unknown options: '--model', 'cnn'");
        assertUsageError(Cli.run("iris", "--epochs", "3", "extra"), "Unmatched argument at index 3: 'extra'");
    }

    @Test
    void rejectsMalformedValues() {
        assertUsageError(Cli.run("--epochs", "ten"),
                "Invalid value for option '--epochs': expected a whole number, got 'ten'");
        assertUsageError(Cli.run("--epochs", "0"),
                "Invalid value for option '--epochs': must be between 1 and 2147483647, got 0");
        assertUsageError(Cli.run("--batch-size=99999999999"),
                "Invalid value for option '--batch-size': must be between 1 and 2147483647, got 99999999999");
        assertUsageError(Cli.run("--lr", "-0.1"), "Invalid value for option '--lr': must be a finite positive number, "
                + "got -0.1");
        assertUsageError(Cli.run("--lr", "fast"), "Invalid value for option '--lr': expected a number, got 'fast'");
        assertUsageError(Cli.run("--lr", "NaN"), "Invalid value for option '--lr': must be a finite positive number, "
                + "got NaN");
        assertUsageError(Cli.run("--optimizer", "lion"), "Invalid value for option '--optimizer': expected one of "
                + "[sgd, momentum, nesterov, adam, adamw, rmsprop, adagrad, adadelta] (case-insensitive) but was 'lion'");
        assertUsageError(Cli.run("--model", "rnn"),
                "Invalid value for option '--model': expected one of [mlp, cnn] (case-insensitive) but was 'rnn'");
        assertUsageError(Cli.run("--seed", "1.5"), "Invalid value for option '--seed': expected a whole number, got '1.5'");
        assertUsageError(Cli.run("--seed"), "Missing required parameter for option '--seed' (N)");
        assertUsageError(Cli.run("--seed", "--epochs", "2"), "Expected parameter for option '--seed' but found '--epochs'");
        assertUsageError(Cli.run("--epochs", "2", "--epochs", "3"), "option '--epochs' (N) should be specified only once");
        assertUsageError(Cli.run("--out="), "Invalid value for option '--out': the value is empty");
    }

    @Test
    void acceptsNegativeSeedsEqualsSignsAndUpperCaseNames() {
        CommandLine cli = Main.commandLine(System.out, System.err);
        cli.parseArgs("digits", "--seed", "-7", "--lr=0.5", "--model", "CNN");
        DigitsExample digits = cli.getSubcommands().get("digits").getCommand();
        assertEquals(-7, digits.common.seed);
        assertEquals(0.5, digits.training.lr);
        assertEquals(30, digits.training.epochs);
        assertEquals(DigitsExample.Model.cnn, digits.model);
        assertEquals(TrainingOptions.OptimizerName.adam, digits.training.optimizer);
    }

    @Test
    void aBatchLargerThanTheDataIsRefusedBeforeTraining() {
        Path out = dir.resolve("out");
        assertUsageError(Cli.run("iris", "--batch-size", "2147483647", "--out", out.toString()),
                "--batch-size 2147483647 is larger than the 90 training examples; give at most 90");
        assertUsageError(Cli.run("xor", "--batch-size", "5", "--out", out.toString()),
                "--batch-size 5 is larger than the 4 rows of the truth table; give at most 4");
        assertFalse(Files.exists(out), "no output folder for a run that cannot train");
    }

    @Test
    void aModelTooLargeForTheHeapIsRefusedInOneLine() {
        long heap = Runtime.getRuntime().maxMemory();
        Cli r = Cli.run("iris", "--hidden", "500000000", "--out", dir.resolve("out").toString());
        assertUsageError(r, String.format(java.util.Locale.ROOT, "--hidden 500000000 makes a model of 4,000,000,003 "
                + "parameters, which need 128.0 GB with their gradients and optimizer state, more than the Java heap's "
                + "limit of %.1f GB (-Xmx)", heap / 1e9));
        assertFalse(Files.exists(dir.resolve("out")));
    }

    @Test
    void rejectsAnOutputFolderThatCannotBeCreated() throws IOException {
        Path file = Files.writeString(dir.resolve("taken"), "a file, not a folder");
        Cli r = Cli.run("xor", "--epochs", "1", "--out", file.resolve("run").toString());
        assertUsageError(r, "cannot write to the output folder " + file.resolve("run") + ": not a directory");
        assertUsageError(Cli.run("xor", "--epochs", "1", "--out", file.toString()),
                "cannot write to the output folder " + file + ": a file with that name is in the way");
    }

    @Test
    void mnistNeedsADataFolder() {
        assertUsageError(Cli.run("mnist"), "Missing required option: '--data=DIR'");
        Path missing = dir.resolve("nowhere");
        assertUsageError(Cli.run("mnist", "--data", missing.toString()), "--data " + missing + ": no such folder");
        assertUsageError(Cli.run("mnist", "--data", dir.toString()),
                "--data " + dir + ": no file train-images-idx3-ubyte (or train-images-idx3-ubyte.gz)");
    }

    @Test
    void mnistRejectsMalformedFilesNamingThem() throws IOException {
        IdxFiles.mnist(dir, 20, 10);
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"),
                IdxFiles.bytes(IdxReader.LABELS, new int[] {11}, new byte[10]));
        assertUsageError(Cli.run("mnist", "--data", dir.toString(), "--out", dir.resolve("out").toString()),
                "--data " + dir + ": t10k-labels-idx1-ubyte: truncated: the header [11] promises 11 bytes of labels, "
                        + "the file has 10");
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"),
                IdxFiles.bytes(IdxReader.LABELS, new int[] {9}, new byte[9]));
        assertUsageError(Cli.run("mnist", "--data", dir.toString()),
                "--data " + dir + ": t10k-images-idx3-ubyte has 10 images but t10k-labels-idx1-ubyte has 9 labels");
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"),
                IdxFiles.bytes(IdxReader.LABELS, new int[] {10}, new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 10}));
        assertUsageError(Cli.run("mnist", "--data", dir.toString()),
                "--data " + dir + ": t10k-labels-idx1-ubyte has label 10, expected 0..9");
        assertFalse(Files.exists(dir.resolve("out")), "no output folder before the data is known to be good");
    }
}
