package leibniz.optim;

import java.util.Optional;

/**
 * The learning rate of every training step of a {@link Trainer}: the epoch schedule gives each epoch's rate
 * {@code η_e} from the base rate, and the step schedule gives each step's rate from {@code η_e}, so the two
 * compose (a warm-up by step climbs to whatever a plateau schedule made of the base). Without a schedule
 * the optimizer's rate is left as it is.
 */
final class LearningRates {
    private final Optimizer optimizer;
    private final Optional<LearningRateSchedule> epochs;
    private final Optional<StepSchedule> steps;

    LearningRates(Optimizer optimizer, Optional<LearningRateSchedule> epochs, Optional<StepSchedule> steps) {
        this.optimizer = optimizer;
        this.epochs = epochs;
        this.steps = steps;
    }

    /** {@code η_e} of epoch {@code e} (counted from 0): the epoch schedule's rate, else the base rate. */
    double ofEpoch(int e, double baseRate) {
        return epochs.map(s -> s.rate(e, baseRate)).orElse(baseRate);
    }

    /** Sets the optimizer's rate for a new epoch; a step schedule sets it again before every step. */
    void startEpoch(double epochRate) {
        if (epochs.isPresent()) {
            optimizer.setLearningRate(epochRate);
        }
    }

    /** Sets the optimizer's rate for the global step {@code step} (from 0) of an epoch whose rate is {@code epochRate}. */
    void startStep(long step, double epochRate) {
        steps.ifPresent(s -> optimizer.setLearningRate(s.rate(step, epochRate)));
    }

    /**
     * Refuses, before anything runs, steps {@code first} to {@code first + count − 1} that the step schedule
     * has no rate for (past the end of a one-cycle), naming {@code what} runs them ({@code epochs 1 to 10}).
     */
    void checkSteps(String what, long first, long count, double epochRate) {
        if (steps.isEmpty() || count == 0) {
            return;
        }
        long last = first + count - 1;
        try {
            steps.get().rate(last, epochRate);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Trainer: " + what + " would run steps " + first + " to " + last
                    + ": " + e.getMessage(), e);
        }
    }
}
