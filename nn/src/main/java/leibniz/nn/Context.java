package leibniz.nn;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import leibniz.autograd.Assign;

/**
 * One forward pass: whether it trains (dropout active, batch norm on batch statistics) and the
 * state updates that layers ask for (batch norm's running statistics), which the training step
 * applies together with the optimizer's. A scoped object passed explicitly, never a global switch.
 *
 * <pre>{@code
 * Context ctx = Context.training();
 * Node loss = Losses.crossEntropy(model.forward(x, ctx), labels);
 * List<Assign> extra = ctx.updates();
 * }</pre>
 */
public final class Context {
    private final boolean training;
    private final List<Assign> updates = new ArrayList<>();
    private final Map<Module, Integer> applications;

    private Context(boolean training) {
        this(training, new IdentityHashMap<>());
    }

    private Context(boolean training, Map<Module, Integer> applications) {
        this.training = training;
        this.applications = applications;
    }

    /**
     * A pass inside this one, as a checkpointed module runs its own: the same mode and the same count of
     * each module's applications, and updates of its own, which the caller passes on.
     */
    Context inner() {
        return new Context(training, applications);
    }

    /** A training pass. */
    public static Context training() {
        return new Context(true);
    }

    /** An evaluation pass. */
    public static Context evaluation() {
        return new Context(false);
    }

    /** True in a training pass. */
    public boolean isTraining() {
        return training;
    }

    /** Records a state update to apply after the step that runs this pass (ignored in evaluation). */
    public void update(Assign assign) {
        if (training) {
            updates.add(assign);
        }
    }

    /**
     * How many times {@code module} was applied in this pass before now (0 the first time), counting this
     * call: a module applied at several places of one pass tells its applications apart (dropout draws a
     * different mask for each) while recording its state update once.
     */
    int application(Module module) {
        return applications.merge(module, 1, Integer::sum) - 1;
    }

    /** The state updates recorded so far. */
    public List<Assign> updates() {
        return List.copyOf(updates);
    }
}
