package leibniz.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Each learning-rate schedule against its formula evaluated by hand for the first epochs. */
class SchedulesTest {
    private static final double SQRT2 = Math.sqrt(2);

    @Test
    void constantKeepsTheBaseRate() {
        assertRates(Schedules.constant(), 0.3, 0.3, 0.3, 0.3, 0.3);
    }

    @Test
    void stepDecayHalvesEveryThreeEpochs() {
        assertRates(Schedules.stepDecay(3, 0.5), 0.1,
                0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.0125);
    }

    @Test
    void multiStepDecaysAtEachMilestone() {
        assertRates(Schedules.multiStep(new int[] {2, 5, 6}, 0.1), 1,
                1, 1, 0.1, 0.1, 0.1, 0.01, 0.001, 0.001, 0.001, 0.001);
    }

    @Test
    void exponentialMultipliesEveryEpoch() {
        assertRates(Schedules.exponential(0.9), 1,
                1, 0.9, 0.81, 0.729, 0.6561, 0.59049, 0.531441, 0.4782969, 0.43046721, 0.387420489);
    }

    @Test
    void cosineFallsToEtaMinAtTMaxAndRisesAfterAsInPyTorch() {
        double hi = 0.5 + SQRT2 / 4;   // (1 + cos(π/4)) / 2
        double lo = 0.5 - SQRT2 / 4;   // (1 + cos(3π/4)) / 2
        assertRates(Schedules.cosine(4, 0), 1, 1, hi, 0.5, lo, 0, lo, 0.5, hi, 1);
        // With η_min = 0.1 and η₀ = 1.1 the same curve is scaled by 1 and lifted by 0.1.
        assertRates(Schedules.cosine(4, 0.1), 1.1, 1.1, 0.1 + hi, 0.6, 0.1 + lo, 0.1);
    }

    @Test
    void cosineWarmRestartsRestartsAfterPeriodsOfTwoFourAndEight() {
        double c8 = (1 + Math.cos(Math.PI / 8)) / 2;
        double c38 = (1 + Math.cos(3 * Math.PI / 8)) / 2;
        double hi = 0.5 + SQRT2 / 4;
        double lo = 0.5 - SQRT2 / 4;
        // Periods [0, 2), [2, 6), [6, 14): T_cur/T_i = 0, 1/2 | 0, 1/4, 2/4, 3/4 | 0, 1/8, 2/8, 3/8.
        assertRates(Schedules.cosineWarmRestarts(2, 2, 0), 1, 1, 0.5, 1, hi, 0.5, lo, 1, c8, hi, c38);
        // tMult = 1: every period lasts t0 = 3 epochs.
        assertRates(Schedules.cosineWarmRestarts(3, 1, 0), 2, 2, 1.5, 0.5, 2, 1.5, 0.5, 2);
        assertRates(Schedules.cosineWarmRestarts(3, 1, 0.5), 2.5, 2.5, 2, 1, 2.5);
    }

    @Test
    void linearWarmupClimbsThenHandsOverCountingFromZero() {
        assertRates(Schedules.linearWarmup(4, Schedules.stepDecay(2, 0.5)), 1,
                0.2, 0.4, 0.6, 0.8, 1, 1, 0.5, 0.5, 0.25, 0.25);
        assertRates(Schedules.linearWarmup(3, 0.25, Schedules.constant()), 0.4, 0.1, 0.2, 0.3, 0.4, 0.4);
        assertRates(Schedules.linearWarmup(1, 1, Schedules.exponential(0.5)), 1, 1, 1, 0.5, 0.25);
    }

    @Test
    void inverseTimeDecay() {
        assertRates(Schedules.inverseTimeDecay(0.5, 2), 1,
                1, 0.8, 2.0 / 3, 4.0 / 7, 0.5, 4.0 / 9, 0.4, 4.0 / 11, 1.0 / 3, 4.0 / 13);
        assertRates(Schedules.inverseTimeDecay(0, 5), 0.7, 0.7, 0.7, 0.7);
    }

    @Test
    void aLambdaIsASchedule() {
        LearningRateSchedule s = (e, base) -> base / (1 + e);
        assertRates(s, 1, 1, 0.5, 1.0 / 3);
        assertEquals(Map.of(), s.state());
        s.restore(Map.of());
    }

    @Test
    void schedulesAnswerAnyEpochInAnyOrder() {
        LearningRateSchedule s = Schedules.stepDecay(3, 0.5);
        assertEquals(0.025, s.rate(7, 0.1), 1e-17);
        assertEquals(0.1, s.rate(0, 0.1), 1e-17);
        assertEquals(0.1 * Math.pow(0.5, 1000), s.rate(3000, 0.1));
    }

    @Test
    void invalidHyperparametersAreRefusedWithTheirValue() {
        assertMessage("stepDecay: gamma must be in (0, 1], got 1.5", () -> Schedules.stepDecay(10, 1.5));
        assertMessage("stepDecay: gamma must be in (0, 1], got 0.0", () -> Schedules.stepDecay(10, 0));
        assertMessage("stepDecay: stepSize must be >= 1, got 0", () -> Schedules.stepDecay(0, 0.5));
        assertMessage("exponential: gamma must be in (0, 1], got NaN", () -> Schedules.exponential(Double.NaN));
        assertMessage("multiStep: milestones must be positive and strictly increasing, got [3, 3]",
                () -> Schedules.multiStep(new int[] {3, 3}, 0.1));
        assertMessage("multiStep: milestones must be positive and strictly increasing, got [0, 3]",
                () -> Schedules.multiStep(new int[] {0, 3}, 0.1));
        assertMessage("multiStep: at least one milestone is required", () -> Schedules.multiStep(new int[0], 0.1));
        assertMessage("cosine: tMax must be >= 1, got 0", () -> Schedules.cosine(0, 0));
        assertMessage("cosine: etaMin must be finite and >= 0, got -1.0", () -> Schedules.cosine(10, -1));
        assertMessage("cosineWarmRestarts: tMult must be >= 1, got 0", () -> Schedules.cosineWarmRestarts(5, 0, 0));
        assertMessage("cosineWarmRestarts: t0 must be >= 1, got -2", () -> Schedules.cosineWarmRestarts(-2, 1, 0));
        assertMessage("linearWarmup: warmupEpochs must be >= 1, got 0",
                () -> Schedules.linearWarmup(0, Schedules.constant()));
        assertMessage("linearWarmup: startFactor must be in (0, 1], got 0.0",
                () -> Schedules.linearWarmup(3, 0, Schedules.constant()));
        assertMessage("linearWarmup: the schedule after the warm-up is required",
                () -> Schedules.linearWarmup(3, null));
        assertMessage("inverseTimeDecay: decayRate must be finite and >= 0, got Infinity",
                () -> Schedules.inverseTimeDecay(Double.POSITIVE_INFINITY, 1));
        assertMessage("inverseTimeDecay: decaySteps must be >= 1, got 0", () -> Schedules.inverseTimeDecay(1, 0));
    }

    @Test
    void badEpochsAndBaseRatesAreRefused() {
        assertMessage("stepDecay: epoch must be >= 0, got -1", () -> Schedules.stepDecay(2, 0.5).rate(-1, 0.1));
        assertMessage("cosine: base rate must be finite and >= 0, got -0.1", () -> Schedules.cosine(2, 0).rate(0, -0.1));
        assertMessage("linearWarmup: epoch must be >= 0, got -3",
                () -> Schedules.linearWarmup(2, Schedules.constant()).rate(-3, 0.1));
        assertMessage("exponential(gamma=0.5): keeps no state to restore, got [best]",
                () -> Schedules.exponential(0.5).restore(Map.of("best", 1.0)));
    }

    private static void assertRates(LearningRateSchedule s, double base, double... expected) {
        for (int e = 0; e < expected.length; e++) {
            assertEquals(expected[e], s.rate(e, base), 1e-15 * Math.max(1, Math.abs(expected[e])),
                    s + " at epoch " + e);
        }
    }

    static void assertMessage(String expected, Executable call) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
