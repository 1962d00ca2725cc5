package leibniz.optim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Saves a checkpoint to one file every {@code every} epochs through {@link Trainer#checkpoint(Path)}: the
 * parameters, the optimizer state and the metadata needed to resume exactly. Each save replaces the file
 * atomically, so a crash leaves the previous checkpoint intact; a failed save stops training with an
 * {@link UncheckedIOException}.
 */
public final class CheckpointCallback implements Callback {
    private final Path path;
    private final int every;

    private CheckpointCallback(Path path, int every) {
        this.path = path;
        this.every = every;
    }

    /** Saves to {@code path} after every epoch whose number is a multiple of {@code every} (positive). */
    public static CheckpointCallback of(Path path, int every) {
        if (path == null) {
            throw new IllegalArgumentException("CheckpointCallback: a path is required");
        }
        if (every <= 0) {
            throw new IllegalArgumentException("CheckpointCallback: every must be positive, got " + every);
        }
        return new CheckpointCallback(path, every);
    }

    @Override
    public boolean onEpochEnd(Trainer trainer, EpochRecord epoch) {
        if (epoch.epoch() % every == 0) {
            try {
                trainer.checkpoint(path);
            } catch (IOException e) {
                throw new UncheckedIOException("CheckpointCallback: cannot save " + path + ": " + e.getMessage(), e);
            }
        }
        return false;
    }
}
