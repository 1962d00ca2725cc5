package leibniz.nn;

import java.util.ArrayList;
import java.util.List;
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

    private Context(boolean training) {
        this.training = training;
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

    /** The state updates recorded so far. */
    public List<Assign> updates() {
        return List.copyOf(updates);
    }
}
