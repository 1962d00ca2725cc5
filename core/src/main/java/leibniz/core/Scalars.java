package leibniz.core;

/**
 * The scalar functions behind {@link Tensor}'s elementwise methods that are more than one Java
 * expression, shared by core's loops and the generated loops of {@link Pointwise} kernels, so that both
 * give the same bits: {@code Scalars.sigmoid(0.0)} is {@code 0.5}.
 */
public final class Scalars {
    private Scalars() {
    }

    /**
     * σ(x) = 1 / (1 + e^−x). Only a non-positive number is exponentiated (e^−x for x ≥ 0, e^x otherwise),
     * so nothing overflows and σ(±800) is exactly 1 and 0 instead of NaN.
     */
    public static double sigmoid(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    /**
     * {@code βx > threshold ? x : ln(1 + e^(βx)) / β}, PyTorch's branch, with the logarithm taken as
     * {@code max(βx, 0) + ln(1 + e^−|βx|)}: finite for any x when the threshold is infinite.
     */
    public static double softplus(double x, double beta, double threshold) {
        double bx = beta * x;
        return bx > threshold ? x : (Math.max(bx, 0) + Math.log1p(Math.exp(-Math.abs(bx)))) / beta;
    }

    /**
     * {@code tanh x}, bit for bit {@code StrictMath.tanh(x)} on every JDK (fdlibm in plain Java, see
     * {@link Tanh}): faster than JDK 17's native call, and free of the last-bit differences of a JDK's
     * intrinsic {@code Math.tanh}.
     */
    public static double tanh(double x) {
        return Tanh.tanh(x);
    }

    /** The error function {@code erf x = (2/√π) ∫₀ˣ e^(−t²) dt}, to about 1e-15 relative error. */
    public static double erf(double x) {
        return Erf.erf(x);
    }
}
