package leibniz.optim;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import leibniz.autograd.NonFiniteException;

/**
 * The epochs of {@link Trainer#fit}, whatever runs the steps: batch sizes and learning rates from the
 * schedules, the rows of every batch from the seed and the epoch, the loss and metrics averaged over the rows,
 * validation, the progress and the callbacks. A local trainer and a Spark trainer share it; only how a step
 * runs on its rows ({@link TrainingRows}) differs between them.
 */
final class Loop {
    private final Trainer trainer;
    private final Optimizer optimizer;
    private final int epochs;
    private final int batchSize;
    private final Optional<LearningRateSchedule> rateSchedule;
    private final LearningRates rates;
    private final Batching batching;
    private final List<Metric> metrics;
    private final Optional<Dataset> validation;
    private final List<Callback> callbacks;
    private final boolean bar;
    private final PrintStream out;
    private final RunState run;

    Loop(Trainer trainer, Optimizer optimizer, int epochs, int batchSize, Optional<LearningRateSchedule> rateSchedule,
            LearningRates rates, Batching batching, List<Metric> metrics, Optional<Dataset> validation,
            List<Callback> callbacks, boolean bar, PrintStream out, RunState run) {
        this.trainer = trainer;
        this.optimizer = optimizer;
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.rateSchedule = rateSchedule;
        this.rates = rates;
        this.batching = batching;
        this.metrics = metrics;
        this.validation = validation;
        this.callbacks = callbacks;
        this.bar = bar;
        this.out = out;
        this.run = run;
    }

    /** Trains from the epoch after the run's last up to {@code epochs}, or until a callback asks to stop. */
    History fit(TrainingRows train) {
        validation.ifPresent(train::checkValidation);
        if (batching.fixed() && run.epoch < epochs) {
            // Every epoch has the same steps: refuse a run the step schedule cannot finish before it starts.
            int first = run.epoch + 1;
            long count = (long) batching.steps(train.size(), first, batchSize) * (epochs - run.epoch);
            rates.checkSteps(first == epochs ? "epoch " + first : "epochs " + first + " to " + epochs, run.step,
                    count, run.baseRate);
        }
        List<EpochRecord> records = new ArrayList<>();
        callbacks.forEach(c -> c.onTrainBegin(trainer));
        try (Progress progress = new Progress(bar, out)) {
            boolean stop = false;
            while (!stop && run.epoch < epochs) {
                EpochRecord r = runEpoch(train, run.epoch + 1, progress);
                records.add(r);
                progress.endEpoch(r, epochs);
                for (Callback c : callbacks) {
                    stop |= c.onEpochEnd(trainer, r);
                }
            }
        }
        History history = new History(records);
        callbacks.forEach(c -> c.onTrainEnd(trainer, history));
        return history;
    }

    /** Epoch {@code e}, counted from 1; schedules count from 0, so they are asked about {@code e − 1}. */
    private EpochRecord runEpoch(TrainingRows train, int e, Progress progress) {
        long start = System.nanoTime();
        int size = batching.size(e);
        int count = batching.steps(train.size(), e, size);
        double epochRate = rates.ofEpoch(e - 1, run.baseRate);
        rates.checkSteps("epoch " + e, run.step, count, epochRate);
        rates.startEpoch(epochRate);
        List<int[]> batches = batching.batches(train.size(), e, size, run.seed);
        Averages avg = new Averages(metrics);
        progress.startEpoch(e, epochs, count);
        for (int i = 0; i < count; i++) {
            rates.startStep(run.step, epochRate);
            TrainingRows.Step r;
            try {
                r = train.train(batches.get(i));
            } catch (NonFiniteException found) {
                // In debug mode (-Dleibniz.debug=true) the step itself stops at the first NaN, assigning nothing.
                ArithmeticException stop = new ArithmeticException("training stopped at epoch " + e + ", step "
                        + (i + 1) + ": debug mode finds:\n" + found.getMessage());
                stop.initCause(found);
                throw stop;
            }
            if (!Double.isFinite(r.loss())) {
                ArithmeticException stop = new ArithmeticException("training stopped: loss is " + r.loss()
                        + " at epoch " + e + ", step " + (i + 1) + r.diagnosis().map(d -> "; the step rerun in debug"
                        + " mode finds:\n" + d.getMessage()).orElse("; the step rerun in debug mode finds no op that"
                        + " brings in a NaN or an infinity"));
                r.diagnosis().ifPresent(stop::initCause);
                throw stop;
            }
            run.step++;
            avg.add(r.loss(), r.rows());
            r.scored().ifPresent(s -> avg.score(s.prediction(), s.targets()));
            progress.step(r.loss());
        }
        double rate = optimizer.learningRate();
        Optional<Evaluation> val = validation.map(trainer::evaluate);
        run.epoch = e;
        run.batchSize = size;
        // The schedules react to the validation loss when there is one, as Keras and PyTorch users expect.
        double monitored = val.map(Evaluation::loss).orElse(avg.loss());
        rateSchedule.ifPresent(s -> s.observe(e - 1, monitored));
        batching.observe(e, monitored);
        Map<String, Double> trained = new LinkedHashMap<>(avg.metrics());
        trained.putAll(trainer.checkMetrics());
        return new EpochRecord(e, run.step, count, avg.loss(), trained, val, rate, size,
                (System.nanoTime() - start) / 1e9);
    }
}
