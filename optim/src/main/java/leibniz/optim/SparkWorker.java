package leibniz.optim;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import leibniz.autograd.Parameter;
import leibniz.core.Tensor;

/**
 * The executor's side of a {@link SparkTrainer}, broadcast once per trainer: the model recipe and the names,
 * shapes and types its replicas must have. Each executor builds a replica (model, objective and the prepared
 * share programs, one per share size) the first time a task needs one and keeps it in this object's pool, which
 * Spark's broadcast cache keeps for as long as the trainer lives; concurrent tasks take different replicas, since
 * a program runs on one thread at a time. A replica loads the driver's values only when their version changed.
 */
final class SparkWorker implements Serializable {
    private final SparkModel recipe;
    private final List<String> signature;
    private transient Queue<Replica> idle;

    private SparkWorker(SparkModel recipe, List<String> signature) {
        this.recipe = recipe;
        this.signature = signature;
    }

    /**
     * The worker for a driver whose trainer has {@code parameters} and {@code buffers}; builds one replica from
     * a serialized copy of the recipe, so a recipe that cannot travel or builds another model is refused here,
     * on the driver, with a sentence.
     */
    static SparkWorker of(SparkModel recipe, Map<String, Parameter> parameters, Map<String, Parameter> buffers) {
        if (recipe == null) {
            throw new IllegalArgumentException("SparkTrainer: a model recipe is required");
        }
        SparkWorker w = new SparkWorker(copy(recipe), signature(parameters, buffers));
        w.give(w.build());
        return w;
    }

    private static SparkModel copy(SparkModel recipe) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(recipe);
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                return (SparkModel) in.readObject();
            }
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalArgumentException("SparkTrainer: the model recipe cannot be sent to the executors ("
                    + e + "); build the model inside the lambda and capture only numbers and strings", e);
        }
    }

    /** One line per parameter and buffer: its kind, name, shape and type, in the driver's order. */
    private static List<String> signature(Map<String, Parameter> parameters, Map<String, Parameter> buffers) {
        List<String> s = new ArrayList<>();
        parameters.forEach((name, p) -> s.add("parameter '" + name + "' " + p.shape() + " " + p.dtype()));
        buffers.forEach((name, p) -> s.add("buffer '" + name + "' " + p.shape() + " " + p.dtype()));
        return List.copyOf(s);
    }

    /**
     * This partition's share of the batch {@code rows} (global row indices in batch order) with the weights
     * {@code weights}: the rows of {@code block} (global rows {@code offset} on) that the batch holds, in batch
     * order. Pure: the same arguments give the same numbers, on any attempt.
     */
    SparkPartial share(SparkBlock block, long offset, int[] rows, SparkWeights weights, int[] featureRow,
            int[] targetRow, boolean scored) {
        int[] local = new int[Math.min(rows.length, block.rows())];
        int[] positions = new int[local.length];
        int m = 0;
        for (int j = 0; j < rows.length && m < local.length; j++) {
            long r = rows[j] - offset;
            if (r >= 0 && r < block.rows()) {
                local[m] = (int) r;
                positions[m++] = j;
            }
        }
        if (m == 0) {
            return SparkPartial.empty();
        }
        local = Arrays.copyOf(local, m);
        positions = Arrays.copyOf(positions, m);
        Replica r = take();
        // A replica whose task failed halfway is dropped: its values may be half loaded.
        SparkPartial p = r.share(block.batch(local, featureRow, targetRow), (double) m / rows.length, weights,
                positions, scored);
        give(r);
        return p;
    }

    private Replica take() {
        Replica r = idle().poll();
        return r != null ? r : build();
    }

    private void give(Replica r) {
        idle().add(r);
    }

    private synchronized Queue<Replica> idle() {
        if (idle == null) {
            idle = new ConcurrentLinkedQueue<>();
        }
        return idle;
    }

    private Replica build() {
        SparkModel.Replica m = recipe.build();
        if (m == null) {
            throw new IllegalArgumentException("SparkTrainer: the model recipe built nothing");
        }
        List<String> got = signature(m.parameters(), m.buffers());
        if (!got.equals(signature)) {
            throw new IllegalArgumentException("SparkTrainer: the model recipe builds " + got
                    + ", but the driver's trainer has " + signature + "; the recipe must build the same model");
        }
        return new Replica(List.copyOf(m.parameters().values()), List.copyOf(m.buffers().values()),
                new Steps(m.objective(), m.parameters(), m.buffers(), null, null));
    }

    /** A model built on this executor, its share programs, and the version of the values it holds. */
    private static final class Replica {
        private final List<Parameter> parameters;
        private final List<Parameter> buffers;
        private final Steps steps;
        private long version = -1;

        Replica(List<Parameter> parameters, List<Parameter> buffers, Steps steps) {
            this.parameters = parameters;
            this.buffers = buffers;
            this.steps = steps;
        }

        SparkPartial share(Dataset batch, double weight, SparkWeights w, int[] positions, boolean scored) {
            if (version != w.version()) {
                version = -1;
                w.load(parameters, buffers);
                version = w.version();
            }
            Steps.Share s = steps.share(batch, weight);
            Tensor prediction = s.prediction();
            return new SparkPartial(positions.length, s.loss(), SparkWeights.arrays(s.gradients()), s.buffers(),
                    SparkWeights.arrays(s.bufferValues()), positions,
                    scored ? prediction.shape().without(0).dims() : new int[0],
                    scored ? prediction.toArray() : new double[0],
                    scored ? batch.targets().toArray() : new double[0]);
        }
    }
}
