package leibniz.optim;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import leibniz.autograd.Lint;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;

/**
 * The training loop: batches a dataset, runs one prepared program per batch that computes the loss and
 * prediction, back-propagates, optionally clips the gradients and applies the optimizer's step and the
 * model's state updates; then evaluates, reports, logs and runs the callbacks once per epoch.
 *
 * <pre>{@code
 * Trainer trainer = Trainer.builder()
 *         .parameters(model.parameters()).buffers(model.buffers()).objective(objective).optimizer(Adam.create(0.01))
 *         .epochs(20).batchSize(32).metrics(Metrics.accuracy()).validation(parts.validation())
 *         .build();
 * History history = trainer.fit(parts.train());
 * }</pre>
 *
 * <p>Epochs are numbered from 1 and {@code epochs} is the number of the last one: a fresh trainer runs
 * epochs 1 to {@code epochs}; after {@link #resume(Path)} it continues with the epoch after the
 * checkpoint's, and ends where an uninterrupted run with the same seed would, bit for bit, once the model's
 * buffers (running statistics, dropout's step counter) are given to {@link Builder#buffers}. A
 * {@link StepSchedule} continues from the checkpoint's step count.
 *
 * <p>A step whose loss is NaN or infinite is undone, run again in debug mode from the same parameters
 * ({@code Program.Options.debug}), and training stops with an {@link ArithmeticException} naming the epoch
 * and the step within it, followed by the debug run's report of the op that brought the NaN in (a
 * {@code NonFiniteException}, also its cause): {@code training stopped: loss is NaN at epoch 3, step 17; the
 * step rerun in debug mode finds: NaN in log[64] ...}. Before the first step, {@link Lint} checks the graph
 * and the first batch and prints its warnings ({@link Builder#lint}); {@link Builder#gradientCheck} checks
 * the gradient online. A fit that would run an epoch of no step
 * (a batch size above the rows with {@code dropLast}) is refused before that epoch.
 *
 * <p>One thread at a time: a trainer keeps the run's position and drives an optimizer, schedules and
 * callbacks that keep state of their own. Other threads may save the model meanwhile: {@code ModelFile.save}
 * and {@link Checkpoint#save} read every tensor from the same step ({@link Parameter#values}).
 */
public final class Trainer {
    private final Map<String, Parameter> parameters;
    private final Map<String, Parameter> buffers;
    private final Optimizer optimizer;
    private final int batchSize;
    private final List<Metric> metrics;
    private final Steps steps;
    private final RunState run;
    private final TrainerCheckpoint checkpoints;
    private final Loop loop;
    private final TrainingChecks checks;
    private final List<String> warnings = new ArrayList<>();
    private final PrintStream out;

    private Trainer(Builder b) {
        if (b.parameters.isEmpty()) {
            throw new IllegalArgumentException("Trainer: no parameters to train");
        }
        if (b.objective == null || b.optimizer == null) {
            throw new IllegalArgumentException("Trainer: needs an objective and an optimizer");
        }
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(b.parameters));
        this.buffers = Collections.unmodifiableMap(new LinkedHashMap<>(b.buffers));
        this.optimizer = b.optimizer;
        this.batchSize = b.batchSize;
        Optional<LearningRateSchedule> rateSchedule = Optional.ofNullable(b.rateSchedule);
        Optional<BatchSizeSchedule> sizeSchedule = Optional.ofNullable(b.sizeSchedule);
        this.metrics = List.copyOf(b.metrics);
        this.out = b.out;
        this.checks = new TrainingChecks(b.lint, b.checkEvery, b.checkTolerance, b.seed, this::warn);
        this.steps = new Steps(b.objective, parameters, buffers, optimizer, b.clipping, checks);
        this.run = new RunState(b.seed, optimizer.learningRate(), b.batchSize);
        this.checkpoints = new TrainerCheckpoint(parameters, buffers, optimizer, steps, run, rateSchedule,
                sizeSchedule);
        this.loop = new Loop(this, optimizer, b.epochs, b.batchSize, rateSchedule,
                new LearningRates(optimizer, rateSchedule, Optional.ofNullable(b.stepSchedule)),
                new Batching(b.batchSize, sizeSchedule, b.shuffle, b.dropLast), metrics,
                Optional.ofNullable(b.validation), List.copyOf(b.callbacks), b.progress, b.out, run);
    }

    /** A builder; parameters, objective and optimizer are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Trains on {@code train} from the epoch after {@link #epoch()} up to epoch {@code epochs} (or until a
     * callback asks to stop) and returns the records of the epochs it ran; none if the run is complete.
     */
    public History fit(Dataset train) {
        if (train == null) {
            throw new IllegalArgumentException("Trainer: a training dataset is required");
        }
        return loop.fit(TrainingRows.local(train, steps));
    }

    /** Trains on rows whose steps run elsewhere (a Spark cluster) through the same loop as {@link #fit(Dataset)}. */
    History fit(TrainingRows train) {
        return loop.fit(train);
    }

    /** The prepared programs: the Spark trainer applies its summed gradients through them. */
    Steps steps() {
        return steps;
    }

    /** The metrics of the online gradient check since the last call, for the epoch's record. */
    Map<String, Double> checkMetrics() {
        return checks.metrics();
    }

    /**
     * The warnings printed so far, in order: the {@link Lint} warnings of the first batch, and those of the
     * online gradient check ({@link Builder#gradientCheck}).
     */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    private void warn(String warning) {
        warnings.add(warning);
        if (out != null) {
            out.println(warning);
            out.flush();
        }
    }

    /** Whether metrics are kept, so that a step must bring back its prediction and targets. */
    boolean scores() {
        return !metrics.isEmpty();
    }

    /**
     * The loss and metrics over {@code data} in evaluation mode, in batches of the base batch size;
     * changes nothing.
     */
    public Evaluation evaluate(Dataset data) {
        if (data == null) {
            throw new IllegalArgumentException("Trainer: a dataset to evaluate is required");
        }
        Averages avg = new Averages(metrics);
        for (Dataset batch : DataLoader.of(data, batchSize).batches(0)) {
            Steps.Result r = steps.evaluate(batch);
            avg.add(r.loss(), r.prediction(), batch.targets());
        }
        return avg.evaluation();
    }

    /**
     * Saves the parameters, the buffers, the optimizer state and what resuming needs (epoch, global step,
     * seed, batch size, base learning rate, schedule state) to {@code path} with {@link Checkpoint#save},
     * which replaces the file atomically.
     */
    public void checkpoint(Path path) throws IOException {
        checkpoints.save(path);
    }

    /**
     * Loads a checkpoint written by {@link #checkpoint(Path)}: parameters, buffers, optimizer state
     * (learning rate, step count, slots), epoch, global step, seed (which replaces the configured one, so
     * the data order continues as before), base learning rate and schedule state; the next {@link #fit}
     * continues with the following epoch. The checkpoint must hold exactly this model's parameter and
     * buffer names and shapes, or nothing changes.
     */
    public Trainer resume(Path path) throws IOException {
        checkpoints.restore(path);
        return this;
    }

    /** The parameters being trained, by name, in order. */
    public Map<String, Parameter> parameters() {
        return parameters;
    }

    /** The model's persistent state not trained by gradients, by name, in order; none unless given. */
    public Map<String, Parameter> buffers() {
        return buffers;
    }

    /** The optimizer. */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** The number of the last completed epoch: 0 before training, the checkpoint's after {@link #resume}. */
    public int epoch() {
        return run.epoch;
    }

    /** The number of training steps run so far, over all epochs (counting those before a resume). */
    public long step() {
        return run.step;
    }

    /** The seed of the data order. */
    public long seed() {
        return run.seed;
    }

    /** The number of prepared programs, training and evaluation: one per batch shape seen, never one per step. */
    public int programCount() {
        return steps.programCount();
    }

    /** Settings for a {@link Trainer}; each setter refuses bad values at once. */
    public static final class Builder {
        private final Map<String, Parameter> parameters = new LinkedHashMap<>();
        private final Map<String, Parameter> buffers = new LinkedHashMap<>();
        private Objective objective;
        private Optimizer optimizer;
        private int epochs = 1;
        private int batchSize = 32;
        private LearningRateSchedule rateSchedule;
        private StepSchedule stepSchedule;
        private BatchSizeSchedule sizeSchedule;
        private final List<Metric> metrics = new ArrayList<>();
        private Dataset validation;
        private UnaryOperator<List<Node>> clipping;
        private final List<Callback> callbacks = new ArrayList<>();
        private long seed;
        private boolean shuffle = true;
        private boolean dropLast;
        private boolean progress = true;
        private PrintStream out = System.out;
        private Lint lint = Lint.of();
        private int checkEvery;
        private double checkTolerance;

        private Builder() {
        }

        /** The parameters to train, by name (the names a checkpoint stores), in a stable order. */
        public Builder parameters(Map<String, Parameter> parameters) {
            if (parameters == null) {
                throw new IllegalArgumentException("Trainer: no parameters to train");
            }
            this.parameters.clear();
            this.parameters.putAll(parameters);
            return this;
        }

        /**
         * The model's state that gradients do not train ({@code model.buffers()}: running statistics, dropout's
         * step counter), by name: checkpointed, resumed and kept with the best epoch by early stopping.
         */
        public Builder buffers(Map<String, Parameter> buffers) {
            if (buffers == null) {
                throw new IllegalArgumentException("Trainer: buffers must be a map, maybe empty");
            }
            this.buffers.clear();
            this.buffers.putAll(buffers);
            return this;
        }

        /** The model and its loss. */
        public Builder objective(Objective objective) {
            this.objective = objective;
            return this;
        }

        /** The optimizer; its learning rate when the trainer is built is the base rate of a schedule. */
        public Builder optimizer(Optimizer optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        /** The number of the last epoch, positive; 1 by default. */
        public Builder epochs(int epochs) {
            if (epochs <= 0) {
                throw new IllegalArgumentException("Trainer: epochs must be positive, got " + epochs);
            }
            this.epochs = epochs;
            return this;
        }

        /**
         * The number of rows per batch, positive; 32 by default. Also the batch size of evaluation. A batch
         * size larger than the data is one batch of every row, as PyTorch's DataLoader gives with
         * {@code drop_last=False}, so {@code Integer.MAX_VALUE} asks for full-batch training.
         */
        public Builder batchSize(int batchSize) {
            if (batchSize <= 0) {
                throw new IllegalArgumentException("Trainer: batch size must be positive, got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Sets the optimizer's learning rate at the start of each epoch to {@code schedule.rate(e, base)} and
         * tells it the epoch's validation loss (the training loss without a validation set) at the end.
         * Schedules count epochs from 0, so record epoch n is schedule epoch {@code e = n − 1}; the base is
         * the optimizer's rate when the trainer is built. With a {@link #stepSchedule}, this epoch rate is the
         * base the step schedule starts from.
         */
        public Builder learningRateSchedule(LearningRateSchedule schedule) {
            this.rateSchedule = schedule;
            return this;
        }

        /**
         * Sets the optimizer's learning rate before every training step {@code t} to
         * {@code schedule.rate(t, η_e)}, as PyTorch users do with {@code scheduler.step()} after each batch:
         * {@code t} counts steps from 0 over the whole run (across epochs and resumes, as {@link Trainer#step()}
         * does) and {@code η_e} is the epoch's rate from the {@link #learningRateSchedule}, or the base rate
         * without one. A fit whose steps run past the schedule's end (a one-cycle's {@code totalSteps}) is
         * refused before it starts, or, with a batch-size schedule, before the epoch that would.
         * <pre>{@code
         * .epochs(10).batchSize(32).stepSchedule(StepSchedules.oneCycle(10 * DataLoader.of(train, 32).batchCount()))
         * }</pre>
         */
        public Builder stepSchedule(StepSchedule schedule) {
            this.stepSchedule = schedule;
            return this;
        }

        /**
         * Takes each epoch's batch size from {@code schedule.batchSize(e, base)} (e counted from 0) and tells
         * it the monitored loss as for the learning-rate schedule.
         */
        public Builder batchSizeSchedule(BatchSizeSchedule schedule) {
            this.sizeSchedule = schedule;
            return this;
        }

        /** Metrics reported for training and validation, averaged over rows. */
        public Builder metrics(Metric... metrics) {
            this.metrics.addAll(List.of(metrics));
            return this;
        }

        /** A dataset evaluated after every epoch, reported as {@code val_loss} and {@code val_<metric>}. */
        public Builder validation(Dataset validation) {
            this.validation = validation;
            return this;
        }

        /**
         * A transformation of the gradient nodes before the optimizer sees them, built into the training
         * program: {@code .clipping(g -> Clipping.byGlobalNorm(g, 1.0))}.
         */
        public Builder clipping(UnaryOperator<List<Node>> clipping) {
            this.clipping = clipping;
            return this;
        }

        /** Callbacks run after each epoch, in order (early stopping, checkpoints, a metrics log). */
        public Builder callbacks(Callback... callbacks) {
            this.callbacks.addAll(List.of(callbacks));
            return this;
        }

        /** Writes one record per epoch to a CSV or JSON-lines file; runs before the other callbacks. */
        public Builder log(MetricsLog log) {
            this.callbacks.add(0, log);
            return this;
        }

        /** The seed of the data order; 0 by default. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Whether each epoch visits the rows in a new order (a function of seed and epoch); true by default. */
        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /** Whether to skip the last batch of an epoch when it is short; false by default. */
        public Builder dropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        /**
         * Whether to draw a progress bar on an interactive terminal (true by default); never drawn without a
         * console or when the {@code CI} environment variable is set. Epoch lines are printed either way.
         */
        public Builder progress(boolean progress) {
            this.progress = progress;
            return this;
        }

        /** Where the one-line-per-epoch summaries go; {@code System.out} by default. */
        public Builder output(PrintStream out) {
            if (out == null) {
                throw new IllegalArgumentException("Trainer: output needs a stream; use quiet() for none");
            }
            this.out = out;
            return this;
        }

        /** No progress bar and no epoch lines. */
        public Builder quiet() {
            this.out = null;
            this.progress = false;
            return this;
        }

        /**
         * The {@link Lint} checks run on the first batch before the first step (every check by default); their
         * warnings are printed and kept in {@link Trainer#warnings()}, never fatal:
         * {@code .lint(Lint.of().silence(Lint.Check.DEAD_RELU))}, or every check silenced for none.
         */
        public Builder lint(Lint lint) {
            if (lint == null) {
                throw new IllegalArgumentException("Trainer: lint is null; silence its checks instead");
            }
            this.lint = lint;
            return this;
        }

        /**
         * Checks the gradient online, before every {@code every}-th step (the first included): the derivative
         * of the loss along a random direction from the gradient against a central difference of the loss
         * on the same batch. The largest relative error of each epoch is its {@code grad_check} metric; one
         * above {@code tolerance} is warned about. Off by default: {@code .gradientCheck(100, 1e-3)}.
         */
        public Builder gradientCheck(int every, double tolerance) {
            if (every <= 0) {
                throw new IllegalArgumentException("Trainer: the gradient check's interval must be positive, got "
                        + every);
            }
            if (!(tolerance > 0) || Double.isInfinite(tolerance)) {
                throw new IllegalArgumentException("Trainer: the gradient check's tolerance must be positive and"
                        + " finite, got " + tolerance);
            }
            this.checkEvery = every;
            this.checkTolerance = tolerance;
            return this;
        }

        /** The trainer; refuses missing parameters, objective or optimizer. */
        public Trainer build() {
            return new Trainer(this);
        }
    }
}
