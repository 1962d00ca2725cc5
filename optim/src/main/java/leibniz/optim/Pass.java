package leibniz.optim;

import java.util.List;
import leibniz.autograd.Assign;
import leibniz.autograd.Node;

/**
 * The graph of one pass over a batch: the loss to minimise (a single value), the prediction that metrics
 * compare with the targets, and the state updates to apply with the optimizer's step (batch norm's
 * running statistics), possibly none.
 */
public record Pass(Node loss, Node prediction, List<Assign> updates) {
    /** Checks that the loss is a single value and copies the updates. */
    public Pass {
        if (loss == null || prediction == null || updates == null) {
            throw new IllegalArgumentException(
                    "pass: needs a loss, a prediction and a (possibly empty) list of updates");
        }
        if (loss.shape().size() != 1) {
            throw new IllegalArgumentException("pass: the loss must be a single value, got shape " + loss.shape()
                    + ": reduce it with mean() or sum()");
        }
        updates = List.copyOf(updates);
    }

    /** A pass without state updates. */
    public static Pass of(Node loss, Node prediction) {
        return new Pass(loss, prediction, List.of());
    }
}
