package leibniz.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import leibniz.autograd.Node;
import leibniz.nn.ModelFile;
import leibniz.nn.Module;
import leibniz.optim.Metrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DigitsExampleTest {
    @TempDir
    Path dir;

    private Map<String, Object> run(Path out, String... options) throws IOException {
        String[] args = new String[options.length + 3];
        args[0] = "digits";
        System.arraycopy(options, 0, args, 1, options.length);
        args[options.length + 1] = "--out";
        args[options.length + 2] = out.toString();
        Cli r = Cli.run(args);
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("digits: test accuracy "), r.out());
        return RunOutputs.metrics(out);
    }

    @Test
    void theDefaultMlpReachesNinetyFivePercentAndItsSavedModelGivesTheSameAccuracy() throws IOException {
        Path out = dir.resolve("mlp");
        Map<String, Object> m = run(out);
        RunOutputs.assertClassificationOutputs(out, 30);
        double test = RunOutputs.number(m, "final", "test", "accuracy");
        assertTrue(test >= 0.95, "test accuracy " + test);

        // A fresh network with other weights, loaded from the file, classifies the same test rows as well.
        Module model = Networks.mlp(64, 128, 10, new SplittableRandom(7));
        ModelFile.load(model, out.resolve("model.safetensors"));
        Splits data = Splits.of(BundledData.digits().data(), 0.15, 0.15, 42);
        Node logits = model.forward(Node.constant(data.test().features()));
        assertEquals(test, Metrics.accuracy().value(logits.value(), data.test().targets()), 1e-12);
    }

    @Test
    void aShortCnnRunLearns() throws IOException {
        Path out = dir.resolve("cnn");
        Map<String, Object> m = run(out, "--model", "cnn", "--epochs", "3");
        RunOutputs.assertClassificationOutputs(out, 3);
        double test = RunOutputs.number(m, "final", "test", "accuracy");
        assertTrue(test >= 0.9, "test accuracy " + test);
        ModelFile.load(Networks.cnn(8, 16, 32, 10, new SplittableRandom(1)), out.resolve("model.safetensors"));
    }

    @Test
    void theDefaultCnnReachesNinetySevenPercent() throws IOException {
        Path out = dir.resolve("cnn-default");
        Map<String, Object> m = run(out, "--model", "cnn");
        double test = RunOutputs.number(m, "final", "test", "accuracy");
        assertTrue(test >= 0.97, "test accuracy " + test);
    }

    @Test
    void theSameSeedGivesTheSameNumbers() throws IOException {
        Map<String, Object> a = run(dir.resolve("a"), "--epochs", "2", "--seed", "5", "--optimizer", "momentum",
                "--lr", "0.05");
        Map<String, Object> b = run(dir.resolve("b"), "--epochs", "2", "--seed", "5", "--optimizer", "momentum",
                "--lr", "0.05");
        Map<String, Object> c = run(dir.resolve("c"), "--epochs", "2", "--seed", "6", "--optimizer", "momentum",
                "--lr", "0.05");
        assertEquals(a.get("final"), b.get("final"));
        assertEquals(RunOutputs.number(a, "final", "train", "loss"), RunOutputs.number(b, "final", "train", "loss"));
        assertTrue(RunOutputs.number(a, "final", "train", "loss") != RunOutputs.number(c, "final", "train", "loss"));
    }
}
