package leibniz.optim;

import java.util.List;
import leibniz.autograd.Parameter;

/**
 * Parameters stepped with their own learning rate and weight decay, for example biases without decay or
 * a pretrained backbone with a smaller rate. The group's rate is kept as a ratio to the optimizer's base
 * rate, so {@link Optimizer#setLearningRate} and schedules scale every group together.
 */
public record ParameterGroup(List<Parameter> parameters, double learningRate, double weightDecay) {
    /** Copies the parameter list; the optimizer that receives the group validates the numbers. */
    public ParameterGroup {
        if (parameters == null || parameters.isEmpty()) {
            throw new IllegalArgumentException("parameter group: needs at least one parameter");
        }
        parameters = List.copyOf(parameters);
    }
}
