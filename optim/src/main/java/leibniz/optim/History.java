package leibniz.optim;

import java.util.List;

/** The epochs one call of {@link Trainer#fit} trained, in order. */
public record History(List<EpochRecord> epochs) {
    /** Copies the list. */
    public History {
        epochs = List.copyOf(epochs);
    }

    /** The last epoch trained. */
    public EpochRecord last() {
        if (epochs.isEmpty()) {
            throw new IllegalStateException("history: no epoch was trained");
        }
        return epochs.get(epochs.size() - 1);
    }

    /** The value named {@code name} (see {@link EpochRecord#values()}) of every epoch, e.g. {@code series("loss")}. */
    public double[] series(String name) {
        double[] out = new double[epochs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = epochs.get(i).value(name);
        }
        return out;
    }
}
