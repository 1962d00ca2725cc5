package leibniz.optim;

/**
 * Code the trainer runs around training: before the first epoch, after every epoch (where it may ask
 * training to stop) and after the last. Callbacks run in the order they were given, on the thread that
 * runs {@link Trainer#fit}, between steps.
 *
 * <pre>{@code
 * Callback stopAtTarget = (trainer, epoch) -> epoch.loss() < 0.01;
 * }</pre>
 */
@FunctionalInterface
public interface Callback {
    /** Called by {@link Trainer#fit} before its first epoch; {@link Trainer#epoch()} is 0 unless resumed. */
    default void onTrainBegin(Trainer trainer) {
    }

    /**
     * Called after each epoch, once its record is complete and the trainer's epoch and step count are
     * updated; returns true to stop training after this epoch (every callback still sees the epoch).
     */
    boolean onEpochEnd(Trainer trainer, EpochRecord epoch);

    /** Called once {@link Trainer#fit} has finished normally, with the epochs it trained. */
    default void onTrainEnd(Trainer trainer, History history) {
    }
}
