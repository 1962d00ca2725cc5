package leibniz.optim;

import java.util.List;
import java.util.Optional;

/**
 * How a trainer cuts each epoch into batches: the epoch's batch size (from the batch-size schedule, or the
 * base), its number of steps, and its batches in the order given by the seed and the epoch. An epoch of
 * no step is refused here, since its loss would be the NaN average of nothing.
 */
final class Batching {
    private final int base;
    private final Optional<BatchSizeSchedule> schedule;
    private final boolean shuffle;
    private final boolean dropLast;

    Batching(int base, Optional<BatchSizeSchedule> schedule, boolean shuffle, boolean dropLast) {
        this.base = base;
        this.schedule = schedule;
        this.shuffle = shuffle;
        this.dropLast = dropLast;
    }

    /** Whether every epoch has the base batch size, so its number of steps is known before training. */
    boolean fixed() {
        return schedule.isEmpty();
    }

    /** The batch size of epoch {@code e}, counted from 1 (schedules count from 0). */
    int size(int e) {
        int size = schedule.map(s -> s.batchSize(e - 1, base)).orElse(base);
        if (size <= 0) {
            throw new IllegalArgumentException("Trainer: the batch-size schedule gave " + size + " for epoch " + e);
        }
        return size;
    }

    /** The number of steps of epoch {@code e} in batches of {@code size} of {@code rows} rows, at least one. */
    int steps(int rows, int e, int size) {
        if (dropLast && size > rows) {
            throw new IllegalArgumentException("Trainer: epoch " + e + " would run no step: batch size " + size
                    + " with dropLast(true) drops all " + rows
                    + " training rows; lower the batch size or keep the last batch");
        }
        return DataLoader.batchCount(rows, size, dropLast);
    }

    /**
     * The rows of each batch of epoch {@code e} (indices into the {@code rows} training rows, in batch order),
     * shuffled (unless shuffling is off) by {@code seed} and the epoch exactly as a {@link DataLoader} does.
     */
    List<int[]> batches(int rows, int e, int size, long seed) {
        return DataLoader.rows(DataLoader.order(rows, shuffle, seed, e), size, DataLoader.batchCount(rows, size,
                dropLast));
    }

    /** Tells the batch-size schedule the monitored value at the end of epoch {@code e}, counted from 1. */
    void observe(int e, double monitored) {
        schedule.ifPresent(s -> s.observe(e - 1, monitored));
    }
}
