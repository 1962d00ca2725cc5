package leibniz.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import leibniz.core.Tensor;
import leibniz.nn.Activation;
import leibniz.nn.Linear;
import leibniz.nn.ModelFile;
import leibniz.nn.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Iris, XOR and the regression, each run through the command line with small settings. */
class SmallExamplesTest {
    @TempDir
    Path dir;

    @Test
    void irisReachesNinetyPercentInFortyEpochs() throws IOException {
        Path out = dir.resolve("iris");
        Cli r = Cli.run("iris", "--epochs", "40", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        Map<String, Object> m = RunOutputs.assertClassificationOutputs(out, 40);
        double test = RunOutputs.number(m, "final", "test", "accuracy");
        assertTrue(test >= 0.9, "test accuracy " + test);
        ModelFile.load(Sequential.of(Linear.create(4, 16, new SplittableRandom(0)), Activation.relu(),
                Linear.create(16, 3, new SplittableRandom(0))), out.resolve("model.safetensors"));
    }

    @Test
    void irisReachesNinetyThreePercentWithTheDefaults() throws IOException {
        Path out = dir.resolve("iris-default");
        Cli r = Cli.run("iris", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        double test = RunOutputs.number(RunOutputs.metrics(out), "final", "test", "accuracy");
        assertTrue(test >= 0.93, "test accuracy " + test);
    }

    @Test
    void xorLearnsTheTruthTableAndDrawsItsBoundary() throws IOException {
        Path out = dir.resolve("xor");
        Cli r = Cli.run("xor", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("  1 xor 1 -> "), r.out());
        Map<String, Object> m = RunOutputs.metrics(out);
        assertEquals(1.0, RunOutputs.number(m, "final", "train", "binary_accuracy"));
        assertTrue(RunOutputs.number(m, "final", "train", "loss") < 0.1);
        assertEquals(300, RunOutputs.epochs(m).size());
        RunOutputs.assertPng(out.resolve("curves.png"), 2 * Plots.WIDTH, Plots.HEIGHT);
        RunOutputs.assertPng(out.resolve("boundary.png"), Plots.WIDTH, Plots.HEIGHT);

        Sequential model = Sequential.of(Linear.create(2, 4, new SplittableRandom(0)), Activation.tanh(),
                Linear.create(4, 1, new SplittableRandom(0)));
        ModelFile.load(model, out.resolve("model.safetensors"));
        double[] logits = model.forward(leibniz.autograd.Node.constant(
                Tensor.matrix(new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}}))).value().toArray();
        assertTrue(logits[0] < 0 && logits[1] > 0 && logits[2] > 0 && logits[3] < 0, java.util.Arrays.toString(logits));
    }

    @Test
    void regressionComparesThePenalties() throws IOException {
        Path out = dir.resolve("regression");
        Cli r = Cli.run("regression", "--epochs", "200", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("weights |w| < 0.01"), r.out());
        Map<String, Object> m = RunOutputs.metrics(out);
        Map<String, Object> runs = RunOutputs.object(m.get("runs"));
        assertEquals(List.of("none", "l1", "l2"), List.copyOf(runs.keySet()));
        double none = RunOutputs.number(runs, "none", "final", "validation", "mse");
        double l1 = RunOutputs.number(runs, "l1", "final", "validation", "mse");
        double l2 = RunOutputs.number(runs, "l2", "final", "validation", "mse");
        assertTrue(l1 < none && l2 < none, "validation mse none " + none + ", l1 " + l1 + ", l2 " + l2);
        assertTrue(RunOutputs.number(runs, "l1", "near_zero_weights") > RunOutputs.number(runs, "none",
                "near_zero_weights"));
        assertTrue(RunOutputs.number(runs, "l2", "weight_l2_norm") < RunOutputs.number(runs, "none", "weight_l2_norm"));
        RunOutputs.assertPng(out.resolve("fits.png"), Plots.WIDTH, Plots.HEIGHT);
        RunOutputs.assertPng(out.resolve("curves.png"), Plots.WIDTH, Plots.HEIGHT);
        ModelFile.load(Linear.create(15, 1, new SplittableRandom(0)), out.resolve("model.safetensors"));
    }

    @Test
    void legendreFeaturesMatchTheClosedForms() {
        double x = 0.3;
        Tensor f = RegressionExample.legendre(new double[] {x}, 3);
        assertEquals(x, f.get(0, 0), 1e-15);
        assertEquals((3 * x * x - 1) / 2, f.get(0, 1), 1e-15);
        assertEquals((5 * x * x * x - 3 * x) / 2, f.get(0, 2), 1e-15);
    }
}
