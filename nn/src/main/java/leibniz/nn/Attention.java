package leibniz.nn;

import leibniz.autograd.Node;
import leibniz.core.Tensor;

/**
 * Scaled dot-product attention: {@code softmax(q kᵀ / √d) v} over the last two axes, with leading
 * (batch, head) axes broadcast as in matmul.
 *
 * <pre>{@code
 * Node out = Attention.scaledDotProduct(q, k, v, true);   // q [B, T, d], k [B, S, d], v [B, S, dv] -> [B, T, dv]
 * }</pre>
 */
public final class Attention {
    private Attention() {
    }

    /**
     * {@code softmax(q kᵀ / √d) v} for {@code q [..., T, d]}, {@code k [..., S, d]}, {@code v [..., S, dv]}:
     * {@code [..., T, dv]}. When {@code causal}, query {@code i} attends only to keys {@code j <= i}
     * (PyTorch's {@code is_causal}, aligned at the top left).
     */
    public static Node scaledDotProduct(Node q, Node k, Node v, boolean causal) {
        Node weights = weights(q, k, causal);
        if (v.rank() < 2 || v.shape().dim(-2) != k.shape().dim(-2)) {
            throw new IllegalArgumentException("scaledDotProduct: k " + k.shape() + " and v " + v.shape()
                    + (v.rank() < 2 ? ": v needs rank 2 or more" : " have different lengths (" + k.shape().dim(-2)
                            + " vs " + v.shape().dim(-2) + ")"));
        }
        return weights.matmul(v);
    }

    /**
     * The attention weights {@code softmax(q kᵀ / √d)} {@code [..., T, S]}: each row a probability
     * distribution over the keys, zero above the diagonal when {@code causal}.
     */
    public static Node weights(Node q, Node k, boolean causal) {
        if (q.rank() < 2 || k.rank() < 2 || q.shape().dim(-1) != k.shape().dim(-1)) {
            throw new IllegalArgumentException("scaledDotProduct: q " + q.shape() + " and k " + k.shape()
                    + (q.rank() < 2 || k.rank() < 2 ? ": q and k need rank 2 or more"
                            : " have different feature sizes (" + q.shape().dim(-1) + " vs " + k.shape().dim(-1)
                                    + ")"));
        }
        Node scores = q.matmul(k, false, true).mul(1 / Math.sqrt(q.shape().dim(-1)));
        if (causal) {
            // A masked score becomes −∞, so its weight e^(−∞ − lse) is exactly 0 and it passes no gradient:
            // where() routes g only to the kept scores. Row i always keeps key 0, so no row is all −∞.
            int t = q.shape().dim(-2);
            int s = k.shape().dim(-2);
            double[] keep = new double[t * s];
            for (int i = 0; i < t; i++) {
                for (int j = 0; j <= i && j < s; j++) {
                    keep[i * s + j] = 1;
                }
            }
            scores = Node.where(Node.constant(Tensor.of(keep, t, s)), scores, Node.scalar(Double.NEGATIVE_INFINITY));
        }
        // Stable softmax: x − logsumexp(x) never overflows.
        return scores.sub(scores.logsumexp(-1, true)).exp();
    }
}
