package leibniz.examples;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleFunction;
import leibniz.autograd.Assign;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.optim.Optimizer;

/**
 * Steps every parameter with its own instance of an optimizer. The optimizers of {@code optim} name their
 * slots after {@link Parameter#name()} and refuse two parameters of one name, but every layer of
 * {@code nn} calls its parameters {@code weight} and {@code bias}; one optimizer per parameter keeps
 * the slots apart. For element-wise rules (all of those offered here) the updates are the same.
 */
final class PerParameter implements Optimizer {
    private final DoubleFunction<Optimizer> make;
    private final Map<Parameter, Optimizer> inner = new IdentityHashMap<>();
    private final List<Optimizer> order = new ArrayList<>();
    private double rate;

    /** Optimizers made by {@code make} from a learning rate, starting at {@code rate}. */
    PerParameter(DoubleFunction<Optimizer> make, double rate) {
        this.make = make;
        this.rate = make.apply(rate).learningRate(); // validates the rate and the settings at once
    }

    @Override
    public List<Assign> step(List<Parameter> parameters, List<Node> gradients) {
        if (parameters.size() != gradients.size()) {
            throw new IllegalArgumentException("optimizer: " + parameters.size() + " parameters but "
                    + gradients.size() + " gradients");
        }
        List<Assign> out = new ArrayList<>();
        for (int i = 0; i < parameters.size(); i++) {
            Optimizer o = inner.computeIfAbsent(parameters.get(i), p -> {
                Optimizer made = make.apply(rate);
                order.add(made);
                return made;
            });
            out.addAll(o.step(List.of(parameters.get(i)), List.of(gradients.get(i))));
        }
        return out;
    }

    @Override
    public Map<String, Parameter> state() {
        Map<String, Parameter> all = new LinkedHashMap<>();
        for (int k = 0; k < order.size(); k++) {
            String prefix = k + ".";
            order.get(k).state().forEach((name, p) -> all.put(prefix + name, p));
        }
        return all;
    }

    @Override
    public double learningRate() {
        return rate;
    }

    @Override
    public void setLearningRate(double rate) {
        for (Optimizer o : order) {
            o.setLearningRate(rate);
        }
        this.rate = rate;
    }
}
