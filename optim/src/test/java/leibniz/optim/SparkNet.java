package leibniz.optim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import leibniz.autograd.Assign;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.core.Tensor;
import org.apache.spark.sql.SparkSession;

/**
 * The model of the Spark tests, built from autograd ops: a classifier 4 → 8 (tanh) → 3 under the softmax
 * cross-entropy of integer labels, with two buffers its training pass updates: the running mean of the hidden
 * pre-activations (as batch norm keeps one, without normalizing by it) and a step counter. Its loss is a mean
 * of per-row losses, so data-parallel training must give the numbers of one machine; and the data, three
 * classes of 4 normal features split by fixed directions.
 */
final class SparkNet {
    final Parameter w1;
    final Parameter b1 = Parameter.of("b1", Tensor.zeros(8));
    final Parameter w2;
    final Parameter b2 = Parameter.of("b2", Tensor.zeros(3));
    final Parameter runningMean = Parameter.of("running_mean", Tensor.zeros(8));
    final Parameter steps = Parameter.of("steps", Tensor.scalar(0));

    SparkNet(long seed) {
        w1 = Parameter.of("w1", Tensor.normal(seed, 0, 0.5, 4, 8));
        w2 = Parameter.of("w2", Tensor.normal(seed + 1, 0, 0.5, 8, 3));
    }

    Map<String, Parameter> parameters() {
        return ToyModels.params(w1, b1, w2, b2);
    }

    Map<String, Parameter> buffers() {
        return ToyModels.params(runningMean, steps);
    }

    Objective objective() {
        return (x, y, training) -> {
            Node pre = x.matmul(w1.node()).add(b1.node());
            List<Assign> updates = new ArrayList<>();
            if (training) {
                updates.add(new Assign(runningMean, runningMean.node().mul(0.9).add(pre.detach().mean(0).mul(0.1))));
                updates.add(new Assign(steps, steps.node().add(1)));
            }
            Node z = pre.tanh().matmul(w2.node()).add(b2.node());
            Node loss = z.logsumexp(1).sub(z.mul(y.oneHot(3)).sum(1)).mean();
            return new Pass(loss, z, updates);
        };
    }

    /** The settings both sides of a comparison share, for this model: Adam, batches of 16, seed 7, quiet. */
    Trainer.Builder settings(int epochs) {
        return Trainer.builder().parameters(parameters()).buffers(buffers()).objective(objective())
                .optimizer(Adam.create(0.05)).epochs(epochs).batchSize(16).seed(7)
                .metrics(Metrics.accuracy()).quiet();
    }

    /** The recipe an executor builds this model with. */
    static SparkModel recipe(long seed) {
        return () -> {
            SparkNet n = new SparkNet(seed);
            return SparkModel.Replica.of(n.parameters(), n.buffers(), n.objective());
        };
    }

    /** Every value the model holds, parameters then buffers, by name. */
    Map<String, Tensor> values() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        parameters().forEach((k, p) -> m.put(k, p.value()));
        buffers().forEach((k, p) -> m.put(k, p.value()));
        return m;
    }

    /** {@code n} rows of 4 standard normal features, labelled by the largest of three fixed projections. */
    static Dataset data(int n, long seed) {
        Tensor x = Tensor.normal(seed, 0, 1, n, 4);
        Tensor m = Tensor.of(new double[] {1, -1, 0.5, 0.5, 1, -1, -0.5, 0.3, 1, 0.2, -0.7, 0.4}, 4, 3);
        return Dataset.of(x, x.matmul(m).argmax(1));
    }

    /** A local session of {@code threads} task threads in which a task may fail up to 3 times and be retried. */
    static SparkSession session(int threads) {
        return SparkSession.builder().master("local[" + threads + ",4]").appName("leibniz-tests")
                .config("spark.ui.enabled", false).config("spark.sql.shuffle.partitions", 2)
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
    }

    /** The largest difference between two values of each name, relative to the largest magnitude of either. */
    static double relativeDifference(Map<String, Tensor> a, Map<String, Tensor> b) {
        double worst = 0;
        for (String k : a.keySet()) {
            double[] x = a.get(k).toArray();
            double[] y = b.get(k).toArray();
            double scale = 0;
            double diff = 0;
            for (int i = 0; i < x.length; i++) {
                scale = Math.max(scale, Math.max(Math.abs(x[i]), Math.abs(y[i])));
                diff = Math.max(diff, Math.abs(x[i] - y[i]));
            }
            worst = Math.max(worst, scale == 0 ? diff : diff / scale);
        }
        return worst;
    }
}
