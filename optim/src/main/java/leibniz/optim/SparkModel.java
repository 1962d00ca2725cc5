package leibniz.optim;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import leibniz.autograd.Parameter;

/**
 * A serializable recipe that builds a model and its objective: what a {@link SparkTrainer} ships to every
 * Spark executor instead of the driver's parameter objects. Each executor builds it once per concurrently
 * running task, keeps the result between steps and overwrites its parameters and buffers with the driver's
 * current values before a step, so the recipe's initial values do not matter, only its names and shapes,
 * which must be the driver's trainer's.
 *
 * <pre>{@code
 * SparkModel recipe = () -> {
 *     Sequential net = Sequential.of(Linear.create(64, 128, new SplittableRandom(0)), Activation.relu(),
 *             Linear.create(128, 10, new SplittableRandom(1)));
 *     return SparkModel.Replica.of(net.parameters(), net.buffers(), crossEntropy(net));
 * };
 * }</pre>
 *
 * <p>Everything the lambda captures is serialized with it: build the model inside it, capture only numbers
 * and strings.
 */
@FunctionalInterface
public interface SparkModel extends Serializable {
    /** A fresh model: its trained parameters and buffers by the names the driver's trainer uses, and its objective. */
    Replica build();

    /** A model as the recipe builds it on an executor: parameters and buffers by name, and the objective. */
    record Replica(Map<String, Parameter> parameters, Map<String, Parameter> buffers, Objective objective) {
        /** Copies the maps, keeping their order. */
        public Replica {
            if (parameters == null || buffers == null || objective == null) {
                throw new IllegalArgumentException("SparkModel.Replica: needs parameters, buffers (maybe empty) "
                        + "and an objective");
            }
            parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
            buffers = Collections.unmodifiableMap(new LinkedHashMap<>(buffers));
        }

        /** The replica of {@code parameters}, {@code buffers} and {@code objective}. */
        public static Replica of(Map<String, Parameter> parameters, Map<String, Parameter> buffers,
                Objective objective) {
            return new Replica(parameters, buffers, objective);
        }
    }
}
