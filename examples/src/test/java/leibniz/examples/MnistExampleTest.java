package leibniz.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import leibniz.core.Shape;
import leibniz.optim.Dataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MNIST on a tiny synthetic folder of IDX files written by the test (see {@link IdxFiles#mnist}). */
class MnistExampleTest {
    @TempDir
    Path dir;

    @Test
    void loadsTheFourFilesScaledToTheUnitInterval() throws IOException {
        IdxFiles.mnist(dir, 30, 12);
        Dataset train = MnistExample.load(dir, MnistExample.TRAIN_IMAGES, MnistExample.TRAIN_LABELS, 20);
        assertEquals(Shape.of(20, 28, 28), train.features().shape());
        assertEquals(Shape.of(20), train.targets().shape());
        assertTrue(train.features().max().item() <= 1 && train.features().min().item() >= 0);
        assertEquals(9.0, train.targets().get(19));
    }

    @Test
    void theMlpLearnsTheSyntheticDigits() throws IOException {
        IdxFiles.mnist(dir.resolve("data"), 300, 100);
        Path out = dir.resolve("out");
        Cli r = Cli.run("mnist", "--data", dir.resolve("data").toString(), "--epochs", "4", "--lr", "0.005",
                "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("mnist: train: 270, validation: 30, test: 100 rows"), r.out());
        Map<String, Object> m = RunOutputs.assertClassificationOutputs(out, 4);
        assertTrue(RunOutputs.number(m, "final", "test", "accuracy") >= 0.9, m.get("final").toString());
    }

    @Test
    void theCnnRunsOnGzippedFilesWithALimit() throws IOException {
        Path data = dir.resolve("data");
        IdxFiles.mnist(data, 120, 40);
        for (String name : new String[] {MnistExample.TRAIN_IMAGES, MnistExample.TRAIN_LABELS,
                MnistExample.TEST_IMAGES, MnistExample.TEST_LABELS}) {
            IdxFiles.write(data.resolve(name + ".gz"), Files.readAllBytes(data.resolve(name)));
            Files.delete(data.resolve(name));
        }
        Path out = dir.resolve("out");
        Cli r = Cli.run("mnist", "--data", data.toString(), "--model", "cnn", "--epochs", "1", "--limit", "60",
                "--batch-size", "16", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("mnist: train: 54, validation: 6, test: 40 rows"), r.out());
        RunOutputs.assertClassificationOutputs(out, 1);
    }

    @Test
    void everyImageIsUsedUnlessALimitIsGiven() throws IOException {
        // More than the 10,000 images the example once read by default.
        Path data = dir.resolve("data");
        IdxFiles.mnist(data, 10_050, 20);
        Path out = dir.resolve("out");
        Cli r = Cli.run("mnist", "--data", data.toString(), "--epochs", "1", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("mnist: train: 9045, validation: 1005, test: 20 rows"), r.out());
    }
}
