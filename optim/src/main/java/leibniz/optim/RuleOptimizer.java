package leibniz.optim;

import java.util.List;
import java.util.Map;
import leibniz.autograd.Assign;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;

/** A first-order optimizer defined by its {@link Rule}: everything else is the shared {@link OptimizerState}. */
abstract class RuleOptimizer implements Optimizer {
    private final OptimizerState state;

    RuleOptimizer(OptimizerState state) {
        this.state = state;
    }

    @Override
    public final List<Assign> step(List<Parameter> parameters, List<Node> gradients) {
        return state.step(parameters, gradients);
    }

    @Override
    public final List<Assign> step(Map<String, Parameter> parameters, List<Node> gradients) {
        return state.step(parameters, gradients);
    }

    @Override
    public final Map<String, Parameter> state() {
        return state.state();
    }

    @Override
    public final double learningRate() {
        return state.learningRate();
    }

    @Override
    public final void setLearningRate(double rate) {
        state.setLearningRate(rate);
    }
}
