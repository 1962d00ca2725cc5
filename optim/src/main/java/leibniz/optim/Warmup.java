package leibniz.optim;

import java.util.Map;

/**
 * {@code η₀ · (f₀ + (1 − f₀) · e / w)} for the first {@code w} epochs, then {@code then} counted from
 * its own epoch 0. Metrics and state belong to {@code then}.
 */
record Warmup(int epochs, double startFactor, LearningRateSchedule then) implements LearningRateSchedule {
    @Override
    public double rate(int epoch, double baseRate) {
        Schedules.epoch("linearWarmup", epoch);
        Schedules.finiteNonNegative("linearWarmup", "base rate", baseRate);
        if (epoch < epochs) {
            return baseRate * (startFactor + (1 - startFactor) * epoch / epochs);
        }
        return then.rate(epoch - epochs, baseRate);
    }

    /** Passes the metric on only after the warm-up: a plateau while the rate still climbs is no plateau. */
    @Override
    public void observe(int epoch, double metric) {
        Schedules.epoch("linearWarmup", epoch);
        if (epoch >= epochs) {
            then.observe(epoch - epochs, metric);
        }
    }

    @Override
    public Map<String, Double> state() {
        return then.state();
    }

    @Override
    public void restore(Map<String, Double> state) {
        then.restore(state);
    }

    @Override
    public String toString() {
        return "linearWarmup(epochs=" + epochs + ", startFactor=" + startFactor + ", then=" + then + ")";
    }
}
