package leibniz.nn;

import java.util.random.RandomGenerator;
import leibniz.core.Shape;
import leibniz.core.Tensor;

/**
 * The usual weight initializers. The variance-scaling ones keep the variance of activations (Xavier,
 * LeCun) or of ReLU activations (Kaiming) roughly constant from layer to layer:
 * <pre>
 * xavierUniform   U(−b, b),  b = gain·√(6 / (fanIn + fanOut))     Glorot &amp; Bengio 2010
 * xavierNormal    N(0, σ²),  σ = gain·√(2 / (fanIn + fanOut))
 * kaimingUniform  U(−b, b),  b = √(6 / fanIn)                     He et al. 2015, for ReLU (gain √2)
 * kaimingNormal   N(0, σ²),  σ = √(2 / fanIn)
 * lecunUniform    U(−b, b),  b = √(3 / fanIn)                     LeCun et al. 1998, for SELU/tanh
 * lecunNormal     N(0, σ²),  σ = √(1 / fanIn)                     (not truncated, unlike Keras)
 * fanInUniform    U(−b, b),  b = √(1 / fanIn)                     PyTorch's default for Linear
 * </pre>
 * Every draw comes from the generator passed to {@link Initializer#init}, so a seeded generator gives
 * the same weights every time.
 */
public final class Initializers {
    private Initializers() {
    }

    /** All zeros. */
    public static Initializer zeros() {
        return (shape, fanIn, fanOut, rng) -> Tensor.zeros(shape);
    }

    /** Every element {@code c}. */
    public static Initializer constant(double c) {
        if (!Double.isFinite(c)) {
            throw new IllegalArgumentException("constant initializer: value must be finite, got " + c);
        }
        return (shape, fanIn, fanOut, rng) -> Tensor.full(shape, c);
    }

    /** Uniform on {@code [lo, hi)}. */
    public static Initializer uniform(double lo, double hi) {
        if (!(lo < hi) || !Double.isFinite(lo) || !Double.isFinite(hi)) {
            throw new IllegalArgumentException("uniform initializer: bounds [" + lo + ", " + hi
                    + ") must be finite with lo < hi");
        }
        return (shape, fanIn, fanOut, rng) -> Tensor.uniform(rng, lo, hi, shape.dims());
    }

    /** Normal {@code N(mean, std²)}. */
    public static Initializer normal(double mean, double std) {
        if (!(std >= 0) || !Double.isFinite(std) || !Double.isFinite(mean)) {
            throw new IllegalArgumentException("normal initializer: mean " + mean + " and std " + std
                    + " must be finite with std >= 0");
        }
        return (shape, fanIn, fanOut, rng) -> Tensor.normal(rng, mean, std, shape.dims());
    }

    /**
     * {@code U(−b, b)}, {@code b = 1/√fanIn}: PyTorch's default for the weights and biases of linear and
     * convolution layers (its Kaiming uniform with a = √5).
     */
    public static Initializer fanInUniform() {
        return (shape, fanIn, fanOut, rng) -> {
            double b = 1 / Math.sqrt(positive("fanInUniform", fanIn));
            return Tensor.uniform(rng, -b, b, shape.dims());
        };
    }

    /** Xavier/Glorot uniform with gain 1: {@code U(−b, b)}, {@code b = √(6 / (fanIn + fanOut))}. */
    public static Initializer xavierUniform() {
        return xavierUniform(1);
    }

    /** Xavier/Glorot uniform: {@code U(−b, b)}, {@code b = gain·√(6 / (fanIn + fanOut))} (gain 5/3 for tanh). */
    public static Initializer xavierUniform(double gain) {
        checkGain("xavierUniform", gain);
        return (shape, fanIn, fanOut, rng) -> {
            double b = gain * Math.sqrt(6.0 / fanSum("xavierUniform", fanIn, fanOut));
            return Tensor.uniform(rng, -b, b, shape.dims());
        };
    }

    /** Xavier/Glorot normal with gain 1: {@code N(0, σ²)}, {@code σ = √(2 / (fanIn + fanOut))}. */
    public static Initializer xavierNormal() {
        return xavierNormal(1);
    }

    /** Xavier/Glorot normal: {@code N(0, σ²)}, {@code σ = gain·√(2 / (fanIn + fanOut))}. */
    public static Initializer xavierNormal(double gain) {
        checkGain("xavierNormal", gain);
        return (shape, fanIn, fanOut, rng) -> {
            double std = gain * Math.sqrt(2.0 / fanSum("xavierNormal", fanIn, fanOut));
            return Tensor.normal(rng, 0, std, shape.dims());
        };
    }

    /** Kaiming/He uniform for ReLU: {@code U(−b, b)}, {@code b = √(6 / fanIn)}. */
    public static Initializer kaimingUniform() {
        return (shape, fanIn, fanOut, rng) -> {
            double b = Math.sqrt(6.0 / positive("kaimingUniform", fanIn));
            return Tensor.uniform(rng, -b, b, shape.dims());
        };
    }

    /** Kaiming/He normal for ReLU: {@code N(0, σ²)}, {@code σ = √(2 / fanIn)}. */
    public static Initializer kaimingNormal() {
        return (shape, fanIn, fanOut, rng) ->
                Tensor.normal(rng, 0, Math.sqrt(2.0 / positive("kaimingNormal", fanIn)), shape.dims());
    }

    /** LeCun uniform: {@code U(−b, b)}, {@code b = √(3 / fanIn)}. */
    public static Initializer lecunUniform() {
        return (shape, fanIn, fanOut, rng) -> {
            double b = Math.sqrt(3.0 / positive("lecunUniform", fanIn));
            return Tensor.uniform(rng, -b, b, shape.dims());
        };
    }

    /** LeCun normal: {@code N(0, σ²)}, {@code σ = √(1 / fanIn)}. */
    public static Initializer lecunNormal() {
        return (shape, fanIn, fanOut, rng) ->
                Tensor.normal(rng, 0, Math.sqrt(1.0 / positive("lecunNormal", fanIn)), shape.dims());
    }

    /** {@code init}'s tensor for a layer, refused unless it has the shape asked for. */
    static Tensor draw(String owner, Initializer init, Shape shape, int fanIn, int fanOut, RandomGenerator rng) {
        Tensor t = init.init(shape, fanIn, fanOut, rng);
        if (t == null || !t.shape().equals(shape)) {
            throw new IllegalArgumentException(owner + ": initializer gave " + (t == null ? "no tensor" : "shape "
                    + t.shape()) + ", expected " + shape);
        }
        return t;
    }

    private static void checkGain(String name, double gain) {
        if (!(gain > 0) || !Double.isFinite(gain)) {
            throw new IllegalArgumentException(name + ": gain must be positive and finite, got " + gain);
        }
    }

    private static int positive(String name, int fanIn) {
        if (fanIn < 1) {
            throw new IllegalArgumentException(name + ": fanIn must be positive, got " + fanIn);
        }
        return fanIn;
    }

    private static int fanSum(String name, int fanIn, int fanOut) {
        if (fanIn < 1 || fanOut < 1) {
            throw new IllegalArgumentException(name + ": fanIn and fanOut must be positive, got " + fanIn
                    + " and " + fanOut);
        }
        return fanIn + fanOut;
    }
}
