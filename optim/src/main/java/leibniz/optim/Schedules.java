package leibniz.optim;

import java.util.Arrays;
import java.util.Map;

/**
 * Learning-rate and batch-size schedules, each stated as a formula in the epoch {@code e} (counted
 * from 0) and the base rate {@code η₀}. The learning-rate formulas are PyTorch's ({@code StepLR},
 * {@code MultiStepLR}, {@code ExponentialLR}, {@code CosineAnnealingLR}, {@code
 * CosineAnnealingWarmRestarts}, {@code LinearLR}, {@code ReduceLROnPlateau}) in closed form, so a
 * schedule can be asked for any epoch in any order, as a resumed run does.
 *
 * <pre>{@code
 * LearningRateSchedule lr = Schedules.stepDecay(30, 0.1);          // 0.1, ... then 0.01 from epoch 30
 * LearningRateSchedule warm = Schedules.linearWarmup(5, Schedules.cosine(95, 0));
 * LearningRateSchedule plateau = Schedules.reduceOnPlateau(Schedules.Mode.MIN, 0.5, 3);
 * BatchSizeSchedule bs = Schedules.growByEpochs(10, 2, 1024);
 * }</pre>
 *
 * <p>Invalid hyperparameters are refused when the schedule is made, with a message that names the
 * schedule, the hyperparameter and the value: {@code stepDecay: gamma must be in (0, 1], got 1.5}.
 */
public final class Schedules {
    private Schedules() {
    }

    /** Whether a monitored metric improves by going down (a loss) or up (an accuracy). */
    public enum Mode {
        /** Lower is better. */
        MIN,
        /** Higher is better. */
        MAX
    }

    /** {@code η_e = η₀}: the base rate every epoch. */
    public static LearningRateSchedule constant() {
        return new RateFormula("constant", "constant()", (e, base) -> base);
    }

    /** {@code η_e = η₀ · γ^⌊e / stepSize⌋}: multiplied by {@code gamma} every {@code stepSize} epochs (StepLR). */
    public static LearningRateSchedule stepDecay(int stepSize, double gamma) {
        String op = "stepDecay";
        atLeast(op, "stepSize", stepSize, 1);
        decayFactor(op, "gamma", gamma);
        return new RateFormula(op, op + "(stepSize=" + stepSize + ", gamma=" + gamma + ")",
                (e, base) -> base * Math.pow(gamma, e / stepSize));
    }

    /**
     * {@code η_e = η₀ · γ^k} where {@code k} is the number of milestones {@code ≤ e}: multiplied by
     * {@code gamma} at each milestone epoch (MultiStepLR). Milestones must be positive and increasing.
     */
    public static LearningRateSchedule multiStep(int[] milestones, double gamma) {
        String op = "multiStep";
        if (milestones == null || milestones.length == 0) {
            throw new IllegalArgumentException(op + ": at least one milestone is required");
        }
        int[] m = milestones.clone();
        for (int i = 0; i < m.length; i++) {
            if (m[i] < 1 || (i > 0 && m[i] <= m[i - 1])) {
                throw new IllegalArgumentException(op + ": milestones must be positive and strictly increasing, got "
                        + Arrays.toString(m));
            }
        }
        decayFactor(op, "gamma", gamma);
        return new RateFormula(op, op + "(milestones=" + Arrays.toString(m) + ", gamma=" + gamma + ")",
                (e, base) -> {
                    int k = 0;
                    while (k < m.length && m[k] <= e) {
                        k++;
                    }
                    return base * Math.pow(gamma, k);
                });
    }

    /** {@code η_e = η₀ · γ^e}: multiplied by {@code gamma} every epoch (ExponentialLR). */
    public static LearningRateSchedule exponential(double gamma) {
        String op = "exponential";
        decayFactor(op, "gamma", gamma);
        return new RateFormula(op, op + "(gamma=" + gamma + ")", (e, base) -> base * Math.pow(gamma, e));
    }

    /**
     * {@code η_e = η_min + (η₀ − η_min) · (1 + cos(π e / T_max)) / 2}: half a cosine from the base rate
     * at epoch 0 down to {@code etaMin} at epoch {@code tMax} (CosineAnnealingLR). As in PyTorch the
     * cosine continues past {@code tMax}, rising again; choose {@code tMax} as the number of epochs, or
     * use {@link #cosineWarmRestarts} for restarts.
     */
    public static LearningRateSchedule cosine(int tMax, double etaMin) {
        String op = "cosine";
        atLeast(op, "tMax", tMax, 1);
        finiteNonNegative(op, "etaMin", etaMin);
        return new RateFormula(op, op + "(tMax=" + tMax + ", etaMin=" + etaMin + ")",
                (e, base) -> etaMin + (base - etaMin) * (1 + Math.cos(Math.PI * e / tMax)) / 2);
    }

    /**
     * SGDR, cosine annealing with warm restarts (Loshchilov and Hutter, 2017):
     * {@code η_e = η_min + (η₀ − η_min) · (1 + cos(π T_cur / T_i)) / 2}, where the run is cut into
     * periods of {@code T_0, T_0·m, T_0·m², ...} epochs ({@code m = tMult}), {@code T_i} is the length of
     * the period containing {@code e} and {@code T_cur} the epochs since it began
     * (CosineAnnealingWarmRestarts). The rate jumps back to {@code η₀} at each restart.
     */
    public static LearningRateSchedule cosineWarmRestarts(int t0, int tMult, double etaMin) {
        String op = "cosineWarmRestarts";
        atLeast(op, "t0", t0, 1);
        atLeast(op, "tMult", tMult, 1);
        finiteNonNegative(op, "etaMin", etaMin);
        return new RateFormula(op, op + "(t0=" + t0 + ", tMult=" + tMult + ", etaMin=" + etaMin + ")",
                (e, base) -> {
                    long ti = t0;
                    long tcur = e;
                    if (tMult == 1) {
                        tcur = e % t0;
                    } else {
                        // Periods grow geometrically, so this loop runs O(log e) times.
                        while (tcur >= ti) {
                            tcur -= ti;
                            ti *= tMult;
                        }
                    }
                    return etaMin + (base - etaMin) * (1 + Math.cos(Math.PI * tcur / ti)) / 2;
                });
    }

    /**
     * Linear warm-up, then {@code then}: {@code η_e = η₀ · (f₀ + (1 − f₀) · e / w)} for {@code e < w},
     * and {@code then.rate(e − w, η₀)} afterwards, so {@code then} starts at its own epoch 0 (PyTorch's
     * LinearLR followed by another schedule in SequentialLR). {@code startFactor} is {@code f₀ ∈ (0, 1]}.
     * Metrics and state pass through to {@code then}.
     */
    public static LearningRateSchedule linearWarmup(int warmupEpochs, double startFactor, LearningRateSchedule then) {
        String op = "linearWarmup";
        atLeast(op, "warmupEpochs", warmupEpochs, 1);
        warmupSettings(op, startFactor, then);
        return new Warmup(warmupEpochs, startFactor, then);
    }

    /**
     * Linear warm-up over {@code w} epochs that climbs in equal steps to the base rate:
     * {@code η_e = η₀ · (e + 1) / (w + 1)} for {@code e < w} (that is, {@code f₀ = 1 / (w + 1)}), then
     * {@code then.rate(e − w, η₀)}.
     */
    public static LearningRateSchedule linearWarmup(int warmupEpochs, LearningRateSchedule then) {
        atLeast("linearWarmup", "warmupEpochs", warmupEpochs, 1);
        return linearWarmup(warmupEpochs, 1.0 / (warmupEpochs + 1), then);
    }

    /**
     * {@code η_e = η₀ / (1 + r · e / s)}: inverse-time decay with rate {@code r = decayRate} per
     * {@code s = decaySteps} epochs (TensorFlow's InverseTimeDecay; the rate halves at {@code e = s / r}).
     */
    public static LearningRateSchedule inverseTimeDecay(double decayRate, int decaySteps) {
        String op = "inverseTimeDecay";
        finiteNonNegative(op, "decayRate", decayRate);
        atLeast(op, "decaySteps", decaySteps, 1);
        return new RateFormula(op, op + "(decayRate=" + decayRate + ", decaySteps=" + decaySteps + ")",
                (e, base) -> base / (1 + decayRate * e / decaySteps));
    }

    /**
     * Reduce-on-plateau with PyTorch's defaults: relative threshold {@code 1e-4}, no cooldown, no
     * minimum rate. See {@link #reduceOnPlateau(Mode, double, int, double, int, double)}.
     */
    public static LearningRateSchedule reduceOnPlateau(Mode mode, double factor, int patience) {
        return reduceOnPlateau(mode, factor, patience, 1e-4, 0, 0);
    }

    /**
     * {@code η = min(η₀, max(η₀ · factor^k, minRate))}, where {@code k} counts the plateaus observed so
     * far (ReduceLROnPlateau). A metric improves when it beats the best so far by the relative
     * {@code threshold}: {@code metric < best · (1 − threshold)} in {@link Mode#MIN},
     * {@code metric > best · (1 + threshold)} in {@link Mode#MAX} (NaN never improves). After
     * {@code patience} epochs without improvement the next one is a plateau: {@code k} grows by one and
     * the next {@code cooldown} epochs are not counted. Its {@link LearningRateSchedule#state() state}
     * holds {@code reductions} ({@code k}), {@code best}, {@code badEpochs} and {@code cooldownLeft}.
     */
    public static LearningRateSchedule reduceOnPlateau(Mode mode, double factor, int patience, double threshold,
            int cooldown, double minRate) {
        String op = "reduceOnPlateau";
        if (!(factor > 0 && factor < 1)) {
            throw new IllegalArgumentException(op + ": factor must be in (0, 1), got " + factor);
        }
        finiteNonNegative(op, "minRate", minRate);
        return new ReduceOnPlateau(factor, minRate, new Plateau(op, mode, patience, threshold, cooldown));
    }

    /**
     * {@code b_e = min(b₀ · factor^⌊e / every⌋, max)}: the batch size multiplied by {@code factor}
     * every {@code every} epochs, up to {@code max}.
     */
    public static BatchSizeSchedule growByEpochs(int every, int factor, int max) {
        String op = "growByEpochs";
        atLeast(op, "every", every, 1);
        atLeast(op, "factor", factor, 2);
        atLeast(op, "max", max, 1);
        return new GrowByEpochs(every, factor, max);
    }

    /**
     * Grow-on-plateau for a loss: {@link Mode#MIN}, relative threshold {@code 1e-4}. See
     * {@link #growOnPlateau(Mode, int, int, double, int)}.
     */
    public static BatchSizeSchedule growOnPlateau(int factor, int patience, int max) {
        return growOnPlateau(Mode.MIN, factor, patience, 1e-4, max);
    }

    /**
     * {@code b = min(b₀ · factor^k, max)}, where {@code k} counts the plateaus observed so far, detected
     * as in {@link #reduceOnPlateau(Mode, double, int, double, int, double)} (no cooldown). Its state
     * holds {@code growths} ({@code k}), {@code best}, {@code badEpochs} and {@code cooldownLeft}.
     */
    public static BatchSizeSchedule growOnPlateau(Mode mode, int factor, int patience, double threshold, int max) {
        String op = "growOnPlateau";
        atLeast(op, "factor", factor, 2);
        atLeast(op, "max", max, 1);
        return new GrowOnPlateau(factor, max, new Plateau(op, mode, patience, threshold, 0));
    }

    // ---------------------------------------------------------------- checks shared by the schedules

    static void atLeast(String op, String what, int v, int min) {
        if (v < min) {
            throw new IllegalArgumentException(op + ": " + what + " must be >= " + min + ", got " + v);
        }
    }

    /** A multiplicative decay in (0, 1]: 1 keeps the rate, 0 would end training at the first step. */
    private static void decayFactor(String op, String what, double v) {
        if (!(v > 0 && v <= 1)) {
            throw new IllegalArgumentException(op + ": " + what + " must be in (0, 1], got " + v);
        }
    }

    /** A warm-up's start factor in (0, 1] and the schedule it hands over to, by epoch or by step. */
    static void warmupSettings(String op, double startFactor, Object then) {
        if (!(startFactor > 0 && startFactor <= 1)) {
            throw new IllegalArgumentException(op + ": startFactor must be in (0, 1], got " + startFactor);
        }
        if (then == null) {
            throw new IllegalArgumentException(op + ": the schedule after the warm-up is required");
        }
    }

    static void finiteNonNegative(String op, String what, double v) {
        if (!(v >= 0 && Double.isFinite(v))) {
            throw new IllegalArgumentException(op + ": " + what + " must be finite and >= 0, got " + v);
        }
    }

    static void epoch(String op, int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException(op + ": epoch must be >= 0, got " + epoch);
        }
    }

    /** The default {@code restore} of schedules that keep no state: only an empty map fits. */
    static void checkStateless(String schedule, Map<String, Double> state) {
        if (state == null || !state.isEmpty()) {
            throw new IllegalArgumentException(schedule + ": keeps no state to restore, got "
                    + (state == null ? "null" : state.keySet()));
        }
    }
}
