package leibniz.optim;

/**
 * Learning-rate schedules by training step, each a formula in the step {@code t} (counted from 0 over the
 * whole run) and the base rate {@code η₀}: PyTorch's {@code OneCycleLR}, and {@code LinearLR} and
 * {@code CosineAnnealingLR} stepped after every batch, in closed form so any step can be asked for in any
 * order, as a resumed run does. Give one to {@link Trainer.Builder#stepSchedule}.
 *
 * <pre>{@code
 * StepSchedule one = StepSchedules.oneCycle(20 * 150);                 // 20 epochs of 150 batches
 * StepSchedule warm = StepSchedules.warmupCosine(500, 20 * 150, 1e-6);  // 500 warm-up steps, then cosine
 * StepSchedule lin = StepSchedules.linearWarmup(1000);                  // then the base rate
 * }</pre>
 *
 * <p>Invalid hyperparameters are refused when the schedule is made, with a message that names the
 * schedule, the hyperparameter and the value: {@code oneCycle: pctStart must be in [0, 1], got 1.5}.
 */
public final class StepSchedules {
    private StepSchedules() {
    }

    /** {@code η_t = η₀}: the base rate every step; what {@link #linearWarmup(long)} hands over to. */
    public static StepSchedule constant() {
        return new Constant();
    }

    /**
     * PyTorch's {@code OneCycleLR(optimizer, max_lr=η₀, total_steps=T)} with its defaults: {@code
     * pctStart = 0.3}, {@code divFactor = 25}, {@code finalDivFactor = 1e4}. See
     * {@link #oneCycle(long, double, double, double)}.
     */
    public static StepSchedule oneCycle(long totalSteps) {
        return oneCycle(totalSteps, 0.3, 25, 1e4);
    }

    /**
     * The one-cycle policy (Smith and Topin, 2018) as PyTorch's {@code OneCycleLR} with cosine annealing:
     * the base rate {@code η₀} is the peak ({@code max_lr}); the rate starts at {@code η₀ / divFactor},
     * climbs along half a cosine to {@code η₀} at step {@code s = pctStart · T − 1}, then falls along half
     * a cosine to {@code η₀ / (divFactor · finalDivFactor)} at the last step {@code T − 1}:
     * {@code η_t = b + (a − b) (1 + cos(π p)) / 2} from {@code a} to {@code b} with {@code p = t / s},
     * then {@code p = (t − s) / (T − 1 − s)}. Steps past the cycle are refused, as PyTorch does. Only the
     * learning rate cycles: momentum stays as the optimizer has it ({@code cycle_momentum=False}).
     */
    public static StepSchedule oneCycle(long totalSteps, double pctStart, double divFactor, double finalDivFactor) {
        String op = "oneCycle";
        atLeast(op, "totalSteps", totalSteps, 1);
        if (!(pctStart >= 0 && pctStart <= 1)) {
            throw new IllegalArgumentException(op + ": pctStart must be in [0, 1], got " + pctStart);
        }
        positive(op, "divFactor", divFactor);
        positive(op, "finalDivFactor", finalDivFactor);
        return new OneCycle(totalSteps, pctStart, divFactor, finalDivFactor);
    }

    /**
     * {@code η_t = η_min + (η₀ − η_min) · (1 + cos(π t / T)) / 2}: half a cosine from the base rate at
     * step 0 down to {@code etaMin} at step {@code T = totalSteps} (CosineAnnealingLR stepped per batch).
     * As in PyTorch the cosine continues past {@code T}, rising again: choose {@code T} as the number of
     * steps of the run.
     */
    public static StepSchedule cosine(long totalSteps, double etaMin) {
        String op = "cosine";
        atLeast(op, "totalSteps", totalSteps, 1);
        Schedules.finiteNonNegative(op, "etaMin", etaMin);
        return new CosineSteps(totalSteps, etaMin);
    }

    /**
     * Linear warm-up over {@code w} steps, then a cosine over the remaining {@code T − w} steps down to
     * {@code etaMin} at step {@code T = totalSteps}: {@code linearWarmup(w, cosine(T − w, etaMin))}, the
     * schedule that trains most transformers.
     */
    public static StepSchedule warmupCosine(long warmupSteps, long totalSteps, double etaMin) {
        String op = "warmupCosine";
        atLeast(op, "warmupSteps", warmupSteps, 1);
        if (totalSteps <= warmupSteps) {
            throw new IllegalArgumentException(op + ": totalSteps must exceed warmupSteps (" + warmupSteps
                    + "), got " + totalSteps);
        }
        return linearWarmup(warmupSteps, cosine(totalSteps - warmupSteps, etaMin));
    }

    /** Linear warm-up over {@code w} steps in equal steps to the base rate, which it then keeps. */
    public static StepSchedule linearWarmup(long warmupSteps) {
        return linearWarmup(warmupSteps, constant());
    }

    /**
     * Linear warm-up over {@code w} steps that climbs in equal steps to the base rate:
     * {@code η_t = η₀ · (t + 1) / (w + 1)} for {@code t < w} (that is, {@code f₀ = 1 / (w + 1)}), then
     * {@code then.rate(t − w, η₀)}.
     */
    public static StepSchedule linearWarmup(long warmupSteps, StepSchedule then) {
        atLeast("linearWarmup", "warmupSteps", warmupSteps, 1);
        return linearWarmup(warmupSteps, 1.0 / (warmupSteps + 1), then);
    }

    /**
     * Linear warm-up, then {@code then}: {@code η_t = η₀ · (f₀ + (1 − f₀) · t / w)} for {@code t < w},
     * and {@code then.rate(t − w, η₀)} afterwards, so {@code then} starts at its own step 0 (PyTorch's
     * LinearLR followed by another schedule in SequentialLR). {@code startFactor} is {@code f₀ ∈ (0, 1]}.
     */
    public static StepSchedule linearWarmup(long warmupSteps, double startFactor, StepSchedule then) {
        String op = "linearWarmup";
        atLeast(op, "warmupSteps", warmupSteps, 1);
        Schedules.warmupSettings(op, startFactor, then);
        return new StepWarmup(warmupSteps, startFactor, then);
    }

    /** Refuses a negative step, naming the schedule. */
    static void step(String op, long step) {
        if (step < 0) {
            throw new IllegalArgumentException(op + ": step must be >= 0, got " + step);
        }
    }

    private static void atLeast(String op, String what, long v, long min) {
        if (v < min) {
            throw new IllegalArgumentException(op + ": " + what + " must be >= " + min + ", got " + v);
        }
    }

    private static void positive(String op, String what, double v) {
        if (!(v > 0 && Double.isFinite(v))) {
            throw new IllegalArgumentException(op + ": " + what + " must be finite and > 0, got " + v);
        }
    }

    /** {@code η_t = η₀}. */
    private record Constant() implements StepSchedule {
        @Override
        public double rate(long step, double baseRate) {
            step("constant", step);
            Schedules.finiteNonNegative("constant", "base rate", baseRate);
            return baseRate;
        }

        @Override
        public String toString() {
            return "constant()";
        }
    }
}
