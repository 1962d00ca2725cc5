package leibniz.optim;

import static leibniz.optim.ToyModels.constant;
import static leibniz.optim.ToyModels.linear;
import static leibniz.optim.ToyModels.params;
import static leibniz.optim.ToyModels.pull;
import static leibniz.optim.ToyModels.regression;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;

/** Schedules and clipping as the trainer applies them. */
class SchedulingTest {
    @Test
    void learningRateScheduleSetsTheOptimizerRateEachEpoch() {
        Parameter w = Parameter.of("w", Tensor.scalar(0));
        Sgd sgd = Sgd.create(0.4);
        List<Double> seen = new ArrayList<>();
        Trainer trainer = Trainer.builder().parameters(params(w)).objective(pull(w)).optimizer(sgd).epochs(4)
                .batchSize(4).learningRateSchedule(Schedules.stepDecay(1, 0.5))
                .callbacks((t, e) -> seen.add(t.optimizer().learningRate()) && false).quiet().build();
        History h = trainer.fit(constant(4, 3));
        assertArrayEquals(new double[] {0.4, 0.2, 0.1, 0.05}, h.series("lr"));
        assertEquals(List.of(0.4, 0.2, 0.1, 0.05), seen);
        // Each rate was used by its epoch's step: w ← w + 2η(3 − w).
        double expected = 0;
        for (double rate : new double[] {0.4, 0.2, 0.1, 0.05}) {
            expected += 2 * rate * (3 - expected);
        }
        assertEquals(expected, w.value().item(), 1e-15);
    }

    @Test
    void batchSizeScheduleChangesTheNumberOfStepsPerEpoch() {
        Parameter w = Parameter.of("w", Tensor.zeros(3, 1));
        Parameter b = Parameter.of("b", Tensor.zeros(1));
        Trainer trainer = Trainer.builder().parameters(params(w, b)).objective(linear(w, b))
                .optimizer(Sgd.create(0.05)).epochs(4).batchSize(4).batchSizeSchedule(Schedules.growByEpochs(1, 2, 16))
                .quiet().build();
        History h = trainer.fit(regression(24, 1));
        assertArrayEquals(new double[] {4, 8, 16, 16}, h.series("batch_size"));
        assertArrayEquals(new double[] {6, 3, 2, 2}, h.series("steps"));
        assertEquals(13, trainer.step());
        // Batch shapes 4, 8 and 16 (24 rows = 16 + 8 reuses the 8): three programs.
        assertEquals(3, trainer.programCount());
    }

    @Test
    void badBatchSizeFromAScheduleIsRefused() {
        Parameter w = Parameter.of("w", Tensor.scalar(0));
        Trainer trainer = Trainer.builder().parameters(params(w)).objective(pull(w)).optimizer(Sgd.create(0.1))
                .epochs(3).batchSizeSchedule((epoch, base) -> epoch == 1 ? 0 : base).quiet().build();
        assertEquals("Trainer: the batch-size schedule gave 0 for epoch 2", assertThrows(IllegalArgumentException.class,
                () -> trainer.fit(constant(4, 3))).getMessage());
    }

    @Test
    void clippingIsAppliedToTheGradientsInTheStep() {
        // Gradient of mean((w − 3)²) at w = 0 is −6; clipped to norm 1 it is −1, so SGD(0.5) moves w to 0.5.
        Parameter w = Parameter.of("w", Tensor.scalar(0));
        List<Integer> calls = new ArrayList<>();
        Trainer trainer = Trainer.builder().parameters(params(w)).objective(pull(w)).optimizer(Sgd.create(0.5))
                .batchSize(4).clipping(g -> {
                    calls.add(g.size());
                    return Clipping.byGlobalNorm(g, 1.0);
                }).quiet().build();
        trainer.fit(constant(4, 3));
        assertEquals(0.5, w.value().item(), 1e-15);
        assertEquals(List.of(1), calls);
        Trainer broken = Trainer.builder().parameters(params(w)).objective(pull(w)).optimizer(Sgd.create(0.5))
                .clipping(g -> List.<Node>of()).quiet().build();
        assertEquals("Trainer: gradient clipping returned 0 gradients for 1 parameters",
                assertThrows(IllegalArgumentException.class, () -> broken.fit(constant(4, 3))).getMessage());
    }
}
