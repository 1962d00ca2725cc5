package leibniz.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import leibniz.nn.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DP-SGD example: seeded runs that learn despite the noise, its outputs, and its refusals. */
class DpSgdExampleTest {
    @TempDir
    Path dir;

    /** Twelve epochs: DP-SGD (C 1, σ 1) above 88% test accuracy, plain SGD from the same start above 92%. */
    @Test
    void dpSgdLearnsTheDigitsBesidePlainSgd() throws IOException {
        Path out = dir.resolve("dp");
        Cli r = Cli.run("dpsgd", "--epochs", "12", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("with DP-SGD (C 1, σ 1)"), r.out());
        Map<String, Object> privacy = RunOutputs.object(RunOutputs.metrics(out).get("privacy"));
        double q = 64.0 / 1258;
        assertEquals(q, ((Number) privacy.get("sampling_rate")).doubleValue(), 1e-15);
        assertEquals(12 * 19, ((Number) privacy.get("steps")).intValue());
        assertEquals(PrivacyAccountant.epsilon(q, 1, 12 * 19, 1e-5), ((Number) privacy.get("epsilon")).doubleValue());
        Map<String, Object> m = RunOutputs.metrics(out);
        List<Object> dp = RunOutputs.list(RunOutputs.object(m.get("dpsgd")).get("test_accuracy"));
        List<Object> sgd = RunOutputs.list(RunOutputs.object(m.get("sgd")).get("test_accuracy"));
        assertEquals(12, dp.size());
        double dpAccuracy = ((Number) dp.get(11)).doubleValue();
        double sgdAccuracy = ((Number) sgd.get(11)).doubleValue();
        assertTrue(dpAccuracy >= 0.88, "DP-SGD test accuracy " + dpAccuracy);
        assertTrue(sgdAccuracy >= 0.92, "SGD test accuracy " + sgdAccuracy);
        RunOutputs.assertPng(out.resolve("curves.png"), Plots.WIDTH, Plots.HEIGHT);
        ModelFile.load(Networks.mlp(64, 64, 10, new SplittableRandom(5)), out.resolve("model.safetensors"));
    }

    /** Without noise and with a bound no gradient reaches, DP-SGD is plain SGD: the two runs agree. */
    @Test
    void noNoiseAndNoClippingIsPlainSgd() throws IOException {
        Path out = dir.resolve("plain");
        Cli r = Cli.run("dpsgd", "--epochs", "2", "--noise", "0", "--clip", "1e9", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        Map<String, Object> m = RunOutputs.metrics(out);
        List<Object> dp = RunOutputs.list(RunOutputs.object(m.get("dpsgd")).get("train_loss"));
        List<Object> sgd = RunOutputs.list(RunOutputs.object(m.get("sgd")).get("train_loss"));
        for (int e = 0; e < 2; e++) {
            assertEquals(((Number) sgd.get(e)).doubleValue(), ((Number) dp.get(e)).doubleValue(), 1e-9);
        }
    }

    @Test
    void badOptionsAreRefused() {
        MainTest.assertUsageError(Cli.run("dpsgd", "--noise", "-1"),
                "Invalid value for option '--noise': must be a finite number at least 0, got -1");
        MainTest.assertUsageError(Cli.run("dpsgd", "--clip", "0"),
                "Invalid value for option '--clip': must be a finite positive number, got 0");
        MainTest.assertUsageError(Cli.run("dpsgd", "--delta", "2"), "--delta must be below 1, got 2.0");
        MainTest.assertUsageError(Cli.run("dpsgd", "--batch-size", "5000"), "--batch-size 5000 is larger than the 1258 "
                + "training examples; give at most 1258");
    }
}
