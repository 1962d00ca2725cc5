package leibniz.optim;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import leibniz.autograd.Parameter;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

/**
 * The steps of one {@link SparkTrainer#fit}: each is one Spark job in which every partition computes its share
 * of the batch ({@link SparkWorker#share}), after which the driver sums the shares in partition order and
 * applies the sum through the trainer's update program.
 *
 * <p>The shares are weighted by their fraction of the batch ({@code rows / B}), so the weighted mean losses
 * add up to the batch's mean loss and their gradients to its gradient, whatever the number of partitions and
 * however unevenly the batch's rows fall into them. Collecting the shares by partition index fixes the order of
 * the sum, so the result does not depend on which task finishes first.
 *
 * <p>Buffers that the training pass updates get the mean, weighted by rows, of the values the partitions'
 * rows give them: a step counter (dropout's {@code draws}, batch norm's {@code num_batches_tracked}) advances
 * by one, exactly; a running mean moves toward the mean over the whole batch, as on one machine; a running
 * variance toward the mean of the partitions' variances, which leaves out the spread between partitions.
 */
final class SparkSteps implements TrainingRows {
    private final SparkTrainer owner;
    private final Trainer trainer;
    private final SparkData data;
    private final JavaRDD<SparkBlock> blocks;
    private final long[] offsets;
    private final List<Parameter> parameters;
    private final List<Parameter> buffers;
    private final List<String> bufferNames;

    SparkSteps(SparkTrainer owner, Trainer trainer, SparkData data) {
        this.owner = owner;
        this.trainer = trainer;
        this.data = data;
        this.blocks = data.blocks();
        this.offsets = data.offsets();
        this.parameters = List.copyOf(trainer.parameters().values());
        this.buffers = List.copyOf(trainer.buffers().values());
        this.bufferNames = List.copyOf(trainer.buffers().keySet());
    }

    @Override
    public int size() {
        return data.size();
    }

    @Override
    public void checkValidation(Dataset validation) {
        Dataset.checkRows(data.featureShape(), data.targetShape(), validation);
    }

    @Override
    public Step train(int[] rows) {
        String where = "SparkTrainer: step " + (trainer.step() + 1) + " (epoch " + (trainer.epoch() + 1) + ")";
        Task task = new Task(owner.worker(), owner.weights(), rows, offsets, data.featureShape().dims(),
                data.targetShape().dims(), trainer.scores());
        blocks.context().setJobDescription("Leibniz " + where.substring("SparkTrainer: ".length()));
        List<SparkPartial> parts;
        try {
            parts = blocks.mapPartitionsWithIndex(task, true).collect();
        } catch (Exception e) {
            throw SparkFailure.of(where, e);
        }
        owner.count(rows.length, parts);
        return combine(rows.length, parts);
    }

    /** Sums the shares in partition order and, when the loss is finite, applies them. */
    private Step combine(int b, List<SparkPartial> parts) {
        List<SparkPartial> held = new ArrayList<>();
        for (SparkPartial p : parts) {
            if (p.rows() > 0) {
                held.add(p);
            }
        }
        SparkPartial first = held.get(0);
        double loss = first.loss();
        // Starting from the first share (not from zeros) keeps a one-partition run's numbers, down to the sign of 0.
        double[][] g = copy(first.gradients());
        double[][] v = copy(first.bufferValues());
        if (held.size() > 1) {
            scale(v, first.rows());
        }
        for (SparkPartial p : held.subList(1, held.size())) {
            loss += p.loss();
            add(g, p.gradients(), 1);
            add(v, p.bufferValues(), p.rows());
        }
        if (held.size() > 1) {
            // Divided, not multiplied by 1 / B: a counter's B·(d + 1) / B is d + 1 exactly.
            divide(v, b);
        }
        if (Double.isFinite(loss)) {
            List<Tensor> grads = new ArrayList<>(g.length);
            for (int i = 0; i < g.length; i++) {
                grads.add(Tensor.of(g[i], parameters.get(i).shape()));
            }
            List<Tensor> values = new ArrayList<>(v.length);
            for (int i = 0; i < v.length; i++) {
                values.add(Tensor.of(v[i], buffers.get(bufferNames.indexOf(first.buffers().get(i))).shape()));
            }
            trainer.steps().apply(grads, first.buffers(), values);
        }
        return new Step(loss, b, trainer.scores() ? Optional.of(scored(b, held)) : Optional.empty());
    }

    /** The batch's prediction and targets, each share's rows put back at their positions in the batch. */
    private Scored scored(int b, List<SparkPartial> held) {
        Shape py = Shape.of(held.get(0).predictionRow());
        Shape ty = data.targetShape();
        double[] prediction = new double[b * py.size()];
        double[] targets = new double[b * ty.size()];
        for (SparkPartial p : held) {
            int[] at = p.positions();
            for (int i = 0; i < at.length; i++) {
                System.arraycopy(p.prediction(), i * py.size(), prediction, at[i] * py.size(), py.size());
                System.arraycopy(p.targets(), i * ty.size(), targets, at[i] * ty.size(), ty.size());
            }
        }
        return new Scored(Tensor.of(prediction, py.inserting(0, b)), Tensor.of(targets, ty.inserting(0, b)));
    }

    private static double[][] copy(double[][] a) {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].clone();
        }
        return out;
    }

    private static void scale(double[][] a, double by) {
        for (double[] row : a) {
            for (int j = 0; j < row.length; j++) {
                row[j] *= by;
            }
        }
    }

    private static void divide(double[][] a, double by) {
        for (double[] row : a) {
            for (int j = 0; j < row.length; j++) {
                row[j] /= by;
            }
        }
    }

    private static void add(double[][] into, double[][] a, double weight) {
        for (int i = 0; i < into.length; i++) {
            for (int j = 0; j < into[i].length; j++) {
                into[i][j] += weight * a[i][j];
            }
        }
    }

    /**
     * The task of one step, sent to every partition: the worker and the weights (both broadcasts, so only
     * their handles travel with the task), the batch's global row indices, where each partition's rows start,
     * the row shapes, and whether to bring back the prediction.
     */
    private record Task(Broadcast<SparkWorker> worker, Broadcast<SparkWeights> weights, int[] rows, long[] offsets,
            int[] featureRow, int[] targetRow, boolean scored)
            implements Function2<Integer, Iterator<SparkBlock>, Iterator<SparkPartial>> {
        @Override
        public Iterator<SparkPartial> call(Integer partition, Iterator<SparkBlock> block) {
            SparkBlock rowsHere = block.hasNext() ? block.next() : new SparkBlock(0, new double[0], new double[0]);
            try {
                return List.of(worker.value().share(rowsHere, offsets[partition], rows, weights.value(), featureRow,
                        targetRow, scored)).iterator();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("partition " + partition + ": " + e.getMessage(), e);
            }
        }
    }
}
