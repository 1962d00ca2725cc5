package leibniz.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @TempDir
    Path dir;

    private static void assertUsageError(Cli r, String message) {
        assertEquals(2, r.status(), r.err());
        assertEquals("leibniz-examples: " + message, r.message());
        assertTrue(r.err().contains(Usage.SYNOPSIS), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        assertEquals("", r.out());
    }

    @Test
    void helpListsEveryExampleAndOption() {
        Cli r = Cli.run("--help");
        assertEquals(0, r.status());
        for (Example e : Main.EXAMPLES) {
            assertTrue(r.out().contains("  " + e.name() + " "), e.name());
            for (Option o : e.options()) {
                assertTrue(r.out().contains("--" + o.name() + " "), o.name());
            }
        }
        assertTrue(r.out().contains("digits       8x8 handwritten digits (bundled): MLP or CNN (the default)"));
        assertEquals(r.out(), Cli.run("iris", "-h").out());
    }

    @Test
    void rejectsAnUnknownExample() {
        Cli r = Cli.run("cifar", "--epochs", "3");
        assertUsageError(r, "unknown example 'cifar'");
        assertTrue(r.err().contains("  regression "), r.err());
    }

    @Test
    void rejectsUnknownOptionsAndStrayArguments() {
        assertUsageError(Cli.run("--epoch", "3"), "unknown option --epoch");
        assertUsageError(Cli.run("xor", "--model", "cnn"), "unknown option --model");
        assertUsageError(Cli.run("iris", "--epochs", "3", "extra"), "unexpected argument 'extra'");
    }

    @Test
    void rejectsMalformedValues() {
        assertUsageError(Cli.run("--epochs", "ten"), "--epochs: expected a whole number, got 'ten'");
        assertUsageError(Cli.run("--epochs", "0"), "--epochs: must be between 1 and 2147483647, got 0");
        assertUsageError(Cli.run("--batch-size=99999999999"),
                "--batch-size: must be between 1 and 2147483647, got 99999999999");
        assertUsageError(Cli.run("--lr", "-0.1"), "--lr: must be a finite positive number, got -0.1");
        assertUsageError(Cli.run("--lr", "fast"), "--lr: expected a number, got 'fast'");
        assertUsageError(Cli.run("--lr", "NaN"), "--lr: must be a finite positive number, got NaN");
        assertUsageError(Cli.run("--optimizer", "lion"),
                "--optimizer: expected one of sgd, momentum, nesterov, adam, adamw, rmsprop, adagrad, adadelta, "
                        + "got 'lion'");
        assertUsageError(Cli.run("--model", "rnn"), "--model: expected one of mlp, cnn, got 'rnn'");
        assertUsageError(Cli.run("--seed", "1.5"), "--seed: expected a whole number, got '1.5'");
        assertUsageError(Cli.run("--seed"), "--seed: a value is missing");
        assertUsageError(Cli.run("--seed", "--epochs", "2"), "--seed: a value is missing");
        assertUsageError(Cli.run("--epochs", "2", "--epochs", "3"), "--epochs: given twice");
        assertUsageError(Cli.run("--out="), "--out: the value is empty");
    }

    @Test
    void acceptsNegativeSeedsAndEqualsSigns() {
        Options o = Options.parse(new DigitsExample().options(), java.util.List.of("--seed", "-7", "--lr=0.5"));
        assertEquals(-7, o.integer("seed"));
        assertEquals(0.5, o.number("lr"));
        assertEquals(30, o.count("epochs"));
        assertEquals("mlp", o.text("model"));
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
        assertUsageError(Cli.run("mnist"), "mnist needs --data DIR, the folder holding train-images-idx3-ubyte and "
                + "the other IDX files");
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
