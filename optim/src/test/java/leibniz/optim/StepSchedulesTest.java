package leibniz.optim;

import static leibniz.optim.SchedulesTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Per-step schedules against PyTorch's own schedulers stepped after every batch (the numbers in
 * {@code pytorch_step_schedules.txt}, written by real PyTorch with the script beside it) and against their
 * formulas evaluated by hand.
 */
class StepSchedulesTest {
    /**
     * One-cycle uses PyTorch's expressions one for one and agrees to the bit on x86-64; one unit in the last
     * place allows another platform's cosine. PyTorch steps LinearLR and CosineAnnealingLR by recurrences
     * whose rounding differs from the closed forms in the last bit or two.
     */
    private static final double SAME_EXPRESSIONS = 1;
    private static final double RECURRENCE = 4;

    @Test
    void oneCycleWithPyTorchsDefaultsMatchesOneCycleLR() {
        assertMatchesPyTorch("oneCycle(20) max 0.1", StepSchedules.oneCycle(20), 0.1, SAME_EXPRESSIONS);
    }

    @Test
    void oneCycleWithAPeakBetweenStepsMatchesOneCycleLR() {
        assertMatchesPyTorch("oneCycle(17, 0.25, 10, 100) max 0.01", StepSchedules.oneCycle(17, 0.25, 10, 100), 0.01,
                SAME_EXPRESSIONS);
    }

    @Test
    void oneCycleWithoutAClimbMatchesOneCycleLR() {
        assertMatchesPyTorch("oneCycle(5, 0, 25, 1e4) max 1", StepSchedules.oneCycle(5, 0, 25, 1e4), 1,
                SAME_EXPRESSIONS);
    }

    @Test
    void warmupThenCosineMatchesLinearLRThenCosineAnnealingLR() {
        assertMatchesPyTorch("warmupCosine(3, 12, 1e-3) base 0.5", StepSchedules.warmupCosine(3, 12, 1e-3), 0.5,
                RECURRENCE);
    }

    @Test
    void oneCycleStartsAtTheBaseOverDivFactorPeaksAndEndsAtItsMinimum() {
        StepSchedule s = StepSchedules.oneCycle(11, 0.5, 4, 10);
        // Climb over steps 0..4.5: the peak 0.5·11 − 1 = 4.5 falls between steps 4 and 5.
        assertEquals(0.25, s.rate(0, 1), 1e-16);
        assertEquals(0.25 + 0.75 * (1 - Math.cos(Math.PI * 3 / 4.5)) / 2, s.rate(3, 1), 1e-15);
        assertEquals(0.025 + 0.975 * (1 + Math.cos(Math.PI * 0.5 / 5.5)) / 2, s.rate(5, 1), 1e-15);
        assertEquals(0.025, s.rate(10, 1), 1e-17);
        // PyTorch divides by zero when pctStart·T = 1 (a climb of no steps); here step 0 is the peak.
        assertEquals(2.0, StepSchedules.oneCycle(10, 0.1, 25, 1e4).rate(0, 2));
    }

    @Test
    void linearWarmupClimbsInEqualStepsThenKeepsTheBase() {
        StepSchedule s = StepSchedules.linearWarmup(4);
        double[] expected = {0.2, 0.4, 0.6, 0.8, 1, 1, 1};
        for (int t = 0; t < expected.length; t++) {
            assertEquals(expected[t], s.rate(t, 1), 1e-15, "step " + t);
        }
        StepSchedule then = StepSchedules.linearWarmup(2, 0.5, StepSchedules.cosine(4, 0));
        // 0.5, 0.75, then the cosine from its own step 0: 1, (1 + cos(π/4)) / 2, 0.5, ...
        assertEquals(0.5, then.rate(0, 1));
        assertEquals(0.75, then.rate(1, 1));
        assertEquals(1, then.rate(2, 1));
        assertEquals((1 + Math.cos(Math.PI / 4)) / 2, then.rate(3, 1), 1e-16);
        assertEquals(0.5, then.rate(4, 1), 1e-16);
        // Steps past the int range are steps like any other.
        assertEquals(1, then.rate(3_000_000_002L, 1), 1e-12);
    }

    @Test
    void invalidHyperparametersAndStepsAreRefusedWithTheirValue() {
        assertMessage("oneCycle: totalSteps must be >= 1, got 0", () -> StepSchedules.oneCycle(0));
        assertMessage("oneCycle: pctStart must be in [0, 1], got 1.5", () -> StepSchedules.oneCycle(10, 1.5, 25, 1e4));
        assertMessage("oneCycle: divFactor must be finite and > 0, got 0.0", () -> StepSchedules.oneCycle(10, 0.3, 0, 1));
        assertMessage("oneCycle: finalDivFactor must be finite and > 0, got NaN",
                () -> StepSchedules.oneCycle(10, 0.3, 25, Double.NaN));
        assertMessage("cosine: totalSteps must be >= 1, got -4", () -> StepSchedules.cosine(-4, 0));
        assertMessage("cosine: etaMin must be finite and >= 0, got -1.0", () -> StepSchedules.cosine(4, -1));
        assertMessage("warmupCosine: totalSteps must exceed warmupSteps (100), got 100",
                () -> StepSchedules.warmupCosine(100, 100, 0));
        assertMessage("linearWarmup: warmupSteps must be >= 1, got 0", () -> StepSchedules.linearWarmup(0));
        assertMessage("linearWarmup: startFactor must be in (0, 1], got 0.0",
                () -> StepSchedules.linearWarmup(3, 0, StepSchedules.constant()));
        assertMessage("linearWarmup: the schedule after the warm-up is required",
                () -> StepSchedules.linearWarmup(3, null));
        assertMessage("oneCycle: step 20 is past the cycle of 20 steps (0 to 19)",
                () -> StepSchedules.oneCycle(20).rate(20, 0.1));
        assertMessage("oneCycle: step must be >= 0, got -1", () -> StepSchedules.oneCycle(20).rate(-1, 0.1));
        assertMessage("cosine: base rate must be finite and >= 0, got NaN",
                () -> StepSchedules.cosine(20, 0).rate(1, Double.NaN));
        assertMessage("constant: base rate must be finite and >= 0, got -0.5",
                () -> StepSchedules.constant().rate(1, -0.5));
    }

    private static void assertMatchesPyTorch(String name, StepSchedule s, double base, double ulps) {
        double[] expected = pytorch().get(name);
        assertNotNull(expected, name);
        for (int t = 0; t < expected.length; t++) {
            double got = s.rate(t, base);
            assertTrue(Math.abs(got - expected[t]) <= ulps * Math.ulp(expected[t]),
                    name + " at step " + t + ": PyTorch " + expected[t] + ", got " + got);
        }
    }

    private static Map<String, double[]> pytorch() {
        try (InputStream in = StepSchedulesTest.class.getResourceAsStream("pytorch_step_schedules.txt")) {
            Map<String, double[]> out = new LinkedHashMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.startsWith("#") && !line.isBlank()) {
                    int colon = line.indexOf(": ");
                    out.put(line.substring(0, colon), Arrays.stream(line.substring(colon + 2).trim().split(" "))
                            .mapToDouble(Double::parseDouble).toArray());
                }
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
