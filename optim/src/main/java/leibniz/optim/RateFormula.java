package leibniz.optim;

/** A learning-rate schedule that is a pure function of the epoch and the base rate. */
record RateFormula(String op, String description, Formula formula) implements LearningRateSchedule {
    /** The rate for a valid epoch and base rate. */
    @FunctionalInterface
    interface Formula {
        double rate(int epoch, double baseRate);
    }

    @Override
    public double rate(int epoch, double baseRate) {
        Schedules.epoch(op, epoch);
        Schedules.finiteNonNegative(op, "base rate", baseRate);
        return formula.rate(epoch, baseRate);
    }

    @Override
    public String toString() {
        return description;
    }
}
