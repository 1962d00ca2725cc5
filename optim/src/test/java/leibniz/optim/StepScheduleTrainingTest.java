package leibniz.optim;

import static leibniz.optim.ToyModels.blobs;
import static leibniz.optim.ToyModels.constant;
import static leibniz.optim.ToyModels.params;
import static leibniz.optim.ToyModels.pull;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import leibniz.autograd.Assign;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Step schedules as the trainer applies them: a rate before every batch, composed with the epoch schedule,
 * refused before a run they cannot finish, and continued exactly after a resume.
 */
class StepScheduleTrainingTest {
    @TempDir
    Path dir;

    /** SGD that records every rate the trainer sets. */
    private static final class Recording implements Optimizer {
        final Sgd sgd;
        final List<Double> rates = new ArrayList<>();

        Recording(double rate) {
            sgd = Sgd.create(rate);
        }

        @Override
        public List<Assign> step(List<Parameter> parameters, List<Node> gradients) {
            return sgd.step(parameters, gradients);
        }

        @Override
        public List<Assign> step(Map<String, Parameter> parameters, List<Node> gradients) {
            return sgd.step(parameters, gradients);
        }

        @Override
        public Map<String, Parameter> state() {
            return sgd.state();
        }

        @Override
        public double learningRate() {
            return sgd.learningRate();
        }

        @Override
        public void setLearningRate(double rate) {
            rates.add(rate);
            sgd.setLearningRate(rate);
        }
    }

    @Test
    void everyStepRunsWithItsOwnRate() {
        // 10 rows in batches of 4, 4, 2: three steps per epoch, six in two epochs, the whole one-cycle.
        Parameter w = Parameter.of("w", Tensor.scalar(0));
        Recording sgd = new Recording(0.1);
        StepSchedule cycle = StepSchedules.oneCycle(6);
        History h = Trainer.builder().parameters(params(w)).objective(pull(w)).optimizer(sgd).epochs(2).batchSize(4)
                .stepSchedule(cycle).quiet().build().fit(constant(10, 3));
        double[] expected = new double[6];
        double v = 0;
        for (int t = 0; t < 6; t++) {
            expected[t] = cycle.rate(t, 0.1);
            v -= expected[t] * 2 * (v - 3);   // the gradient of mean((w − 3)²) is 2(w − 3)
        }
        assertArrayEquals(expected, sgd.rates.stream().mapToDouble(Double::doubleValue).toArray());
        assertEquals(v, w.value().item(), 1e-15);
        // An epoch reports the rate of its last step.
        assertArrayEquals(new double[] {expected[2], expected[5]}, h.series("lr"));
    }

    @Test
    void theEpochScheduleGivesTheBaseOfTheStepSchedule() {
        // Epoch rates 0.4 then 0.2 (halved each epoch); a warm-up over 2 steps climbs to the epoch's rate.
        Parameter w = Parameter.of("w", Tensor.scalar(0));
        Recording sgd = new Recording(0.4);
        History h = Trainer.builder().parameters(params(w)).objective(pull(w)).optimizer(sgd).epochs(2).batchSize(4)
                .learningRateSchedule(Schedules.stepDecay(1, 0.5)).stepSchedule(StepSchedules.linearWarmup(2))
                .quiet().build().fit(constant(10, 3));
        // Per epoch: the epoch schedule's rate, then one rate per step.
        assertArrayEquals(new double[] {0.4, 0.4 / 3, 0.8 / 3, 0.4, 0.2, 0.2, 0.2, 0.2},
                sgd.rates.stream().mapToDouble(Double::doubleValue).toArray(), 1e-16);
        assertArrayEquals(new double[] {0.4, 0.2}, h.series("lr"));
    }

    @Test
    void aRunLongerThanTheCycleIsRefusedBeforeItStarts() {
        Parameter w = Parameter.of("w", Tensor.scalar(0));
        Recording sgd = new Recording(0.1);
        Trainer trainer = Trainer.builder().parameters(params(w)).objective(pull(w)).optimizer(sgd).epochs(3)
                .batchSize(4).stepSchedule(StepSchedules.oneCycle(6)).quiet().build();
        assertEquals("Trainer: epochs 1 to 3 would run steps 0 to 8: oneCycle: step 8 is past the cycle of 6 steps "
                + "(0 to 5)", assertThrows(IllegalArgumentException.class, () -> trainer.fit(constant(10, 3)))
                        .getMessage());
        assertEquals(0, trainer.step());
        assertEquals(0.0, w.value().item());
        assertEquals(List.of(), sgd.rates);
    }

    @Test
    void withABatchSizeScheduleTheEpochThatWouldOverrunIsRefusedBeforeItRuns() {
        // Batches of 2 then 4: epoch 1 runs steps 0 to 4, epoch 2 would run 5 to 7 of a 7-step cycle.
        Parameter w = Parameter.of("w", Tensor.scalar(0));
        Trainer trainer = Trainer.builder().parameters(params(w)).objective(pull(w)).optimizer(Sgd.create(0.1))
                .epochs(2).batchSize(2).batchSizeSchedule(Schedules.growByEpochs(1, 2, 64))
                .stepSchedule(StepSchedules.oneCycle(7)).quiet().build();
        assertEquals("Trainer: epoch 2 would run steps 5 to 7: oneCycle: step 7 is past the cycle of 7 steps (0 to 6)",
                assertThrows(IllegalArgumentException.class, () -> trainer.fit(constant(10, 3))).getMessage());
        assertEquals(5, trainer.step());
        assertEquals(1, trainer.epoch());
    }

    /** Logistic regression with Adam, a one-cycle over 8 epochs of 7 batches and a plateau schedule under it. */
    private static final class Run extends ToyModels.LogisticRun {
        @Override
        Trainer.Builder trainer(int epochs) {
            return super.trainer(epochs)
                    .learningRateSchedule(Schedules.reduceOnPlateau(Schedules.Mode.MIN, 0.5, 0, 0.1, 0, 0))
                    .stepSchedule(StepSchedules.oneCycle(8 * 7));
        }
    }

    @Test
    void aResumedRunContinuesTheCycleExactly() throws Exception {
        Dataset train = blobs(45, 3);
        Run whole = new Run();
        History all = whole.trainer(8).build().fit(train);

        Path ckpt = dir.resolve("cycle.safetensors");
        History head = new Run().trainer(4).callbacks(CheckpointCallback.of(ckpt, 4)).build().fit(train);
        Run second = new Run();
        History tail = second.trainer(8).build().resume(ckpt).fit(train);

        assertEquals(whole.state(), second.state());
        for (String key : List.of("loss", "val_loss", "lr", "step")) {
            double[] expected = all.series(key);
            assertArrayEquals(Arrays.copyOfRange(expected, 0, 4), head.series(key), key);
            assertArrayEquals(Arrays.copyOfRange(expected, 4, 8), tail.series(key), key);
        }
        // The whole cycle ran, its last step at the minimum of the rate the plateau schedule had reached.
        assertEquals(56, tail.last().step());
        assertEquals(StepSchedules.oneCycle(56).rate(55, 0.05 / 8), tail.last().learningRate());
    }
}
