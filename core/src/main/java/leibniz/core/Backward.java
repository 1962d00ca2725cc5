package leibniz.core;

/**
 * Fused kernels for the vector-Jacobian products of activations that are written with their output
 * {@code y}: one pass and one result instead of three elementwise operations, as PyTorch's
 * {@code tanh_backward} and {@code sigmoid_backward}. Autograd's VJPs call them; they are public so
 * that custom ops can too.
 *
 * <pre>{@code
 * Tensor dx = Backward.tanh(y, g);   // g ⊙ (1 − y²) for y = tanh x
 * }</pre>
 */
public final class Backward {
    private Backward() {}

    /** {@code g ⊙ (1 − y²)}, the gradient through {@code y = tanh x}; y and g have one shape. */
    public static Tensor tanh(Tensor y, Tensor g) {
        return fused(y, g, "tanhBackward", true);
    }

    /** {@code g ⊙ y ⊙ (1 − y)}, the gradient through {@code y = σ(x)}; y and g have one shape. */
    public static Tensor sigmoid(Tensor y, Tensor g) {
        return fused(y, g, "sigmoidBackward", false);
    }

    private static Tensor fused(Tensor y, Tensor g, String op, boolean tanh) {
        Arguments.notNull(y, op, "y");
        Arguments.notNull(g, op, "g");
        if (!y.shape.equals(g.shape)) {
            throw new IllegalArgumentException(op + ": output " + y.shape + " and gradient " + g.shape
                    + " differ in shape");
        }
        int n = y.size();
        if (DType.common(y, g) == DType.F32) {
            float[] a = y.to(DType.F32).floats;
            float[] b = g.to(DType.F32).floats;
            float[] out = Storage.floats(op, y.shape);
            if (tanh) {
                for (int i = 0; i < n; i++) out[i] = b[i] * (1 - a[i] * a[i]);
            } else {
                for (int i = 0; i < n; i++) out[i] = b[i] * (a[i] * (1 - a[i]));
            }
            return new Tensor(y.shape, out);
        }
        double[] a = y.f64().data;
        double[] b = g.f64().data;
        double[] out = Storage.doubles(op, y.shape);
        if (tanh) {
            for (int i = 0; i < n; i++) out[i] = b[i] * (1 - a[i] * a[i]);
        } else {
            for (int i = 0; i < n; i++) out[i] = b[i] * (a[i] * (1 - a[i]));
        }
        return new Tensor(y.shape, out);
    }
}
