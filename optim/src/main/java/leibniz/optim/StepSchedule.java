package leibniz.optim;

/**
 * The learning rate of each training step as a function of the step (counted from 0 over the whole run)
 * and a base rate: what PyTorch users get by calling {@code scheduler.step()} after every batch. The
 * {@link Trainer} sets {@code optimizer.setLearningRate(schedule.rate(t, η_e))} before step {@code t}, where
 * {@code η_e} is the epoch's rate from its {@link LearningRateSchedule} (or the base rate without one).
 *
 * <pre>{@code
 * StepSchedule s = StepSchedules.oneCycle(epochs * batchesPerEpoch);     // PyTorch's OneCycleLR
 * for (long t = 0; t < steps; t++) {
 *     adam.setLearningRate(s.rate(t, 0.01));                         // 0.01 is the peak rate
 *     ... one batch ...
 * }
 * }</pre>
 *
 * <p>{@link StepSchedules} makes the common ones. They are pure functions of the step, so a resumed run
 * continues exactly from the step count its checkpoint holds; a lambda is a schedule too:
 * {@code (step, base) -> base * Math.min(1, (step + 1) / 1000.0)}.
 *
 * <p>The schedules of {@link StepSchedules} hold nothing mutable and may be shared between threads.
 */
@FunctionalInterface
public interface StepSchedule {
    /** The learning rate of step {@code step} (0 for the first) when the base rate is {@code baseRate}. */
    double rate(long step, double baseRate);
}
