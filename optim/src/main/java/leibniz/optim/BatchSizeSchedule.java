package leibniz.optim;

import java.util.Map;

/**
 * The batch size of each epoch as a function of the epoch (counted from 0) and the base batch size.
 * Growing the batch size plays the role of decaying the learning rate (Smith et al., "Don't Decay the
 * Learning Rate, Increase the Batch Size", 2018) with fewer, larger steps.
 *
 * <pre>{@code
 * BatchSizeSchedule s = Schedules.growByEpochs(10, 2, 1024);   // 64, 128, 256, ... every 10 epochs
 * DataLoader epochLoader = loader.withBatchSize(s.batchSize(epoch, 64));
 * }</pre>
 *
 * <p>As with {@link LearningRateSchedule}, schedules that react to a metric keep state, exposed by
 * {@link #state()} and set by {@link #restore} for checkpoints.
 *
 * <p>One thread at a time for the schedules that keep state (grow-on-plateau); the pure formulas hold
 * nothing mutable and may be shared.
 */
@FunctionalInterface
public interface BatchSizeSchedule {
    /** The batch size for {@code epoch} (0 for the first) when the base batch size is {@code base}. */
    int batchSize(int epoch, int base);

    /** Reports the monitored metric at the end of {@code epoch}; schedules that do not react to metrics ignore it. */
    default void observe(int epoch, double metric) {
    }

    /** The mutable state by name, for checkpoints; empty for pure functions of the epoch. */
    default Map<String, Double> state() {
        return Map.of();
    }

    /**
     * Sets the state saved by {@link #state()}; the keys must be exactly those {@code state()} returns.
     *
     * @throws IllegalArgumentException for missing, unknown or invalid entries
     */
    default void restore(Map<String, Double> state) {
        Schedules.checkStateless(toString(), state);
    }
}
