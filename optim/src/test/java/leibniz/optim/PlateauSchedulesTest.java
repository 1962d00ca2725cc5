package leibniz.optim;

import static leibniz.optim.SchedulesTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reduce-on-plateau and the batch-size schedules: PyTorch's plateau logic traced by hand, and state. */
class PlateauSchedulesTest {

    @Test
    void reducesAfterMoreThanPatienceEpochsWithoutImprovement() {
        LearningRateSchedule s = Schedules.reduceOnPlateau(Schedules.Mode.MIN, 0.5, 2);
        // best 10, 9; then 9 three times (bad 1, 2, 3 > 2: reduce at epoch 4); 8 improves; 8 x3 again.
        double[] loss = {10, 9, 9, 9, 9, 8, 8, 8, 8, 8, 8};
        assertEquals(List.of(1.0, 1.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25), run(s, 1, loss));
        assertEquals(Map.of("reductions", 2.0, "best", 8.0, "badEpochs", 2.0, "cooldownLeft", 0.0), s.state());
    }

    @Test
    void improvementsSmallerThanTheRelativeThresholdDoNotCount() {
        LearningRateSchedule s = Schedules.reduceOnPlateau(Schedules.Mode.MIN, 0.25, 1, 0.1, 0, 0);
        // 10 sets best; 9.5 > 10·0.9 is no improvement (bad 1); 9.2 neither (bad 2 > 1: reduce);
        // 8.9 < 9 improves; 8.1 > 8.01 does not.
        double[] loss = {10, 9.5, 9.2, 8.9, 8.1, 8.05, 7};
        assertEquals(List.of(1.0, 1.0, 1.0, 0.25, 0.25, 0.25, 0.0625), run(s, 1, loss));
    }

    @Test
    void cooldownSkipsCountingAfterEachReduction() {
        LearningRateSchedule s = Schedules.reduceOnPlateau(Schedules.Mode.MIN, 0.5, 0, 1e-4, 2, 0);
        // Patience 0: the first flat epoch reduces (epoch 1), then two cooldown epochs, then again.
        double[] flat = {5, 5, 5, 5, 5, 5, 5, 5};
        assertEquals(List.of(1.0, 1.0, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25), run(s, 1, flat));
    }

    @Test
    void minRateStopsTheDecayAndABaseBelowItIsKept() {
        LearningRateSchedule s = Schedules.reduceOnPlateau(Schedules.Mode.MIN, 0.5, 0, 0, 0, 0.2);
        assertEquals(List.of(1.0, 1.0, 0.5, 0.25, 0.2, 0.2), run(s, 1, new double[] {1, 1, 1, 1, 1, 1}));
        assertEquals(0.1, s.rate(6, 0.1));
    }

    @Test
    void maxModeWatchesAnAccuracyAndNaNNeverImproves() {
        LearningRateSchedule s = Schedules.reduceOnPlateau(Schedules.Mode.MAX, 0.5, 1);
        double[] accuracy = {0.5, 0.7, 0.7, 0.69, 0.8, Double.NaN, Double.NaN, 0.9};
        assertEquals(List.of(1.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.25), run(s, 1, accuracy));
    }

    @Test
    void stateRestoredIntoAFreshScheduleContinuesIdentically() {
        double[] loss = {3, 2, 2, 2, 2, 2, 1.5, 1.5, 1.5, 1.5, 1, 1, 1, 1};
        LearningRateSchedule whole = Schedules.reduceOnPlateau(Schedules.Mode.MIN, 0.5, 1, 1e-4, 1, 0);
        List<Double> expected = run(whole, 1, loss);

        LearningRateSchedule first = Schedules.reduceOnPlateau(Schedules.Mode.MIN, 0.5, 1, 1e-4, 1, 0);
        List<Double> got = new ArrayList<>(run(first, 1, Arrays.copyOf(loss, 5)));
        Map<String, Double> saved = new LinkedHashMap<>(first.state());
        LearningRateSchedule resumed = Schedules.reduceOnPlateau(Schedules.Mode.MIN, 0.5, 1, 1e-4, 1, 0);
        resumed.restore(saved);
        for (int e = 5; e < loss.length; e++) {
            got.add(resumed.rate(e, 1));
            resumed.observe(e, loss[e]);
        }
        assertEquals(expected, got);
        assertEquals(whole.state(), resumed.state());
    }

    @Test
    void restoreRefusesIncompleteOrInvalidStateAndChangesNothing() {
        LearningRateSchedule s = Schedules.reduceOnPlateau(Schedules.Mode.MIN, 0.5, 0);
        run(s, 1, new double[] {1, 1, 1});
        Map<String, Double> before = s.state();
        assertMessage("reduceOnPlateau: restore needs exactly the keys [badEpochs, best, cooldownLeft, reductions], "
                + "got [best]", () -> s.restore(Map.of("best", 1.0)));
        Map<String, Double> bad = new LinkedHashMap<>(before);
        bad.put("badEpochs", 1.5);
        assertMessage("reduceOnPlateau: restore: badEpochs must be a non-negative integer, got 1.5",
                () -> s.restore(bad));
        bad.put("badEpochs", 0.0);
        bad.put("best", Double.NaN);
        assertMessage("reduceOnPlateau: restore: best must be a number, got NaN", () -> s.restore(bad));
        assertEquals(before, s.state());
    }

    @Test
    void warmupPassesMetricsAndStateToTheScheduleAfterIt() {
        LearningRateSchedule s = Schedules.linearWarmup(2, 0.5,
                Schedules.reduceOnPlateau(Schedules.Mode.MIN, 0.5, 0));
        // Flat loss during the warm-up is ignored; afterwards patience 0 reduces on every flat epoch.
        assertEquals(List.of(0.5, 0.75, 1.0, 1.0, 0.5, 0.25), run(s, 1, new double[] {1, 1, 1, 1, 1, 1}));
        assertEquals(3.0, s.state().get("reductions"));
    }

    @Test
    void plateauHyperparametersAreChecked() {
        assertMessage("reduceOnPlateau: factor must be in (0, 1), got 1.0",
                () -> Schedules.reduceOnPlateau(Schedules.Mode.MIN, 1, 2));
        assertMessage("reduceOnPlateau: patience must be >= 0, got -1",
                () -> Schedules.reduceOnPlateau(Schedules.Mode.MIN, 0.5, -1));
        assertMessage("reduceOnPlateau: threshold must be in [0, 1), got 1.0",
                () -> Schedules.reduceOnPlateau(Schedules.Mode.MIN, 0.5, 1, 1, 0, 0));
        assertMessage("reduceOnPlateau: cooldown must be >= 0, got -2",
                () -> Schedules.reduceOnPlateau(Schedules.Mode.MIN, 0.5, 1, 0, -2, 0));
        assertMessage("reduceOnPlateau: minRate must be finite and >= 0, got -1.0",
                () -> Schedules.reduceOnPlateau(Schedules.Mode.MIN, 0.5, 1, 0, 0, -1));
        assertMessage("reduceOnPlateau: a mode (MIN or MAX) is required",
                () -> Schedules.reduceOnPlateau(null, 0.5, 1));
    }

    @Test
    void growByEpochsMultipliesUpToTheMaximum() {
        BatchSizeSchedule s = Schedules.growByEpochs(3, 2, 100);
        int[] expected = {16, 16, 16, 32, 32, 32, 64, 64, 64, 100, 100, 100, 100};
        for (int e = 0; e < expected.length; e++) {
            assertEquals(expected[e], s.batchSize(e, 16), "epoch " + e);
        }
        assertEquals(100, s.batchSize(Integer.MAX_VALUE, 16));
        assertEquals(5, Schedules.growByEpochs(1, 5, 1000).batchSize(0, 5));
        assertEquals(625, Schedules.growByEpochs(1, 5, 1000).batchSize(3, 5));
        assertMessage("growByEpochs: base batch size must be in [1, 100], got 128", () -> s.batchSize(0, 128));
        assertMessage("growByEpochs: factor must be >= 2, got 1", () -> Schedules.growByEpochs(3, 1, 100));
        assertMessage("growByEpochs: every must be >= 1, got 0", () -> Schedules.growByEpochs(0, 2, 100));
        assertMessage("growByEpochs: max must be >= 1, got 0", () -> Schedules.growByEpochs(1, 2, 0));
    }

    @Test
    void growOnPlateauGrowsWhenTheLossStalls() {
        BatchSizeSchedule s = Schedules.growOnPlateau(2, 1, 64);
        double[] loss = {5, 4, 4, 4, 3, 3, 3, 3, 3, 3};
        List<Integer> sizes = new ArrayList<>();
        for (int e = 0; e < loss.length; e++) {
            sizes.add(s.batchSize(e, 16));
            s.observe(e, loss[e]);
        }
        // Stalls end at epochs 3, 6 and 8 (patience 1); the third growth is capped at 64.
        assertEquals(List.of(16, 16, 16, 16, 32, 32, 32, 64, 64, 64), sizes);
        assertEquals(Map.of("growths", 3.0, "best", 3.0, "badEpochs", 1.0, "cooldownLeft", 0.0), s.state());

        BatchSizeSchedule resumed = Schedules.growOnPlateau(2, 1, 64);
        resumed.restore(s.state());
        assertEquals(64, resumed.batchSize(10, 16));
        assertEquals(s.state(), resumed.state());
        assertMessage("growOnPlateau: factor must be >= 2, got 1", () -> Schedules.growOnPlateau(1, 1, 64));
    }

    /** The rate of each epoch, observing {@code metrics[e]} after epoch {@code e}. */
    private static List<Double> run(LearningRateSchedule s, double base, double[] metrics) {
        List<Double> rates = new ArrayList<>();
        for (int e = 0; e < metrics.length; e++) {
            rates.add(s.rate(e, base));
            s.observe(e, metrics[e]);
        }
        return rates;
    }
}
