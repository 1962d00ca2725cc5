package leibniz.optim;

import static leibniz.optim.ToyModels.constant;
import static leibniz.optim.ToyModels.params;
import static leibniz.optim.ToyModels.pull;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import leibniz.autograd.Parameter;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Callbacks on the pull model: one scalar w, trained towards 3 by SGD with rate 0.25 (one full batch per
 * epoch, so w goes 0, 1.5, 2.25, 2.625, 2.8125) and validated against 2, so the validation loss
 * (w − 2)² is 0.25, 0.0625, 0.390625, 0.66015625: best after epoch 2, worse after.
 */
class CallbacksTest {
    @TempDir
    Path dir;

    private final Parameter w = Parameter.of("w", Tensor.scalar(0));

    private Trainer.Builder pullTrainer(int epochs) {
        return Trainer.builder().parameters(params(w)).objective(pull(w)).optimizer(Sgd.create(0.25))
                .epochs(epochs).batchSize(4).validation(constant(3, 2)).quiet();
    }

    @Test
    void earlyStoppingStopsAfterPatienceAndRestoresTheBestParameters() {
        EarlyStopping stop = EarlyStopping.of("val_loss", 2, 0, Schedules.Mode.MIN, true);
        History h = pullTrainer(10).callbacks(stop).build().fit(constant(4, 3));
        assertArrayEquals(new double[] {0.25, 0.0625, 0.390625, 0.66015625}, h.series("val_loss"));
        assertEquals(2, stop.bestEpoch());
        assertEquals(0.0625, stop.bestValue());
        assertEquals(4, stop.stoppedEpoch());
        assertEquals(2.25, w.value().item());
    }

    @Test
    void earlyStoppingWithoutRestoreKeepsTheLastParameters() {
        EarlyStopping stop = EarlyStopping.of("val_loss", 2, 0, Schedules.Mode.MIN, false);
        pullTrainer(10).callbacks(stop).build().fit(constant(4, 3));
        assertEquals(2.8125, w.value().item());
    }

    @Test
    void earlyStoppingHonoursMinDeltaAndMaxMode() {
        // Training loss 9, 2.25, 0.5625, ...: improvements of 6.75 and 1.6875 beat 2 only once.
        EarlyStopping stop = EarlyStopping.of("loss", 1, 2, Schedules.Mode.MIN, false);
        assertEquals(3, pullTrainer(10).callbacks(stop).build().fit(constant(4, 3)).epochs().size());
        // The negated validation loss peaks at epoch 2 as well.
        w.set(Tensor.scalar(0));
        Metric negated = Metric.of("neg_sq", (p, t) -> -p.sub(t).square().mean().item());
        EarlyStopping max = EarlyStopping.of("val_neg_sq", 1, 0, Schedules.Mode.MAX, true);
        pullTrainer(10).metrics(negated).callbacks(max).build().fit(constant(4, 3));
        assertEquals(2, max.bestEpoch());
        assertEquals(3, max.stoppedEpoch());
        assertEquals(2.25, w.value().item());
    }

    @Test
    void earlyStoppingRefusesBadSettingsAndUnknownValues() {
        assertEquals("EarlyStopping: patience must be non-negative, got -1",
                assertThrows(IllegalArgumentException.class,
                        () -> EarlyStopping.of("loss", -1, 0, Schedules.Mode.MIN, true)).getMessage());
        assertEquals("EarlyStopping: minDelta must be a finite non-negative number, got NaN",
                assertThrows(IllegalArgumentException.class,
                        () -> EarlyStopping.of("loss", 1, Double.NaN, Schedules.Mode.MIN, true)).getMessage());
        Trainer t = pullTrainer(3).callbacks(EarlyStopping.of("val_acc", 1, 0, Schedules.Mode.MAX, true)).build();
        assertEquals("EarlyStopping: no value 'val_acc' to monitor, epochs have [epoch, step, loss, val_loss, lr, "
                + "batch_size, steps, seconds]", assertThrows(IllegalArgumentException.class,
                        () -> t.fit(constant(4, 3))).getMessage());
    }

    @Test
    void anyCallbackCanStopTraining() {
        History h = pullTrainer(10).callbacks((trainer, epoch) -> epoch.epoch() == 3).build().fit(constant(4, 3));
        assertEquals(3, h.epochs().size());
    }

    @Test
    void csvLogHasAHeaderAndOneRowPerEpoch() throws Exception {
        Path file = dir.resolve("log.csv");
        Files.writeString(file, "left over from an earlier run\n");
        pullTrainer(2).metrics(Metrics.meanAbsoluteError()).log(MetricsLog.csv(file)).build().fit(constant(4, 3));
        List<String> lines = Files.readAllLines(file);
        assertEquals(3, lines.size());
        assertEquals("epoch,step,loss,mae,val_loss,val_mae,lr,batch_size,steps,seconds", lines.get(0));
        assertEquals("1,1,9,3,0.25,0.5,0.25,4,1,", withoutLastValue(lines.get(1)));
        assertEquals("2,2,2.25,1.5,0.0625,0.25,0.25,4,1,", withoutLastValue(lines.get(2)));
    }

    @Test
    void jsonLinesLogHasOneObjectPerEpoch() throws Exception {
        Path file = dir.resolve("log.jsonl");
        pullTrainer(2).log(MetricsLog.jsonLines(file)).build().fit(constant(4, 3));
        List<String> lines = Files.readAllLines(file);
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).startsWith(
                "{\"epoch\":1,\"step\":1,\"loss\":9,\"val_loss\":0.25,\"lr\":0.25,\"batch_size\":4,\"steps\":1,"
                        + "\"seconds\":"), lines.get(0));
        assertTrue(lines.get(1).startsWith("{\"epoch\":2,\"step\":2,\"loss\":2.25,\"val_loss\":0.0625,"), lines.get(1));
        assertTrue(lines.get(1).endsWith("}"));
    }

    @Test
    void jsonLinesEscapeEveryCharacterJsonRequiresAndWriteNonFiniteAsNull() throws Exception {
        java.util.Map<String, Double> values = new java.util.LinkedHashMap<>();
        values.put("a \"quoted\"\\ name\twith\ncontrol \u0001", 1.5);
        values.put("epoch", 2.0);
        values.put("loss", Double.NaN);
        values.put("val_loss", Double.POSITIVE_INFINITY);
        assertEquals("{\"a \\\"quoted\\\"\\\\ name\\twith\\ncontrol \\u0001\":1.5,\"epoch\":2,\"loss\":null,"
                + "\"val_loss\":null}", MetricsLog.jsonLine(values));
    }

    @Test
    void logIsWrittenWhileTraining() throws Exception {
        Path file = dir.resolve("live.csv");
        int[] rowsSeen = new int[3];
        Callback peek = (trainer, epoch) -> {
            try {
                rowsSeen[epoch.epoch() - 1] = Files.readAllLines(file).size() - 1;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return false;
        };
        pullTrainer(3).log(MetricsLog.csv(file)).callbacks(peek).build().fit(constant(4, 3));
        assertArrayEquals(new int[] {1, 2, 3}, rowsSeen);
    }

    private static String withoutLastValue(String line) {
        return line.substring(0, line.lastIndexOf(',') + 1);
    }
}
