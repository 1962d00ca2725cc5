package leibniz.optim;

import leibniz.autograd.Node;

/**
 * A model and its loss as the training loop sees them: builds, for placeholder inputs {@code x} and
 * targets {@code y}, the loss, the prediction and any state updates. Called once per batch shape and
 * mode (the trainer caches the prepared programs), never per step.
 *
 * <p>An {@code nn} module adapts in two lines:
 * <pre>{@code
 * Objective objective = (x, y, training) -> {
 *     Context ctx = training ? Context.training() : Context.evaluation();
 *     Node logits = model.forward(x, ctx);
 *     return new Pass(Losses.crossEntropy(logits, y), logits, ctx.updates());
 * };
 * }</pre>
 */
@FunctionalInterface
public interface Objective {
    /** The graph of one pass over a batch: training (dropout on, running statistics updated) or evaluation. */
    Pass build(Node x, Node y, boolean training);
}
