package leibniz.nn;

import leibniz.autograd.Node;

/** How a loss combines its per-element (or per-example) values: their mean, their sum, or none. */
public enum Reduction {
    /** The mean, a scalar; the default. */
    MEAN,
    /** The sum, a scalar. */
    SUM,
    /** No reduction: one value per element (or per example for the classification losses). */
    NONE;

    Node apply(Node losses) {
        return switch (this) {
            case MEAN -> losses.mean();
            case SUM -> losses.sum();
            case NONE -> losses;
        };
    }
}
