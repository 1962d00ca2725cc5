package leibniz.optim;

import static leibniz.optim.ToyModels.blobs;
import static leibniz.optim.ToyModels.linear;
import static leibniz.optim.ToyModels.logistic;
import static leibniz.optim.ToyModels.params;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import leibniz.autograd.Parameter;
import leibniz.core.Safetensors;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints and resuming: an interrupted run continues exactly where an uninterrupted one would be. */
class ResumeTest {
    @TempDir
    Path dir;

    /** A fresh logistic regression whose run uses every piece of state a checkpoint must carry. */
    private static final class Run extends ToyModels.LogisticRun {
        @Override
        Trainer.Builder trainer(int epochs) {
            // Stateful schedules (plateau counters), a short last batch, shuffling, and validation to observe.
            return super.trainer(epochs)
                    .learningRateSchedule(Schedules.reduceOnPlateau(Schedules.Mode.MIN, 0.5, 0, 0.1, 0, 0))
                    .batchSizeSchedule(Schedules.growOnPlateau(Schedules.Mode.MIN, 2, 1, 0.1, 28));
        }
    }

    @Test
    void resumedRunEqualsUninterruptedRunExactly() throws Exception {
        Dataset train = blobs(45, 3);
        Run whole = new Run();
        History all = whole.trainer(8).build().fit(train);

        Path ckpt = dir.resolve("run.safetensors");
        Path log = dir.resolve("run.csv");
        Run first = new Run();
        History head = first.trainer(4).callbacks(CheckpointCallback.of(ckpt, 2)).log(MetricsLog.csv(log)).build()
                .fit(train);
        Run second = new Run();
        Trainer resumed = second.trainer(8).log(MetricsLog.csv(log)).build().resume(ckpt);
        assertEquals(4, resumed.epoch());
        assertEquals(head.last().step(), resumed.step());
        History tail = resumed.fit(train);

        assertEquals(whole.state(), second.state());
        assertEquals(4, tail.epochs().size());
        assertEquals(5, tail.epochs().get(0).epoch());
        for (String key : List.of("loss", "val_loss", "lr", "batch_size", "steps", "step")) {
            double[] expected = all.series(key);
            assertArrayEquals(Arrays.copyOfRange(expected, 0, 4), head.series(key), key);
            assertArrayEquals(Arrays.copyOfRange(expected, 4, 8), tail.series(key), key);
        }
        // The schedules acted after the checkpoint on plateaus counted across it, so their state travelled.
        assertArrayEquals(new double[] {0.05, 0.05, 0.05, 0.05, 0.025, 0.025, 0.0125, 0.00625}, all.series("lr"));
        assertArrayEquals(new double[] {7, 7, 7, 7, 7, 7, 7, 14}, all.series("batch_size"));
        // The log of the interrupted run reads like the log of one run.
        List<String> lines = Files.readAllLines(log);
        assertEquals(9, lines.size());
        assertEquals("8", lines.get(8).split(",")[0]);
    }

    @Test
    void resumingAFinishedRunTrainsNothing() throws Exception {
        Path ckpt = dir.resolve("done.safetensors");
        Run first = new Run();
        first.trainer(2).callbacks(CheckpointCallback.of(ckpt, 1)).build().fit(blobs(14, 3));
        Run second = new Run();
        History h = second.trainer(2).build().resume(ckpt).fit(blobs(14, 3));
        assertEquals(0, h.epochs().size());
        assertEquals(first.state(), second.state());
    }

    @Test
    void checkpointOfAnotherModelIsRefusedAndChangesNothing() throws Exception {
        Path ckpt = dir.resolve("other.safetensors");
        new Run().trainer(1).build().checkpoint(ckpt);

        Parameter wide = Parameter.of("w", Tensor.zeros(3, 1));
        Parameter b = Parameter.of("b", Tensor.zeros(1));
        Trainer shapes = Trainer.builder().parameters(params(wide, b)).objective(linear(wide, b))
                .optimizer(Adam.create(0.05)).quiet().build();
        assertEquals("checkpoint load: other.safetensors: 'model.w' has shape [2, 1], "
                + "the training state expects [3, 1]",
                assertThrows(IllegalArgumentException.class, () -> shapes.resume(ckpt)).getMessage());

        Parameter weight = Parameter.of("weight", Tensor.zeros(2, 1));
        Trainer names = Trainer.builder().parameters(params(weight, b)).objective(linear(weight, b))
                .optimizer(Adam.create(0.05)).quiet().build();
        assertEquals("checkpoint load: other.safetensors: missing tensors 'model.weight', 'optim.adam.m.weight', "
                + "'optim.adam.v.weight'", assertThrows(IllegalArgumentException.class, () -> names.resume(ckpt))
                        .getMessage());
        assertEquals(Tensor.zeros(2, 1), weight.value());
        assertEquals(0, names.epoch());
    }

    @Test
    void checkpointWithoutTrainerMetadataIsRefusedAndChangesNothing() throws Exception {
        Run saved = new Run();
        Path plain = dir.resolve("plain.safetensors");
        saved.trainer(1).build().fit(blobs(14, 3));
        Checkpoint.save(plain, params(saved.w, saved.b), saved.adam.state(), Map.of());
        Run target = new Run();
        Trainer t = target.trainer(3).build();
        Tensor before = target.w.value();
        assertEquals("Trainer.resume: plain.safetensors has no 'trainer.epoch': not a checkpoint written by a trainer",
                assertThrows(IllegalArgumentException.class, () -> t.resume(plain)).getMessage());
        assertEquals(before, target.w.value());
    }

    @Test
    void aPlainModelFileIsSaidNotToBeACheckpoint() throws Exception {
        // What ModelFile.save writes: the parameters under their own names, no 'model.'/'optim.' prefixes.
        Run saved = new Run();
        Path model = dir.resolve("model.safetensors");
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("w", saved.w.value());
        tensors.put("b", saved.b.value());
        Safetensors.write(model, tensors, Map.of("arch", "logistic"));
        Run target = new Run();
        Trainer t = target.trainer(3).build();
        assertEquals("checkpoint load: model.safetensors is not a checkpoint: its 2 tensors ('w', 'b') lack the "
                + "'model.' and 'optim.' prefixes of a checkpoint, as a model file's do (load those with "
                + "ModelFile.load)", assertThrows(IllegalArgumentException.class, () -> t.resume(model)).getMessage());
        assertEquals(0, t.epoch());

        // Twenty tensors, as the report had: three are named, then how many more.
        Map<String, Tensor> many = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            many.put("layers." + i + ".weight", Tensor.scalar(i));
        }
        Safetensors.write(model, many, Map.of());
        assertEquals("checkpoint load: model.safetensors is not a checkpoint: its 20 tensors ('layers.0.weight', "
                + "'layers.1.weight', 'layers.2.weight' and 17 more) lack the 'model.' and 'optim.' prefixes of a "
                + "checkpoint, as a model file's do (load those with ModelFile.load)",
                assertThrows(IllegalArgumentException.class,
                        () -> Checkpoint.load(model, params(target.w, target.b), target.adam.state())).getMessage());
    }
}
