package leibniz.optim;

/**
 * {@code η₀ · (f₀ + (1 − f₀) · t / w)} for the first {@code w} steps, then {@code then} counted from its
 * own step 0; see {@link StepSchedules#linearWarmup(long, double, StepSchedule)}.
 */
record StepWarmup(long steps, double startFactor, StepSchedule then) implements StepSchedule {
    private static final String OP = "linearWarmup";

    @Override
    public double rate(long step, double baseRate) {
        StepSchedules.step(OP, step);
        Schedules.finiteNonNegative(OP, "base rate", baseRate);
        if (step < steps) {
            return baseRate * (startFactor + (1 - startFactor) * step / steps);
        }
        return then.rate(step - steps, baseRate);
    }

    @Override
    public String toString() {
        return OP + "(steps=" + steps + ", startFactor=" + startFactor + ", then=" + then + ")";
    }
}
