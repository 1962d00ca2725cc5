package leibniz.optim;

import java.util.Optional;
import leibniz.core.Tensor;

/**
 * The rows a trainer trains on and where its steps run: a {@link Dataset} in this process, or the partitions
 * of a Spark data set. The trainer's loop chooses the rows of every step (by seed, epoch and batch size, the
 * same whatever runs them); this computes the step on those rows and applies it.
 */
interface TrainingRows {
    /** The number of rows N. */
    int size();

    /** Refuses a validation set whose rows (features and targets without the batch axis) differ from these. */
    void checkValidation(Dataset validation);

    /**
     * Runs one training step on {@code rows} (indices from 0 to N − 1, in batch order): computes the mean loss
     * over them and its gradient, and applies the update, or undoes it when the loss is not finite.
     */
    Step train(int[] rows);

    /**
     * One step's mean loss over its rows, their number, the prediction and targets that metrics score, and for
     * a loss that is not finite, what the step's rerun in debug mode found.
     */
    record Step(double loss, int rows, Optional<Scored> scored, Optional<RuntimeException> diagnosis) {
        Step(double loss, int rows, Optional<Scored> scored) {
            this(loss, rows, scored, Optional.empty());
        }
    }

    /** A batch's prediction and its targets, row i of one belonging to row i of the other. */
    record Scored(Tensor prediction, Tensor targets) {
    }

    /** The rows of {@code data}, each step one run of the trainer's prepared program. */
    static TrainingRows local(Dataset data, Steps steps) {
        return new TrainingRows() {
            @Override
            public int size() {
                return data.size();
            }

            @Override
            public void checkValidation(Dataset validation) {
                data.checkSameRows(validation);
            }

            @Override
            public Step train(int[] rows) {
                Dataset batch = data.subset(rows);
                Steps.Result r = steps.train(batch);
                return new Step(r.loss(), rows.length, Optional.of(new Scored(r.prediction(), batch.targets())),
                        r.diagnosis());
            }
        };
    }
}
