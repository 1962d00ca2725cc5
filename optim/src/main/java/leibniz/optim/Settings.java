package leibniz.optim;

import java.util.ArrayList;
import java.util.List;
import leibniz.autograd.Parameter;

/**
 * The settings every optimizer builder shares: base learning rate, default weight decay and parameter
 * groups. The optimizer validates them when it is built.
 */
abstract class Settings<B extends Settings<B>> {
    double learningRate;
    double weightDecay;
    final List<ParameterGroup> groups = new ArrayList<>();

    Settings(double learningRate, double weightDecay) {
        this.learningRate = learningRate;
        this.weightDecay = weightDecay;
    }

    abstract B self();

    /** Sets the base learning rate. */
    public B learningRate(double rate) {
        this.learningRate = rate;
        return self();
    }

    /** Sets the weight decay of parameters outside any group. */
    public B weightDecay(double decay) {
        this.weightDecay = decay;
        return self();
    }

    /** Adds a group of parameters stepped with their own learning rate and weight decay. */
    public B group(List<Parameter> parameters, double learningRate, double weightDecay) {
        return group(new ParameterGroup(parameters, learningRate, weightDecay));
    }

    /** Adds a parameter group. */
    public B group(ParameterGroup group) {
        groups.add(group);
        return self();
    }
}
