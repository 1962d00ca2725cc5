package leibniz.core;

import java.util.function.DoubleUnaryOperator;

/**
 * The elementwise functions and matrix products of {@link Tensor}: unary functions, binary operations
 * with NumPy broadcasting, comparisons and {@code matmul}. A sealed interface that only {@code Tensor}
 * implements, so that the API reads as one type while its methods live in files by concept.
 */
public sealed interface TensorMath permits Tensor {
    /** {@code -x}. */
    default Tensor neg() {
        return Elementwise.unary(self(), Elementwise.Unary.NEG);
    }

    /** {@code |x|}. */
    default Tensor abs() {
        return Elementwise.unary(self(), Elementwise.Unary.ABS);
    }

    /** {@code sign(x)}: -1, 0 or 1. */
    default Tensor sign() {
        return Elementwise.unary(self(), Elementwise.Unary.SIGN);
    }

    /** {@code e^x}. */
    default Tensor exp() {
        return Elementwise.unary(self(), Elementwise.Unary.EXP);
    }

    /** {@code ln x} (NaN for x &lt; 0, -inf at 0, as IEEE 754). */
    default Tensor log() {
        return Elementwise.unary(self(), Elementwise.Unary.LOG);
    }

    /** {@code ln(1 + x)}, accurate for small x. */
    default Tensor log1p() {
        return Elementwise.unary(self(), Elementwise.Unary.LOG1P);
    }

    /** {@code √x}. */
    default Tensor sqrt() {
        return Elementwise.unary(self(), Elementwise.Unary.SQRT);
    }

    /** {@code x²}. */
    default Tensor square() {
        return Elementwise.unary(self(), Elementwise.Unary.SQUARE);
    }

    /** {@code 1 / x}. */
    default Tensor reciprocal() {
        return Elementwise.unary(self(), Elementwise.Unary.RECIPROCAL);
    }

    /** {@code sin x}. */
    default Tensor sin() {
        return Elementwise.unary(self(), Elementwise.Unary.SIN);
    }

    /** {@code cos x}. */
    default Tensor cos() {
        return Elementwise.unary(self(), Elementwise.Unary.COS);
    }

    /** {@code tanh x}. */
    default Tensor tanh() {
        return Elementwise.unary(self(), Elementwise.Unary.TANH);
    }

    /** {@code σ(x) = 1 / (1 + e^-x)}, computed without overflow for large |x|. */
    default Tensor sigmoid() {
        return Elementwise.unary(self(), Elementwise.Unary.SIGMOID);
    }

    /** {@code max(x, 0)}. */
    default Tensor relu() {
        return Elementwise.unary(self(), Elementwise.Unary.RELU);
    }

    /** The Heaviside step: 1 where {@code x > 0}, else 0. */
    default Tensor step() {
        return Elementwise.unary(self(), Elementwise.Unary.STEP);
    }

    /** {@code ln(1 + e^x)}, PyTorch's {@code softplus} with β = 1 and threshold 20: {@code softplus(1, 20)}. */
    default Tensor softplus() {
        return softplus(1, 20);
    }

    /**
     * {@code ln(1 + e^(βx)) / β}, reverting to {@code x} where {@code βx > threshold}, as PyTorch's
     * {@code nn.Softplus(beta, threshold)}: above the threshold the two differ by less than {@code e^−threshold/β},
     * and e^(βx) never overflows. β is positive and finite; the threshold is a number (+∞ never reverts).
     */
    default Tensor softplus(double beta, double threshold) {
        return Elementwise.softplus(self(), beta, threshold);
    }

    /** The error function {@code erf x = (2/√π) ∫₀ˣ e^(−t²) dt}, to about 1e-15 relative error. */
    default Tensor erf() {
        return Elementwise.map(self(), Erf::erf);
    }

    /** {@code f(x)} elementwise for any function; slower than the named operations. */
    default Tensor map(DoubleUnaryOperator f) {
        return Elementwise.map(self(), f);
    }

    /** {@code a + b}, broadcast. */
    default Tensor add(Tensor b) {
        return Elementwise.binary(self(), b, Elementwise.Binary.ADD);
    }

    /** {@code a + c} for a constant c, which takes this tensor's type (an F32 tensor stays F32). */
    default Tensor add(double c) {
        return add(Tensor.full(Shape.scalar(), c, self().dtype()));
    }

    /**
     * {@code a + α·b}, broadcast, in one pass when the shapes agree (PyTorch's {@code add(a, b, alpha=α)}):
     * the update {@code w.add(grad, -0.1)} allocates one tensor instead of two. An F32 result uses α rounded
     * to float.
     */
    default Tensor add(Tensor b, double alpha) {
        return Elementwise.addScaled(self(), b, alpha);
    }

    /** {@code a − b}, broadcast. */
    default Tensor sub(Tensor b) {
        return Elementwise.binary(self(), b, Elementwise.Binary.SUB);
    }

    /** {@code a ⊙ b}, broadcast. */
    default Tensor mul(Tensor b) {
        return Elementwise.binary(self(), b, Elementwise.Binary.MUL);
    }

    /** {@code c · a} for a constant c, which takes this tensor's type. */
    default Tensor mul(double c) {
        return mul(Tensor.full(Shape.scalar(), c, self().dtype()));
    }

    /** {@code a / b}, broadcast. */
    default Tensor div(Tensor b) {
        return Elementwise.binary(self(), b, Elementwise.Binary.DIV);
    }

    /** {@code a^b}, broadcast, as {@link Math#pow}. */
    default Tensor pow(Tensor b) {
        return Elementwise.binary(self(), b, Elementwise.Binary.POW);
    }

    /** {@code a^c} for a constant c, which takes this tensor's type. */
    default Tensor pow(double c) {
        return pow(Tensor.full(Shape.scalar(), c, self().dtype()));
    }

    /** {@code max(a, b)}, broadcast. */
    default Tensor maximum(Tensor b) {
        return Elementwise.binary(self(), b, Elementwise.Binary.MAXIMUM);
    }

    /** {@code min(a, b)}, broadcast. */
    default Tensor minimum(Tensor b) {
        return Elementwise.binary(self(), b, Elementwise.Binary.MINIMUM);
    }

    /** 1 where {@code a == b}, else 0, broadcast. */
    default Tensor eq(Tensor b) {
        return Elementwise.binary(self(), b, Elementwise.Binary.EQ);
    }

    /** 1 where {@code a != b}, else 0, broadcast. */
    default Tensor ne(Tensor b) {
        return Elementwise.binary(self(), b, Elementwise.Binary.NE);
    }

    /** 1 where {@code a < b}, else 0, broadcast. */
    default Tensor lt(Tensor b) {
        return Elementwise.binary(self(), b, Elementwise.Binary.LT);
    }

    /** 1 where {@code a <= b}, else 0, broadcast. */
    default Tensor le(Tensor b) {
        return Elementwise.binary(self(), b, Elementwise.Binary.LE);
    }

    /** 1 where {@code a > b}, else 0, broadcast. */
    default Tensor gt(Tensor b) {
        return Elementwise.binary(self(), b, Elementwise.Binary.GT);
    }

    /** 1 where {@code a >= b}, else 0, broadcast. */
    default Tensor ge(Tensor b) {
        return Elementwise.binary(self(), b, Elementwise.Binary.GE);
    }

    /** {@code min(max(x, lo), hi)}; requires {@code lo <= hi}. */
    default Tensor clamp(double lo, double hi) {
        return Elementwise.clamp(self(), lo, hi);
    }

    /**
     * The matrix product with NumPy's {@code matmul} rules: vector·vector is a scalar, matrix·vector a
     * vector, matrix·matrix a matrix, and higher ranks are stacks of matrices whose leading dimensions
     * broadcast. Small products run on EJML, large ones on BLAS {@code dgemm}/{@code sgemm}.
     */
    default Tensor matmul(Tensor b) {
        return MatMul.matmul(self(), b, false, false);
    }

    /**
     * {@code op(a) · op(b)} where {@code op} swaps the last two axes when its flag is set, without
     * materializing the transpose; both operands must have rank at least 2.
     */
    default Tensor matmul(Tensor b, boolean transposeA, boolean transposeB) {
        return MatMul.matmul(self(), b, transposeA, transposeB);
    }

    private Tensor self() {
        return (Tensor) this;
    }
}
