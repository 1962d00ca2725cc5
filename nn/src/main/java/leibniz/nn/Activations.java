package leibniz.nn;

import leibniz.autograd.Node;

/**
 * Activation functions as compositions of graph ops, applied elementwise (softmax and log-softmax
 * along an axis). {@link Activation} wraps each as a {@link Module}.
 *
 * <pre>{@code
 * Node h = Activations.gelu(x.matmul(w1));
 * Node p = Activations.softmax(h.matmul(w2), -1);
 * }</pre>
 */
public final class Activations {
    private static final double SQRT_HALF = Math.sqrt(0.5);
    private static final double SQRT_TWO_OVER_PI = Math.sqrt(2 / Math.PI);

    private Activations() {
    }

    /** {@code σ(x) = 1 / (1 + e^−x)}. */
    public static Node sigmoid(Node x) {
        return x.sigmoid();
    }

    /** {@code tanh x}. */
    public static Node tanh(Node x) {
        return x.tanh();
    }

    /** {@code max(x, 0)}; the derivative at 0 is taken as 0. */
    public static Node relu(Node x) {
        return x.relu();
    }

    /** {@code x} for x &gt; 0, {@code slope·x} otherwise; the derivative at 0 is taken as slope, as in PyTorch. */
    public static Node leakyRelu(Node x, double slope) {
        requireFinite("leakyRelu", "slope", slope);
        return x.relu().add(negativePart(x).mul(slope));
    }

    /**
     * {@code x} for x &gt; 0, {@code α(e^x − 1)} otherwise; the derivative at 0 is taken as α, as in PyTorch.
     * Written as {@code max(x, 0) + α(e^min(x, 0) − 1)} rather than with a select, so that e^x is never
     * taken of a large positive x (whose overflow would turn the masked-out gradient into 0·∞ = NaN).
     */
    public static Node elu(Node x, double alpha) {
        requireFinite("elu", "alpha", alpha);
        return x.relu().add(negativePart(x).exp().sub(1).mul(alpha));
    }

    /**
     * The exact GELU {@code x·Φ(x) = x/2 · (1 + erf(x/√2))}, Φ the standard normal CDF (PyTorch's
     * default; see {@link #geluTanh} for the approximation).
     */
    public static Node gelu(Node x) {
        return x.mul(x.mul(SQRT_HALF).erf().add(1)).mul(0.5);
    }

    /** The tanh approximation of GELU, {@code x/2 · (1 + tanh(√(2/π)(x + 0.044715 x³)))} (GPT-2, BERT). */
    public static Node geluTanh(Node x) {
        Node inner = x.add(x.pow(3).mul(0.044715)).mul(SQRT_TWO_OVER_PI);
        return x.mul(inner.tanh().add(1)).mul(0.5);
    }

    /**
     * {@code ln(1 + e^x)}, PyTorch's {@code softplus} (β = 1, threshold 20): the autograd primitive
     * {@link Node#softplus()}, whose derivative σ(x) and second derivative σ(x)(1 − σ(x)) hold at every x.
     */
    public static Node softplus(Node x) {
        return x.softplus();
    }

    /**
     * {@code e^x / Σ e^x} along {@code axis}, computed as {@code exp(logSoftmax(x))}: no exponential
     * of a large number is ever taken, so logits of ±1000 are fine.
     */
    public static Node softmax(Node x, int axis) {
        return logSoftmax(x, axis, "softmax").exp();
    }

    /** {@code x − ln Σ e^x} along {@code axis}, with the stable logsumexp (max subtracted first). */
    public static Node logSoftmax(Node x, int axis) {
        return logSoftmax(x, axis, "logSoftmax");
    }

    private static Node logSoftmax(Node x, int axis, String name) {
        int a = x.shape().axis(axis, name);
        return x.sub(x.logsumexp(a, true));
    }

    static void requireFinite(String op, String what, double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(op + ": " + what + " must be finite, got " + v);
        }
    }

    /** {@code min(x, 0)}, with derivative 1 at 0 (clamp passes the gradient at its bounds). */
    private static Node negativePart(Node x) {
        return x.clamp(Double.NEGATIVE_INFINITY, 0);
    }
}
