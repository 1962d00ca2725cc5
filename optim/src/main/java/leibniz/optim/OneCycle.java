package leibniz.optim;

/**
 * PyTorch's OneCycleLR for the learning rate: cosine from {@code η/div} up to {@code η} over the first
 * {@code pctStart · T − 1} steps, then down to {@code η/(div · finalDiv)} at step {@code T − 1}; see
 * {@link StepSchedules#oneCycle(long, double, double, double)}.
 */
record OneCycle(long totalSteps, double pctStart, double divFactor, double finalDivFactor) implements StepSchedule {
    private static final String OP = "oneCycle";

    @Override
    public double rate(long step, double maxRate) {
        StepSchedules.step(OP, step);
        Schedules.finiteNonNegative(OP, "base rate", maxRate);
        if (step >= totalSteps) {
            throw new IllegalArgumentException(OP + ": step " + step + " is past the cycle of " + totalSteps
                    + " steps (0 to " + (totalSteps - 1) + ")");
        }
        double initial = maxRate / divFactor;
        double min = initial / finalDivFactor;
        // PyTorch's phase boundaries in floating point, expression for expression, so the rates agree
        // to the last bit or two: the climb ends at step pctStart·T − 1, the descent at T − 1.
        double peak = pctStart * totalSteps - 1;
        if (step <= peak) {
            // peak = 0 makes the climb zero steps long (PyTorch divides by zero there): step 0 is the peak.
            return anneal(initial, maxRate, peak == 0 ? 1 : step / peak);
        }
        double last = totalSteps - 1;
        return anneal(maxRate, min, (step - peak) / (last - peak));
    }

    /** Half a cosine from {@code start} at {@code pct = 0} to {@code end} at {@code pct = 1}. */
    private static double anneal(double start, double end, double pct) {
        double cosOut = Math.cos(Math.PI * pct) + 1;
        return end + (start - end) / 2.0 * cosOut;
    }

    @Override
    public String toString() {
        return OP + "(totalSteps=" + totalSteps + ", pctStart=" + pctStart + ", divFactor=" + divFactor
                + ", finalDivFactor=" + finalDivFactor + ")";
    }
}
