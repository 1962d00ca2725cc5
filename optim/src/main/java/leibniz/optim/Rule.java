package leibniz.optim;

import java.util.List;
import leibniz.autograd.Node;

/** The update of one optimizer for one parameter, written with nodes; {@link OptimizerState} does the bookkeeping. */
interface Rule {
    /** The names of the per-parameter slots, in order, e.g. {@code m} and {@code v}. */
    List<String> slots();

    /** The value every element of {@code slot} starts at. */
    default double initial(String slot) {
        return 0;
    }

    /** The next parameter value followed by the next value of each slot, in the order of {@link #slots()}. */
    List<Node> next(Context c);

    /**
     * What a rule reads: the parameter {@code p}, its gradient {@code g}, the current slots, the learning
     * rate of its group, the group's weight decay, and {@code t}, the step count including this step
     * (1 on the first step).
     */
    record Context(Node p, Node g, List<Node> slots, Node lr, double weightDecay, Node t) {
        /** {@code g + λ p}: weight decay as an L2 penalty added to the gradient (PyTorch's coupled form). */
        Node decayedGradient() {
            return weightDecay == 0 ? g : g.add(p.mul(weightDecay));
        }

        Node slot(int i) {
            return slots.get(i);
        }
    }
}
