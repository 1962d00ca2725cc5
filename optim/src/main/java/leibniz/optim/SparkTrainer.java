package leibniz.optim;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import leibniz.autograd.Parameter;
import leibniz.core.Tensor;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

/**
 * Synchronous data-parallel training on Apache Spark with everything a {@link Trainer} has: the same
 * objective, optimizer, schedules, metrics, validation, callbacks, checkpoints, history and log, and the same
 * numbers. Each step the driver's current parameters and buffers reach the executors as a broadcast
 * (versioned, and sent again only when they changed); every partition computes the gradient of its share of
 * the global batch with a program its executor prepared once and keeps; the shares are summed in partition
 * order and the driver applies the optimizer's update.
 *
 * <pre>{@code
 * Trainer.Builder settings = Trainer.builder()
 *         .parameters(model.parameters()).buffers(model.buffers()).objective(crossEntropy(model))
 *         .optimizer(Adam.create(0.005)).epochs(10).batchSize(256).metrics(Metrics.accuracy()).seed(42);
 * try (SparkTrainer trainer = SparkTrainer.of(spark, settings, recipe)) {
 *     History history = trainer.fit(SparkData.of(spark, train, 8));
 * }
 * }</pre>
 *
 * <p><b>Same numbers.</b> With the same seed and batch size a run visits the same rows in the same batches as a
 * {@code Trainer} on the same rows (in the order of the partitions), and the sum of the weighted shares is the
 * batch's gradient: with one partition the numbers are the local trainer's bit for bit; with several, the sum
 * is ordered differently from one matrix product over the batch, so they agree to rounding (about 1e-15
 * relative per step). A batch size not divisible by the number of partitions changes nothing: a batch's rows
 * fall into the partitions that hold them, each row weighs 1/B. This holds for objectives whose loss is a mean
 * of per-row losses plus terms that do not depend on the rows (a weight penalty). A training pass that
 * couples rows, batch normalization on batch statistics, sees each partition's rows alone, as PyTorch's
 * DistributedDataParallel does without SyncBatchNorm; its buffers are combined as {@link SparkSteps} says.
 * Dropout draws each partition's masks from the layer's seed and step counter for the partition's own rows,
 * so masks differ from a single machine's (and repeat across partitions at the same row position, as with
 * equally seeded DDP ranks).
 *
 * <p><b>Faults.</b> A share is a pure function of the broadcast values and the rows: a task that fails is
 * retried by Spark and gives the same numbers. A failed job stops {@link #fit} with a sentence, before any
 * callback, so the last checkpoint written by a {@link CheckpointCallback} stays as it was; a new driver
 * resumes from it with {@link #resume(Path)}.
 *
 * <p>One thread at a time, as a {@code Trainer}; {@link #close()} releases the broadcasts.
 */
public final class SparkTrainer implements AutoCloseable {
    private final SparkSession spark;
    private final JavaSparkContext jsc;
    private final Trainer trainer;
    private final Broadcast<SparkWorker> worker;
    private final List<Parameter> state;
    private Broadcast<SparkWeights> weights;
    private List<Tensor> sent = List.of();
    private long version;
    private Traffic traffic = new Traffic(0, 0, 0, 0, 0);
    private boolean closed;

    private SparkTrainer(SparkSession spark, Trainer trainer, SparkModel model) {
        this.spark = spark;
        this.jsc = SparkData.context(spark);
        this.trainer = trainer;
        this.worker = jsc.broadcast(SparkWorker.of(model, trainer.parameters(), trainer.buffers()));
        List<Parameter> all = new ArrayList<>(trainer.parameters().values());
        all.addAll(trainer.buffers().values());
        this.state = List.copyOf(all);
    }

    /**
     * A trainer on {@code spark} with the settings of {@code settings} (a {@link Trainer.Builder} holding the
     * driver's model, objective, optimizer and everything else) whose executors build their replicas with
     * {@code model}, which must build a model of the same parameter and buffer names, shapes and types.
     */
    public static SparkTrainer of(SparkSession spark, Trainer.Builder settings, SparkModel model) {
        SparkData.context(spark);
        if (settings == null) {
            throw new IllegalArgumentException("SparkTrainer: the trainer's settings are required");
        }
        return new SparkTrainer(spark, settings.build(), model);
    }

    /**
     * Trains on {@code data} from the epoch after {@link Trainer#epoch()} up to the last epoch, as
     * {@link Trainer#fit} does, and returns the records of the epochs it ran.
     */
    public History fit(SparkData data) {
        if (data == null) {
            throw new IllegalArgumentException("SparkTrainer: training data is required");
        }
        if (closed) {
            throw new IllegalStateException("SparkTrainer: closed; build a new trainer");
        }
        SparkData.context(spark);
        return trainer.fit(new SparkSteps(this, trainer, data));
    }

    /** The loss and metrics over {@code data} in evaluation mode on the driver, as {@link Trainer#evaluate}. */
    public Evaluation evaluate(Dataset data) {
        return trainer.evaluate(data);
    }

    /** Saves a checkpoint of the driver's state, as {@link Trainer#checkpoint}. */
    public void checkpoint(Path path) throws IOException {
        trainer.checkpoint(path);
    }

    /** Restores a checkpoint into the driver, as {@link Trainer#resume}; the next step sends the restored values. */
    public SparkTrainer resume(Path path) throws IOException {
        trainer.resume(path);
        return this;
    }

    /** The driver's trainer: its parameters, buffers, optimizer, epoch and step; the one callbacks are given. */
    public Trainer trainer() {
        return trainer;
    }

    /**
     * What the steps so far sent, in payload bytes (8 per value, 4 per row index; Java serialization and
     * compression add or save a little): the parameter versions broadcast and their size (each executor fetches
     * each version once), the row indices sent with the tasks, and the shares returned.
     */
    public Traffic traffic() {
        return traffic;
    }

    /** Counts of what the steps sent; see {@link #traffic()}. */
    public record Traffic(long steps, long broadcasts, long broadcastBytes, long taskBytes, long resultBytes) {
    }

    /** Destroys the broadcasts (the executors' replicas and the current values); the trainer cannot fit again. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (weights != null) {
                weights.destroy();
            }
            worker.destroy();
        }
    }

    Broadcast<SparkWorker> worker() {
        return worker;
    }

    /**
     * The broadcast of the driver's current values: the last one while no parameter or buffer changed (tensors
     * are immutable, so a changed value is a different object), else a new version.
     */
    Broadcast<SparkWeights> weights() {
        List<Tensor> now = Parameter.values(state);
        boolean same = now.size() == sent.size();
        for (int i = 0; same && i < now.size(); i++) {
            same = now.get(i) == sent.get(i);
        }
        if (!same) {
            if (weights != null) {
                weights.destroy();
            }
            int p = trainer.parameters().size();
            SparkWeights w = SparkWeights.of(++version, now.subList(0, p), now.subList(p, now.size()));
            weights = jsc.broadcast(w);
            sent = now;
            traffic = new Traffic(traffic.steps(), traffic.broadcasts() + 1, traffic.broadcastBytes() + 8 * w.values(),
                    traffic.taskBytes(), traffic.resultBytes());
        }
        return weights;
    }

    /** Counts one step of a batch of {@code rows} rows that returned {@code parts}. */
    void count(int rows, List<SparkPartial> parts) {
        long back = 0;
        for (SparkPartial p : parts) {
            back += 8 * p.values() + 4L * p.positions().length;
        }
        traffic = new Traffic(traffic.steps() + 1, traffic.broadcasts(), traffic.broadcastBytes(),
                traffic.taskBytes() + 4L * rows * parts.size(), traffic.resultBytes() + back);
    }
}
