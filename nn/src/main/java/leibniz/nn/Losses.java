package leibniz.nn;

import leibniz.autograd.Lint;
import leibniz.autograd.Node;
import leibniz.core.Shape;

/**
 * Loss functions as compositions of graph ops. Each takes a {@link Reduction} (MEAN when omitted).
 * Regression and binary losses compare tensors of the same shape elementwise (no broadcasting, which
 * would silently turn a [64, 1] prediction against a [64] target into a [64, 64] loss); the classification
 * losses take scores along the last axis and give one value per example.
 *
 * <pre>{@code
 * Node loss = Losses.crossEntropy(logits, labels);               // logits [64, 10], labels [64]
 * Node reg = Losses.mse(prediction, target, Reduction.SUM);
 * }</pre>
 */
public final class Losses {
    /** PyTorch's floor for the logarithms of binary cross-entropy: ln p ≥ −100. */
    private static final double LOG_FLOOR = Math.exp(-100);

    private Losses() {
    }

    /** The mean squared error {@code mean((p − t)²)}. */
    public static Node mse(Node prediction, Node target) {
        return mse(prediction, target, Reduction.MEAN);
    }

    /** The squared error {@code (p − t)²}, reduced. */
    public static Node mse(Node prediction, Node target, Reduction reduction) {
        sameShape("mse", "prediction", prediction, "target", target);
        return reduction.apply(prediction.sub(target).square());
    }

    /** The mean absolute error {@code mean |p − t|}. */
    public static Node mae(Node prediction, Node target) {
        return mae(prediction, target, Reduction.MEAN);
    }

    /** The absolute error {@code |p − t|}, reduced; its derivative at p = t is taken as 0. */
    public static Node mae(Node prediction, Node target, Reduction reduction) {
        sameShape("mae", "prediction", prediction, "target", target);
        return reduction.apply(prediction.sub(target).abs());
    }

    /** {@link #huber(Node, Node, double, Reduction)} with the mean. */
    public static Node huber(Node prediction, Node target, double delta) {
        return huber(prediction, target, delta, Reduction.MEAN);
    }

    /**
     * The Huber loss of r = p − t: {@code r²/2} where |r| ≤ δ, {@code δ(|r| − δ/2)} beyond (PyTorch's
     * {@code HuberLoss}; its {@code SmoothL1Loss} is this divided by δ). Computed as
     * {@code q²/2 + δ(|r| − q)} with {@code q = min(|r|, δ)}, which is both branches at once.
     */
    public static Node huber(Node prediction, Node target, double delta, Reduction reduction) {
        if (!(delta > 0) || !Double.isFinite(delta)) {
            throw new IllegalArgumentException("huber: delta must be positive and finite, got " + delta);
        }
        sameShape("huber", "prediction", prediction, "target", target);
        Node a = prediction.sub(target).abs();
        Node q = a.clamp(0, delta);
        return reduction.apply(q.square().mul(0.5).add(a.sub(q).mul(delta)));
    }

    /** {@link #binaryCrossEntropy(Node, Node, Reduction)} with the mean. */
    public static Node binaryCrossEntropy(Node probabilities, Node targets) {
        return binaryCrossEntropy(probabilities, targets, Reduction.MEAN);
    }

    /**
     * {@code −(t ln p + (1 − t) ln(1 − p))} on probabilities p in [0, 1] and targets t in [0, 1]. As in
     * PyTorch, each logarithm is floored at −100 (its argument clamped to at least e^−100), so p = 0 or
     * p = 1 give a large finite loss rather than ∞, and the clamped points pass no gradient rather than
     * NaN. Prefer {@link #binaryCrossEntropyWithLogits} on raw scores: it is exact where this saturates.
     */
    public static Node binaryCrossEntropy(Node probabilities, Node targets, Reduction reduction) {
        String op = "binaryCrossEntropy";
        sameShape(op, "probabilities", probabilities, "targets", targets);
        Node p = Lint.expect(probabilities, Lint.Role.PROBABILITIES, op);
        Node logP = p.clamp(LOG_FLOOR, 1).log();
        Node logQ = Node.scalar(1, p.dtype()).sub(p).clamp(LOG_FLOOR, 1).log();
        Node t = Lint.expect(targets, Lint.Role.PROBABILITIES, op);
        return reduction.apply(t.mul(logP.neg()).add(Node.scalar(1, t.dtype()).sub(t).mul(logQ.neg())));
    }

    /** {@link #binaryCrossEntropyWithLogits(Node, Node, Reduction)} with the mean. */
    public static Node binaryCrossEntropyWithLogits(Node logits, Node targets) {
        return binaryCrossEntropyWithLogits(logits, targets, Reduction.MEAN);
    }

    /**
     * Binary cross-entropy of σ(x) against targets t, computed from the logits x as
     * {@code softplus(x) − x·t = max(x, 0) − x·t + ln(1 + e^−|x|)}, which never overflows and keeps full
     * precision where σ(x) rounds to 0 or 1. Its gradient is σ(x) − t, also at x = 0. The softplus has no
     * linear threshold (PyTorch's {@code nn.Softplus} default of 20 drops a term below 2e-9 there), so the
     * loss is exact for every logit, as PyTorch's {@code binary_cross_entropy_with_logits} is.
     */
    public static Node binaryCrossEntropyWithLogits(Node logits, Node targets, Reduction reduction) {
        String op = "binaryCrossEntropyWithLogits";
        sameShape(op, "logits", logits, "targets", targets);
        Node x = Lint.expect(logits, Lint.Role.LOGITS, op);
        Node t = Lint.expect(targets, Lint.Role.PROBABILITIES, op);
        return reduction.apply(x.softplus(1, Double.POSITIVE_INFINITY).sub(x.mul(t)));
    }

    /** {@link #crossEntropy(Node, Node, Reduction)} with the mean over examples. */
    public static Node crossEntropy(Node logits, Node target) {
        return crossEntropy(logits, target, Reduction.MEAN);
    }

    /**
     * The softmax cross-entropy of logits of shape {@code [..., classes]} (usually {@code [batch, classes]}),
     * one value per example: {@code −Σ_c t_c · logSoftmax(x)_c}. The target is either
     * <ul>
     * <li>integer class labels of shape {@code [...]} (usually {@code [batch]}), each in [0, classes): the
     *     loss is {@code −logSoftmax(x)[label]}; or</li>
     * <li>class probabilities of the logits' shape (soft labels, label smoothing).</li>
     * </ul>
     * The rank tells which, as in PyTorch. Labels out of range are refused when the graph is built if
     * they are a constant, else when it runs, with a message naming this loss.
     */
    public static Node crossEntropy(Node logits, Node target, Reduction reduction) {
        String op = "crossEntropy";
        classAxis(op, "logits", logits);
        Node x = Lint.expect(logits, Lint.Role.LOGITS, op);
        // −logSoftmax(x)_c = lse(x) − x_c ≥ 0, written this way round so a perfect prediction gives +0, not −0
        Node lse = x.logsumexp(-1, true);
        if (target.rank() == logits.rank()) {
            if (!target.shape().equals(logits.shape())) {
                throw new IllegalArgumentException(op + ": logits " + logits.shape() + " and target probabilities "
                        + target.shape() + ": shapes differ");
            }
            return reduction.apply(Lint.expect(target, Lint.Role.PROBABILITIES, op).mul(lse.sub(x)).sum(-1));
        }
        if (target.rank() != logits.rank() - 1) {
            throw new IllegalArgumentException(op + ": logits " + logits.shape() + " and labels " + target.shape()
                    + ": labels must be class indices of shape " + batchShape(logits) + " or probabilities of shape "
                    + logits.shape());
        }
        return reduction.apply(lse.squeeze(-1).sub(picked(op, "logits", x, target)));
    }

    /** {@link #nll(Node, Node, Reduction)} with the mean over examples. */
    public static Node nll(Node logProbabilities, Node labels) {
        return nll(logProbabilities, labels, Reduction.MEAN);
    }

    /**
     * The negative log-likelihood {@code −logp[label]} of log-probabilities of shape {@code [..., classes]}
     * (for example from {@link Activations#logSoftmax}) and integer labels of shape {@code [...]}.
     */
    public static Node nll(Node logProbabilities, Node labels, Reduction reduction) {
        String op = "nll";
        classAxis(op, "log-probabilities", logProbabilities);
        if (labels.rank() != logProbabilities.rank() - 1) {
            throw new IllegalArgumentException(op + ": log-probabilities " + logProbabilities.shape() + " and labels "
                    + labels.shape() + ": labels must be class indices of shape " + batchShape(logProbabilities));
        }
        Node logp = Lint.expect(logProbabilities, Lint.Role.LOG_PROBABILITIES, op);
        return reduction.apply(picked(op, "log-probabilities", logp.neg(), labels));
    }

    /** {@code x[..., label]} for each example, the labels checked against the number of classes. */
    private static Node picked(String op, String what, Node x, Node labels) {
        if (!labels.shape().equals(batchShape(x))) {
            throw new IllegalArgumentException(op + ": " + what + " " + x.shape() + " and labels " + labels.shape()
                    + ": batch sizes differ");
        }
        int classes = x.shape().dim(x.rank() - 1);
        // A constant is checked now; fed labels are marked for Lint, which reads them before the check refuses them.
        Node marked = labels.isConstant() ? labels : Lint.expectLabels(labels, classes, op);
        Node checked = IndexCheck.of(marked, op, "label", classes);
        return checked.oneHot(classes).to(x.dtype()).mul(x).sum(-1);
    }

    private static void classAxis(String op, String what, Node x) {
        if (x.rank() == 0) {
            throw new IllegalArgumentException(op + ": " + what + " must have a class axis, got a scalar");
        }
        if (x.shape().dim(x.rank() - 1) == 0) {
            throw new IllegalArgumentException(op + ": " + what + " " + x.shape() + " have no classes");
        }
    }

    private static Shape batchShape(Node x) {
        return x.shape().without(x.rank() - 1);
    }

    private static void sameShape(String op, String aName, Node a, String bName, Node b) {
        if (!a.shape().equals(b.shape())) {
            throw new IllegalArgumentException(op + ": " + aName + " " + a.shape() + " and " + bName + " " + b.shape()
                    + ": shapes differ");
        }
    }
}
