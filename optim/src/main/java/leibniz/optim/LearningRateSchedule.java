package leibniz.optim;

import java.util.Map;

/**
 * The learning rate of each epoch as a function of the epoch (counted from 0) and the base rate:
 * {@code optimizer.setLearningRate(schedule.rate(epoch, base))} at the start of every epoch.
 *
 * <pre>{@code
 * LearningRateSchedule s = Schedules.linearWarmup(5, Schedules.cosine(95, 1e-5));
 * for (int epoch = 0; epoch < 100; epoch++) {
 *     adam.setLearningRate(s.rate(epoch, 0.001));
 *     ... train one epoch ...
 *     s.observe(epoch, validationLoss);   // only reduce-on-plateau listens
 * }
 * }</pre>
 *
 * <p>{@link Schedules} makes the common ones. Most are pure functions of the epoch; those that react
 * to a metric (reduce-on-plateau) keep state, which {@link #state()} exposes and {@link #restore}
 * sets again so that a checkpointed run resumes exactly. A lambda is a schedule too:
 * {@code (epoch, base) -> base / (1 + epoch)}.
 *
 * <p>One thread at a time for the schedules that keep state (reduce-on-plateau); the pure formulas hold
 * nothing mutable and may be shared.
 */
@FunctionalInterface
public interface LearningRateSchedule {
    /** The learning rate for {@code epoch} (0 for the first) when the optimizer's base rate is {@code baseRate}. */
    double rate(int epoch, double baseRate);

    /**
     * Reports the monitored metric (validation loss, accuracy) at the end of {@code epoch}; schedules
     * that do not react to metrics ignore it.
     */
    default void observe(int epoch, double metric) {
    }

    /** The mutable state by name, for checkpoints (numbers as doubles); empty for pure functions of the epoch. */
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
