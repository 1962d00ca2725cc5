package leibniz.optim;

import static leibniz.optim.ToyModels.blobs;
import static leibniz.optim.ToyModels.constant;
import static leibniz.optim.ToyModels.linear;
import static leibniz.optim.ToyModels.logistic;
import static leibniz.optim.ToyModels.params;
import static leibniz.optim.ToyModels.pull;
import static leibniz.optim.ToyModels.regression;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import leibniz.autograd.Parameter;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;

class TrainerTest {
    @Test
    void linearRegressionFitsExactData() {
        Parameter w = Parameter.of("w", Tensor.zeros(3, 1));
        Parameter b = Parameter.of("b", Tensor.zeros(1));
        Dataset data = regression(64, 1);
        Trainer trainer = Trainer.builder().parameters(params(w, b)).objective(linear(w, b))
                .optimizer(Sgd.create(0.1)).epochs(40).batchSize(16).seed(3).quiet().build();
        History h = trainer.fit(data);
        assertEquals(40, h.epochs().size());
        assertEquals(160, trainer.step());
        assertTrue(h.last().loss() < 1e-8, "loss " + h.last().loss());
        assertTrue(trainer.evaluate(data).loss() < 1e-8);
        assertTrue(w.value().allClose(Tensor.of(new double[] {2, -1, 0.5}, 3, 1), 1e-4), w.value().toString());
        assertEquals(0.3, b.value().item(), 1e-4);
    }

    @Test
    void logisticRegressionReachesAccuracyOnValidation() {
        Parameter w = Parameter.of("w", Tensor.zeros(2, 1));
        Parameter b = Parameter.of("b", Tensor.zeros(1));
        Dataset.Split parts = blobs(200, 2).split(0.25, 9);
        Trainer trainer = Trainer.builder().parameters(params(w, b)).objective(logistic(w, b))
                .optimizer(Adam.create(0.1)).epochs(30).batchSize(32).metrics(Metrics.binaryAccuracy())
                .validation(parts.validation()).quiet().build();
        EpochRecord last = trainer.fit(parts.train()).last();
        assertTrue(last.loss() < 0.15, "loss " + last.loss());
        assertTrue(last.metrics().get("binary_accuracy") >= 0.97, last.toString());
        assertTrue(last.value("val_binary_accuracy") >= 0.9, last.toString());
        // The validation numbers are exactly those of evaluating the final parameters.
        Evaluation e = trainer.evaluate(parts.validation());
        assertEquals(e.loss(), last.value("val_loss"));
        assertEquals(e.metric("binary_accuracy"), last.value("val_binary_accuracy"));
        assertEquals(50, parts.validation().size());
    }

    @Test
    void trainingAveragesOverRowsAndReportsEachEpoch() {
        // w moves halfway to 3 each step: 0, 1.5, 2.25; losses are taken before each step.
        Parameter w = Parameter.of("w", Tensor.scalar(0));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Trainer trainer = Trainer.builder().parameters(params(w)).objective(pull(w))
                .optimizer(Sgd.create(0.25)).epochs(2).batchSize(4).validation(constant(3, 2))
                .metrics(Metrics.meanAbsoluteError()).output(new PrintStream(bytes, true, StandardCharsets.UTF_8))
                .build();
        History h = trainer.fit(constant(4, 3));
        assertArrayEquals(new double[] {9, 2.25}, h.series("loss"));
        assertArrayEquals(new double[] {3, 1.5}, h.series("mae"));
        assertArrayEquals(new double[] {0.25, 0.0625}, h.series("val_loss"));
        assertArrayEquals(new double[] {0.25, 0.25}, h.series("lr"));
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(2, lines.length);
        assertTrue(lines[0].startsWith("epoch 1/2: loss 9.000, mae 3.000, val_loss 0.2500, val_mae 0.5000, lr 0.2500, "
                + "batch 4, 1 steps, "), lines[0]);
        assertTrue(lines[1].startsWith("epoch 2/2: loss 2.250, "), lines[1]);
    }

    @Test
    void programsAreBuiltOncePerBatchShapeNotPerStep() {
        Parameter w = Parameter.of("w", Tensor.zeros(3, 1));
        Parameter b = Parameter.of("b", Tensor.zeros(1));
        List<String> builds = new ArrayList<>();
        Objective counting = (x, y, training) -> {
            builds.add((training ? "train " : "eval ") + x.shape());
            return linear(w, b).build(x, y, training);
        };
        Trainer trainer = Trainer.builder().parameters(params(w, b)).objective(counting).optimizer(Sgd.create(0.01))
                .epochs(3).batchSize(4).validation(regression(5, 2)).quiet().build();
        trainer.fit(regression(10, 1));
        // 10 rows in batches of 4, 4, 2; validation 5 rows in 4, 1; three epochs reuse all four programs.
        assertEquals(List.of("train [4, 3]", "train [2, 3]", "eval [4, 3]", "eval [1, 3]"), builds);
        assertEquals(4, trainer.programCount());
        assertEquals(9, trainer.step());
    }

    @Test
    void nanLossStopsTrainingAndUndoesTheStep() {
        // loss = log w; from w = 1 a step of 2 · (1/w) lands on w = −1, whose log is NaN.
        Parameter w = Parameter.of("w", Tensor.scalar(1));
        Trainer trainer = Trainer.builder().parameters(params(w))
                .objective((x, y, training) -> Pass.of(w.node().log(), x)).optimizer(Sgd.create(2)).epochs(5)
                .batchSize(1).quiet().build();
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> trainer.fit(constant(1, 0)));
        assertEquals("training stopped: loss is NaN at epoch 2, step 1; the step rerun in debug mode finds:\n"
                + "NaN in log[]: 1 of 1 element, first at []\n"
                + "  input 0, parameter 'w' []: min -1.0, max -1.0, no NaN, no infinity\n"
                + "  depends on parameter 'w'", e.getMessage());
        assertEquals(-1.0, w.value().item());
        assertEquals(1, trainer.epoch());
        assertEquals(1.0, trainer.optimizer().state().get("sgd.step").value().item());
    }

    @Test
    void infiniteLossStopsTraining() {
        // From w = 0.5 a step of 0.25 · 2 reaches w = 0: log 0 = −∞ on the second step.
        Parameter w = Parameter.of("w", Tensor.scalar(0.5));
        Trainer trainer = Trainer.builder().parameters(params(w))
                .objective((x, y, training) -> Pass.of(w.node().log(), x)).optimizer(Sgd.create(0.25)).epochs(1)
                .batchSize(1).quiet().build();
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> trainer.fit(constant(3, 0)));
        assertEquals("training stopped: loss is -Infinity at epoch 1, step 2; the step rerun in debug mode finds:\n"
                + "infinity in log[]: 1 of 1 element, first at []\n"
                + "  input 0, parameter 'w' []: min 0.0, max 0.0, no NaN, no infinity\n"
                + "  depends on parameter 'w'", e.getMessage());
    }

    @Test
    void badSettingsAreRefused() {
        assertEquals("Trainer: epochs must be positive, got 0",
                assertThrows(IllegalArgumentException.class, () -> Trainer.builder().epochs(0)).getMessage());
        assertEquals("Trainer: batch size must be positive, got -2",
                assertThrows(IllegalArgumentException.class, () -> Trainer.builder().batchSize(-2)).getMessage());
        assertEquals("Trainer: no parameters to train", assertThrows(IllegalArgumentException.class,
                () -> Trainer.builder().optimizer(Sgd.create(0.1)).build()).getMessage());
        Parameter w = Parameter.of("w", Tensor.zeros(3, 1));
        assertEquals("Trainer: needs an objective and an optimizer", assertThrows(IllegalArgumentException.class,
                () -> Trainer.builder().parameters(params(w)).optimizer(Sgd.create(0.1)).build()).getMessage());
    }

    @Test
    void validationRowsMustMatchTrainingRows() {
        Parameter w = Parameter.of("w", Tensor.zeros(3, 1));
        Parameter b = Parameter.of("b", Tensor.zeros(1));
        Trainer trainer = Trainer.builder().parameters(params(w, b)).objective(linear(w, b))
                .optimizer(Sgd.create(0.1)).validation(Dataset.of(Tensor.zeros(5, 2), Tensor.zeros(5, 1))).quiet()
                .build();
        assertEquals("Trainer: validation rows (features [2], targets [1]) differ from training rows (features [3], "
                + "targets [1])", assertThrows(IllegalArgumentException.class,
                        () -> trainer.fit(regression(8, 1))).getMessage());
    }
}
