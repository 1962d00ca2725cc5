package leibniz.nn;

import java.util.random.RandomGenerator;
import leibniz.core.Shape;
import leibniz.core.Tensor;

/**
 * A rule for the initial value of a weight of a given shape, from the layer's fan-in and fan-out
 * (the number of inputs and outputs each unit sees) and a generator that makes it reproducible.
 * {@link Initializers} holds the usual ones; a lambda is a custom one.
 *
 * <pre>{@code
 * Initializer small = (shape, fanIn, fanOut, rng) -> Tensor.normal(rng, 0, 0.01, shape.dims());
 * Linear layer = Linear.create(256, 10, rng, small, true);
 * }</pre>
 */
@FunctionalInterface
public interface Initializer {
    /** A tensor of {@code shape} for a layer with the given fans, drawn from {@code rng}. */
    Tensor init(Shape shape, int fanIn, int fanOut, RandomGenerator rng);
}
