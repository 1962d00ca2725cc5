package leibniz.optim;

import java.util.function.ToDoubleBiFunction;
import leibniz.core.Tensor;

/** A metric given by a name and a function. */
record NamedMetric(String name, ToDoubleBiFunction<Tensor, Tensor> f) implements Metric {
    @Override
    public double value(Tensor prediction, Tensor target) {
        return f.applyAsDouble(prediction, target);
    }

    @Override
    public String toString() {
        return name;
    }
}
