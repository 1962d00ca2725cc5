package leibniz.optim;

import java.util.List;
import java.util.Map;
import leibniz.autograd.Assign;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;

/**
 * A first-order optimizer as a graph operation: it maps the gradient nodes of the parameters to nodes
 * computing the next value of every parameter and of every slot (momenta, moment estimates, step count).
 *
 * <p>A training step is one {@link leibniz.autograd.Program}: each run computes the loss, the gradients
 * and the update together, then swaps the new values in.
 * <pre>{@code
 * Optimizer adam = Adam.create(0.001);
 * Program train = Program.of(List.of(loss), adam.step(params, Autograd.gradients(loss, params)));
 * // for a model: adam.step(model.parameters(), gradients in the same order)
 * for (Batch b : batches) train.run(Map.of(x, b.x(), y, b.y()));
 * }</pre>
 *
 * <p>One thread at a time: an optimizer keeps mutable state, the slots it creates on the first step that
 * sees a parameter, and its learning rate and step count, parameters that its programs and
 * {@link #setLearningRate} replace. Build its steps, change its rate and run the programs that apply them
 * from one thread at a time, as a {@link Trainer} does.
 */
public interface Optimizer {
    /**
     * The assignments computing the next value of every parameter and every slot from the gradient nodes;
     * {@code gradients.get(i)} is the gradient of {@code parameters.get(i)}. Slots are created the first
     * time a parameter is stepped and reused afterwards; the step count is incremented by one assignment.
     */
    List<Assign> step(List<Parameter> parameters, List<Node> gradients);

    /**
     * {@link #step(List, List)} for parameters named by their paths in a model ({@code 0.weight}),
     * in the map's order; slots are named after these keys. Use this form for nn modules, whose layers all
     * name their own parameters {@code weight} and {@code bias}:
     * {@code adam.step(model.parameters(), Autograd.gradients(loss, List.copyOf(model.parameters().values())))}.
     */
    List<Assign> step(Map<String, Parameter> parameters, List<Node> gradients);

    /**
     * Persistent state (the learning rate, the step count and the slots created so far) by name, in a
     * stable order, for checkpoints. Slots exist only after {@link #step} has seen their parameter.
     */
    Map<String, Parameter> state();

    /** The current base learning rate. */
    double learningRate();

    /**
     * Sets the base learning rate: a scalar parameter read by the step graph, so nothing is rebuilt.
     * Parameter groups keep their ratio to the base rate.
     */
    void setLearningRate(double rate);
}
