package leibniz.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;

class DataLoaderTest {
    /** Row i has features (i, 10 i) and target i, so every batch shows which rows it holds. */
    static Dataset rows(int n) {
        double[] f = new double[2 * n];
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            f[2 * i] = i;
            f[2 * i + 1] = 10 * i;
            t[i] = i;
        }
        return Dataset.of(Tensor.of(f, n, 2), Tensor.vector(t));
    }

    private static List<Integer> visited(List<Dataset> batches) {
        List<Integer> out = new ArrayList<>();
        for (Dataset b : batches) {
            for (int k = 0; k < b.size(); k++) {
                int row = (int) b.targets().get(k);
                assertEquals(row, b.features().get(k, 0));
                assertEquals(10.0 * row, b.features().get(k, 1));
                out.add(row);
            }
        }
        return out;
    }

    @Test
    void everyRowIsVisitedExactlyOncePerEpoch() {
        DataLoader loader = DataLoader.of(rows(10), 3).shuffled(7);
        assertEquals(4, loader.batchCount());
        for (int epoch = 1; epoch <= 3; epoch++) {
            List<Dataset> batches = loader.batches(epoch);
            assertArrayEquals(new int[] {3, 3, 3, 1}, batches.stream().mapToInt(Dataset::size).toArray());
            int[] seen = visited(batches).stream().mapToInt(Integer::intValue).sorted().toArray();
            assertArrayEquals(IntStream.range(0, 10).toArray(), seen);
        }
    }

    @Test
    void shuffleDiffersPerEpochButIsReproducible() {
        DataLoader loader = DataLoader.of(rows(50), 8).shuffled(42);
        assertFalse(Arrays.equals(loader.order(1), loader.order(2)));
        assertArrayEquals(loader.order(2), DataLoader.of(rows(50), 8).shuffled(42).order(2));
        assertFalse(Arrays.equals(loader.order(2), DataLoader.of(rows(50), 8).shuffled(43).order(2)));
        // The batch size does not change the order, so a batch-size schedule keeps runs comparable.
        assertArrayEquals(loader.order(3), loader.withBatchSize(5).order(3));
        assertEquals(visited(loader.batches(2)), Arrays.stream(loader.order(2)).boxed().toList());
    }

    @Test
    void unshuffledLoaderKeepsDatasetOrder() {
        DataLoader loader = DataLoader.of(rows(5), 2);
        assertEquals(List.of(0, 1, 2, 3, 4), visited(loader.batches(1)));
        assertEquals(List.of(0, 1, 2, 3, 4), visited(loader.batches(9)));
    }

    @Test
    void dropLastSkipsTheShortBatch() {
        DataLoader loader = DataLoader.of(rows(10), 3).shuffled(1).dropLast(true);
        assertEquals(3, loader.batchCount());
        for (int epoch = 1; epoch <= 3; epoch++) {
            List<Dataset> batches = loader.batches(epoch);
            assertArrayEquals(new int[] {3, 3, 3}, batches.stream().mapToInt(Dataset::size).toArray());
            assertEquals(9, visited(batches).stream().distinct().count());
        }
        assertEquals(2, DataLoader.of(rows(10), 5).dropLast(true).batchCount());
    }

    @Test
    void badLoadersAreRefused() {
        assertEquals("DataLoader: batch size must be positive, got 0",
                assertThrows(IllegalArgumentException.class, () -> DataLoader.of(rows(4), 0)).getMessage());
        assertEquals("DataLoader: batch size must be positive, got -3",
                assertThrows(IllegalArgumentException.class, () -> DataLoader.of(rows(4), 2).withBatchSize(-3))
                        .getMessage());
        assertEquals("DataLoader: dropping the last short batch leaves no batch: batch size 8 but 4 rows",
                assertThrows(IllegalArgumentException.class, () -> DataLoader.of(rows(4), 8).dropLast(true))
                        .getMessage());
    }

    @Test
    void datasetRefusesMismatchedAndEmptyData() {
        assertEquals("dataset: 100 feature rows but 90 targets", assertThrows(IllegalArgumentException.class,
                () -> Dataset.of(Tensor.zeros(100, 4), Tensor.zeros(90))).getMessage());
        assertEquals("dataset: no rows (features [0, 3])", assertThrows(IllegalArgumentException.class,
                () -> Dataset.of(Tensor.zeros(0, 3), Tensor.zeros(0))).getMessage());
        assertEquals("dataset: features [] and targets [3] both need a leading row axis",
                assertThrows(IllegalArgumentException.class,
                        () -> Dataset.of(Tensor.scalar(1), Tensor.zeros(3))).getMessage());
    }

    @Test
    void subsetGathersRowsInOrder() {
        Dataset s = rows(6).subset(new int[] {4, 1, 4});
        assertEquals(List.of(4, 1, 4), visited(List.of(s)));
        assertEquals("dataset.subset: row 6 out of range for 6 rows", assertThrows(IllegalArgumentException.class,
                () -> rows(6).subset(new int[] {0, 6})).getMessage());
        assertEquals("dataset.subset: needs at least one row", assertThrows(IllegalArgumentException.class,
                () -> rows(6).subset(new int[0])).getMessage());
    }

    @Test
    void splitIsShuffledDisjointAndReproducible() {
        Dataset.Split s = rows(10).split(0.3, 5);
        assertEquals(7, s.train().size());
        assertEquals(3, s.validation().size());
        List<Integer> all = new ArrayList<>(visited(List.of(s.train())));
        all.addAll(visited(List.of(s.validation())));
        assertEquals(IntStream.range(0, 10).boxed().toList(), all.stream().sorted().toList());
        assertEquals(s.validation().targets(), rows(10).split(0.3, 5).validation().targets());
        assertFalse(visited(List.of(s.train())).equals(List.of(0, 1, 2, 3, 4, 5, 6)));
    }

    @Test
    void splitRefusesEmptyParts() {
        assertEquals("dataset.split: validation fraction must be in (0, 1), got 1.5",
                assertThrows(IllegalArgumentException.class, () -> rows(10).split(1.5, 0)).getMessage());
        assertEquals("dataset.split: a validation fraction of 0.01 leaves no validation rows out of 10",
                assertThrows(IllegalArgumentException.class, () -> rows(10).split(0.01, 0)).getMessage());
        assertEquals("dataset.split: a validation fraction of 0.99 leaves no training rows out of 10",
                assertThrows(IllegalArgumentException.class, () -> rows(10).split(0.99, 0)).getMessage());
    }
}
