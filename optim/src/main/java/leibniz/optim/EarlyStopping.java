package leibniz.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import leibniz.autograd.Parameter;
import leibniz.core.Tensor;

/**
 * Stops training once a monitored value (see {@link EpochRecord#values()}, e.g. {@code val_loss}) has not
 * improved by more than {@code minDelta} for {@code patience} epochs in a row, and optionally puts the
 * parameters and buffers ({@link Trainer#buffers()}) of the best epoch back when training ends. A NaN value
 * never counts as an improvement.
 *
 * <pre>{@code
 * EarlyStopping stop = EarlyStopping.of("val_loss", 5, 1e-4, Schedules.Mode.MIN, true);
 * }</pre>
 *
 * <p>One thread at a time: it keeps the best value, the epochs waited and the best parameters; give each
 * trainer its own.
 */
public final class EarlyStopping implements Callback {
    private final String monitor;
    private final int patience;
    private final double minDelta;
    private final Schedules.Mode mode;
    private final boolean restoreBest;
    private double best;
    private int bestEpoch;
    private int wait;
    private int stoppedEpoch;
    private Map<Parameter, Tensor> bestValues;

    private EarlyStopping(String monitor, int patience, double minDelta, Schedules.Mode mode, boolean restoreBest) {
        this.monitor = monitor;
        this.patience = patience;
        this.minDelta = minDelta;
        this.mode = mode;
        this.restoreBest = restoreBest;
        reset();
    }

    /**
     * Stops after {@code patience} epochs (0 or more) without an improvement of more than {@code minDelta}
     * (finite, 0 or more) in {@code monitor}; with {@code restoreBest} the best epoch's parameters and
     * buffers are restored at the end of training.
     */
    public static EarlyStopping of(String monitor, int patience, double minDelta, Schedules.Mode mode,
            boolean restoreBest) {
        if (monitor == null || monitor.isBlank() || mode == null) {
            throw new IllegalArgumentException("EarlyStopping: needs a value to monitor and a mode");
        }
        if (patience < 0) {
            throw new IllegalArgumentException("EarlyStopping: patience must be non-negative, got " + patience);
        }
        if (!Double.isFinite(minDelta) || minDelta < 0) {
            throw new IllegalArgumentException("EarlyStopping: minDelta must be a finite non-negative number, got "
                    + minDelta);
        }
        return new EarlyStopping(monitor, patience, minDelta, mode, restoreBest);
    }

    private void reset() {
        best = mode == Schedules.Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        bestEpoch = 0;
        wait = 0;
        stoppedEpoch = 0;
        bestValues = null;
    }

    @Override
    public void onTrainBegin(Trainer trainer) {
        reset();
    }

    @Override
    public boolean onEpochEnd(Trainer trainer, EpochRecord epoch) {
        Map<String, Double> values = epoch.values();
        Double v = values.get(monitor);
        if (v == null) {
            throw new IllegalArgumentException("EarlyStopping: no value '" + monitor + "' to monitor, epochs have "
                    + values.keySet());
        }
        boolean improved = mode == Schedules.Mode.MIN ? v < best - minDelta : v > best + minDelta;
        if (improved) {
            best = v;
            bestEpoch = epoch.epoch();
            wait = 0;
            if (restoreBest) {
                bestValues = new LinkedHashMap<>();
                trainer.parameters().values().forEach(p -> bestValues.put(p, p.value()));
                // Running statistics belong to the weights they were gathered with.
                trainer.buffers().values().forEach(p -> bestValues.put(p, p.value()));
            }
            return false;
        }
        wait++;
        if (wait >= patience) {
            stoppedEpoch = epoch.epoch();
            return true;
        }
        return false;
    }

    @Override
    public void onTrainEnd(Trainer trainer, History history) {
        if (restoreBest && bestValues != null) {
            bestValues.forEach(Parameter::set);
        }
    }

    /** The epoch with the best monitored value so far, 0 before any. */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** The best monitored value so far (infinite before any). */
    public double bestValue() {
        return best;
    }

    /** The epoch after which this callback stopped training, 0 if it did not. */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }
}
