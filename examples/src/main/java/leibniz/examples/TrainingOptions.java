package leibniz.examples;

import java.util.Locale;
import leibniz.optim.Adadelta;
import leibniz.optim.Adagrad;
import leibniz.optim.Adam;
import leibniz.optim.AdamW;
import leibniz.optim.LearningRateSchedule;
import leibniz.optim.Optimizer;
import leibniz.optim.RmsProp;
import leibniz.optim.Schedules;
import leibniz.optim.Sgd;
import picocli.CommandLine.Option;

/**
 * The options of every example that trains with the {@code Trainer}: {@code --epochs --batch-size --lr
 * --optimizer --schedule}, a picocli mixin whose defaults each example sets when it creates it.
 */
final class TrainingOptions {
    /** The optimizers {@code --optimizer} names; lower case because they are the words typed on the command line. */
    enum OptimizerName { sgd, momentum, nesterov, adam, adamw, rmsprop, adagrad, adadelta }

    /** How the learning rate moves over the epochs. */
    enum ScheduleName { cosine, constant }

    @Option(names = "--epochs", paramLabel = "N", order = 1, description = "passes over the training data")
    int epochs;

    @Option(names = "--batch-size", paramLabel = "N", order = 2, description = "examples per optimizer step")
    int batchSize;

    @Option(names = "--lr", paramLabel = "X", order = 3, description = "learning rate")
    double lr;

    @Option(names = "--optimizer", paramLabel = "NAME", order = 4, description = "${COMPLETION-CANDIDATES}")
    OptimizerName optimizer;

    @Option(names = "--schedule", paramLabel = "NAME", order = 5,
            description = "learning rate: cosine decay from --lr to 0 over the epochs, or constant")
    ScheduleName schedule = ScheduleName.cosine;

    TrainingOptions(int epochs, int batchSize, double lr, OptimizerName optimizer) {
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.lr = lr;
        this.optimizer = optimizer;
    }

    /** The optimizer {@code --optimizer} names, with the learning rate {@code --lr}. */
    Optimizer optimizer() {
        return optimizer(optimizer, lr);
    }

    /** The optimizer called {@code name} on the command line, with the learning rate {@code lr}. */
    static Optimizer optimizer(OptimizerName name, double lr) {
        return switch (name) {
            case sgd -> Sgd.create(lr);
            case momentum -> Sgd.builder().learningRate(lr).momentum(0.9).build();
            case nesterov -> Sgd.builder().learningRate(lr).momentum(0.9).nesterov(true).build();
            case adam -> Adam.create(lr);
            case adamw -> AdamW.create(lr);
            case rmsprop -> RmsProp.create(lr);
            case adagrad -> Adagrad.create(lr);
            case adadelta -> Adadelta.create(lr);
        };
    }

    /** The learning-rate schedule {@code --schedule} names, over {@code --epochs}. */
    LearningRateSchedule schedule() {
        // Schedules count epochs from 0: the last epoch, epochs - 1, still trains at a small positive rate.
        return schedule == ScheduleName.cosine ? Schedules.cosine(epochs, 0) : Schedules.constant();
    }

    /**
     * {@code --batch-size}, refused when larger than the {@code rows} it batches: such a run would train
     * on fewer batches than the user asked for, or none.
     */
    int batchSize(int rows, String what) {
        return batchSize(batchSize, rows, what);
    }

    /** {@code batchSize}, refused with a sentence naming {@code what} the rows are when larger than {@code rows}. */
    static int batchSize(int batchSize, int rows, String what) {
        if (batchSize > rows) {
            throw new UsageException(String.format(Locale.ROOT, "--batch-size %d is larger than the %d %s; give at "
                    + "most %d", batchSize, rows, what, rows));
        }
        return batchSize;
    }
}
