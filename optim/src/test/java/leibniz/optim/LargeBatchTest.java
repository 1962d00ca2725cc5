package leibniz.optim;

import static leibniz.optim.ToyModels.constant;
import static leibniz.optim.ToyModels.params;
import static leibniz.optim.ToyModels.pull;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import leibniz.autograd.Parameter;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Batch sizes larger than the data, up to {@code Integer.MAX_VALUE}: one batch of every row, as PyTorch's
 * DataLoader gives with {@code drop_last=False}; never an epoch of zero steps and a NaN loss.
 */
class LargeBatchTest {
    @Test
    void theLargestBatchSizeIsOneBatchOfEveryRow() {
        DataLoader loader = DataLoader.of(DataLoaderTest.rows(5), Integer.MAX_VALUE).shuffled(3);
        assertEquals(1, loader.batchCount());
        List<Dataset> batches = loader.batches(1);
        assertEquals(1, batches.size());
        assertEquals(5, batches.get(0).size());
        double[] rows = batches.get(0).targets().toArray();
        Arrays.sort(rows);
        assertArrayEquals(new double[] {0, 1, 2, 3, 4}, rows);
        // Just past half of the largest int: the rounded-up count used to overflow there too.
        assertEquals(1, DataLoader.of(DataLoaderTest.rows(3), (1 << 30) + 1).batchCount());
    }

    @Test
    void fullBatchTrainingWithTheLargestBatchSizeRunsOneStepPerEpoch() {
        // w moves halfway to 3 each step (rate 0.25, gradient 2(w − 3)): 0, 1.5, 2.25; loss (w − 3)² before each.
        Parameter w = Parameter.of("w", Tensor.scalar(0));
        Trainer trainer = Trainer.builder().parameters(params(w)).objective(pull(w)).optimizer(Sgd.create(0.25))
                .epochs(2).batchSize(Integer.MAX_VALUE).quiet().build();
        History h = trainer.fit(constant(4, 3));
        assertArrayEquals(new double[] {9, 2.25}, h.series("loss"));
        assertArrayEquals(new double[] {1, 1}, h.series("steps"));
        assertEquals(2, trainer.step());
        assertEquals(2.25, w.value().item());
        assertEquals(0.5625, trainer.evaluate(constant(7, 3)).loss());
    }

    @Test
    void aFitThatWouldRunNoStepIsRefusedBeforeTraining() {
        Parameter w = Parameter.of("w", Tensor.scalar(0));
        Trainer trainer = Trainer.builder().parameters(params(w)).objective(pull(w)).optimizer(Sgd.create(0.25))
                .epochs(2).batchSize(8).dropLast(true).quiet().build();
        assertEquals("Trainer: epoch 1 would run no step: batch size 8 with dropLast(true) drops all 5 training "
                + "rows; lower the batch size or keep the last batch", assertThrows(IllegalArgumentException.class,
                        () -> trainer.fit(constant(5, 3))).getMessage());
        assertEquals(0, trainer.step());
        assertEquals(0, trainer.epoch());
        assertEquals(0.0, w.value().item());
    }

    @Test
    void aBatchSizeScheduleThatOutgrowsTheDataWithDropLastIsRefusedAtThatEpoch() {
        Parameter w = Parameter.of("w", Tensor.scalar(0));
        Trainer trainer = Trainer.builder().parameters(params(w)).objective(pull(w)).optimizer(Sgd.create(0.25))
                .epochs(3).batchSize(2).batchSizeSchedule(Schedules.growByEpochs(1, 4, Integer.MAX_VALUE))
                .dropLast(true).quiet().build();
        assertEquals("Trainer: epoch 2 would run no step: batch size 8 with dropLast(true) drops all 5 training "
                + "rows; lower the batch size or keep the last batch", assertThrows(IllegalArgumentException.class,
                        () -> trainer.fit(constant(5, 3))).getMessage());
        assertEquals(2, trainer.step());
        assertEquals(1, trainer.epoch());
    }
}
