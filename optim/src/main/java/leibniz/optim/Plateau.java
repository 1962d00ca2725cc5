package leibniz.optim;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Detects plateaus of a monitored metric as PyTorch's ReduceLROnPlateau does (relative threshold):
 * the best value so far, the epochs since it last improved, and a cooldown after each plateau.
 * Mutable; owned by one schedule.
 */
final class Plateau {
    private static final Set<String> KEYS = Set.of("best", "badEpochs", "cooldownLeft");

    private final String op;
    private final Schedules.Mode mode;
    private final int patience;
    private final double threshold;
    private final int cooldown;
    private double best;
    private int badEpochs;
    private int cooldownLeft;
    /** Plateaus seen so far: the k of {@code factor^k} in the schedules that own this. */
    private int plateaus;

    Plateau(String op, Schedules.Mode mode, int patience, double threshold, int cooldown) {
        if (mode == null) {
            throw new IllegalArgumentException(op + ": a mode (MIN or MAX) is required");
        }
        Schedules.atLeast(op, "patience", patience, 0);
        // Below 1 so that best · (1 − threshold) stays infinite (not NaN) before the first metric.
        if (!(threshold >= 0 && threshold < 1)) {
            throw new IllegalArgumentException(op + ": threshold must be in [0, 1), got " + threshold);
        }
        Schedules.atLeast(op, "cooldown", cooldown, 0);
        this.op = op;
        this.mode = mode;
        this.patience = patience;
        this.threshold = threshold;
        this.cooldown = cooldown;
        this.best = mode == Schedules.Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    /**
     * Records the metric of {@code epoch}; counts a plateau when it ends one: more than {@code patience}
     * epochs without improvement, outside a cooldown. A plateau resets the count and starts the cooldown.
     */
    void observe(int epoch, double metric) {
        Schedules.epoch(op, epoch);
        if (improves(metric)) {
            best = metric;
            badEpochs = 0;
        } else {
            badEpochs++;
        }
        if (cooldownLeft > 0) {
            cooldownLeft--;
            badEpochs = 0;
        }
        if (badEpochs > patience) {
            cooldownLeft = cooldown;
            badEpochs = 0;
            plateaus++;
        }
    }

    // NaN compares false, so a diverged (NaN) metric counts as no improvement, as in PyTorch.
    private boolean improves(double metric) {
        return mode == Schedules.Mode.MIN ? metric < best * (1 - threshold) : metric > best * (1 + threshold);
    }

    /** Adds {@code best}, {@code badEpochs} and {@code cooldownLeft} to {@code out}. */
    /** The number of plateaus seen so far. */
    int plateaus() {
        return plateaus;
    }

    /** The state for checkpoints: the plateau count under {@code counter}, then best, badEpochs, cooldownLeft. */
    Map<String, Double> state(String counter) {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put(counter, (double) plateaus);
        out.put("best", best);
        out.put("badEpochs", (double) badEpochs);
        out.put("cooldownLeft", (double) cooldownLeft);
        return out;
    }

    /**
     * Checks that {@code state} holds exactly {@link #KEYS} plus {@code counter}, each valid, and sets
     * this plateau's part; returns the counter for the owning schedule. Nothing changes on failure.
     */
    void restore(Map<String, Double> state, String counter) {
        if (state == null) {
            throw new IllegalArgumentException(op + ": restore needs a state map");
        }
        Set<String> expected = new HashSet<>(KEYS);
        expected.add(counter);
        if (!state.keySet().equals(expected)) {
            throw new IllegalArgumentException(op + ": restore needs exactly the keys "
                    + new TreeSet<>(expected) + ", got " + new TreeSet<>(state.keySet()));
        }
        Double b = state.get("best");
        if (b == null || b.isNaN()) {
            throw new IllegalArgumentException(op + ": restore: best must be a number, got " + b);
        }
        int bad = count(state, "badEpochs");
        int left = count(state, "cooldownLeft");
        int k = count(state, counter);
        best = b;
        badEpochs = bad;
        cooldownLeft = left;
        plateaus = k;
    }

    private int count(Map<String, Double> state, String key) {
        Double v = state.get(key);
        if (v == null || !(v >= 0 && v <= Integer.MAX_VALUE && v == Math.rint(v))) {
            throw new IllegalArgumentException(op + ": restore: " + key + " must be a non-negative integer, got " + v);
        }
        return v.intValue();
    }

    /** A fresh ordered map for a schedule's state. */
}
