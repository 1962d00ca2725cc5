package leibniz.optim;

/**
 * {@code η_t = η_min + (η₀ − η_min) · (1 + cos(π t / T)) / 2}, by step; see
 * {@link StepSchedules#cosine(long, double)}.
 */
record CosineSteps(long totalSteps, double etaMin) implements StepSchedule {
    private static final String OP = "cosine";

    @Override
    public double rate(long step, double baseRate) {
        StepSchedules.step(OP, step);
        Schedules.finiteNonNegative(OP, "base rate", baseRate);
        return etaMin + (baseRate - etaMin) * (1 + Math.cos(Math.PI * step / totalSteps)) / 2;
    }

    @Override
    public String toString() {
        return OP + "(totalSteps=" + totalSteps + ", etaMin=" + etaMin + ")";
    }
}
