package leibniz.optim;

import java.util.Map;

/** {@code η = min(η₀, max(η₀ · factor^k, minRate))}, {@code k} the plateaus seen so far; see {@link Schedules}. */
final class ReduceOnPlateau implements LearningRateSchedule {
    private static final String COUNTER = "reductions";

    private final double factor;
    private final double minRate;
    private final Plateau plateau;

    ReduceOnPlateau(double factor, double minRate, Plateau plateau) {
        this.factor = factor;
        this.minRate = minRate;
        this.plateau = plateau;
    }

    @Override
    public double rate(int epoch, double baseRate) {
        Schedules.epoch("reduceOnPlateau", epoch);
        Schedules.finiteNonNegative("reduceOnPlateau", "base rate", baseRate);
        // The outer min: a base rate already below minRate is left alone, as PyTorch never raises a rate.
        return Math.min(baseRate, Math.max(baseRate * Math.pow(factor, plateau.plateaus()), minRate));
    }

    @Override
    public void observe(int epoch, double metric) {
        plateau.observe(epoch, metric);
    }

    @Override
    public Map<String, Double> state() {
        return plateau.state(COUNTER);
    }

    @Override
    public void restore(Map<String, Double> state) {
        plateau.restore(state, COUNTER);
    }

    @Override
    public String toString() {
        return "reduceOnPlateau(factor=" + factor + ", minRate=" + minRate + ", reductions=" + plateau.plateaus() + ")";
    }
}
