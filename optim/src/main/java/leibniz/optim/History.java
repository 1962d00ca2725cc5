package leibniz.optim;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The epochs one call of {@link Trainer#fit} trained, in order, with their values as series and their
 * learning curves as a picture.
 */
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

    /**
     * Draws the learning curves into the PNG {@code file}, replacing it: one 640x480 panel for the loss and
     * one per metric, each with the training and (given a validation set) the validation value per epoch.
     * Needs XChart, an optional dependency: add {@code org.knowm.xchart:xchart} to the build to plot.
     *
     * <pre>{@code trainer.fit(data).plot(Path.of("curves.png"));}</pre>
     */
    public Path plot(Path file) throws IOException {
        return plot(file, "");
    }

    /** {@link #plot(Path)} with panels titled {@code title + ": loss"}, {@code title + ": accuracy"} and so on. */
    public Path plot(Path file, String title) throws IOException {
        if (file == null || title == null) {
            throw new IllegalArgumentException("History.plot: the file and the title must not be null, got "
                    + file + " and " + title);
        }
        last();
        try {
            return Curves.save(this, file, title);
        } catch (NoClassDefFoundError e) {
            if (e.getMessage() == null || !e.getMessage().startsWith("org/knowm/xchart")) {
                throw e;
            }
            throw new IllegalStateException("History.plot needs XChart on the class path: add the dependency "
                    + "org.knowm.xchart:xchart (Leibniz is built with 3.8.8)", e);
        }
    }
}
