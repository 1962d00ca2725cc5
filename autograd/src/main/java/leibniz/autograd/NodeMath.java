package leibniz.autograd;

import leibniz.core.Arguments;

/**
 * The elementwise functions and matrix products of {@link Node}: unary functions, binary operations
 * with NumPy broadcasting, comparisons and {@code matmul}. A sealed interface that only {@code Node}
 * implements, so that the API reads as one type while its methods live in files by concept.
 */
public sealed interface NodeMath permits Node {
    /** {@code −x}. */
    default Node neg() {
        return Node.apply(new UnaryOps.Neg(), self());
    }

    /** {@code |x|}; its derivative at 0 is taken as 0. */
    default Node abs() {
        return Node.apply(new UnaryOps.Abs(), self());
    }

    /** {@code sign(x)}, carrying no gradient. */
    default Node sign() {
        return Node.apply(new UnaryOps.Sign(), self());
    }

    /** {@code e^x}. */
    default Node exp() {
        return Node.apply(new UnaryOps.Exp(), self());
    }

    /** {@code ln x}. */
    default Node log() {
        return Node.apply(new UnaryOps.Log(), self());
    }

    /** {@code ln(1 + x)}. */
    default Node log1p() {
        return Node.apply(new UnaryOps.Log1p(), self());
    }

    /** {@code √x}. */
    default Node sqrt() {
        return Node.apply(new UnaryOps.Sqrt(), self());
    }

    /** {@code x²}. */
    default Node square() {
        return Node.apply(new UnaryOps.Square(), self());
    }

    /** {@code 1 / x}. */
    default Node reciprocal() {
        return Node.apply(new UnaryOps.Reciprocal(), self());
    }

    /** {@code sin x}. */
    default Node sin() {
        return Node.apply(new UnaryOps.Sin(), self());
    }

    /** {@code cos x}. */
    default Node cos() {
        return Node.apply(new UnaryOps.Cos(), self());
    }

    /** {@code tanh x}. */
    default Node tanh() {
        return Node.apply(new UnaryOps.Tanh(), self());
    }

    /** {@code σ(x) = 1 / (1 + e^−x)}, stable for large |x|. */
    default Node sigmoid() {
        return Node.apply(new UnaryOps.Sigmoid(), self());
    }

    /** {@code ln(1 + e^x)}, PyTorch's {@code softplus} with β = 1 and threshold 20: {@code softplus(1, 20)}. */
    default Node softplus() {
        return softplus(1, 20);
    }

    /**
     * {@code ln(1 + e^(βx)) / β}, reverting to {@code x} where {@code βx > threshold}, as PyTorch's
     * {@code nn.Softplus(beta, threshold)}; its derivative is {@code σ(βx)} below the threshold and 1 above.
     * β is positive and finite, the threshold a number.
     */
    default Node softplus(double beta, double threshold) {
        return Node.apply(new UnaryOps.Softplus(beta, threshold), self());
    }

    /** The error function {@code erf x = (2/√π) ∫₀ˣ e^(−t²) dt}. */
    default Node erf() {
        return Node.apply(new UnaryOps.Erf(), self());
    }

    /** {@code max(x, 0)}; its derivative at 0 is taken as 0. */
    default Node relu() {
        return Node.apply(new UnaryOps.Relu(), self());
    }

    /** The step function, 1 where {@code x > 0} else 0, carrying no gradient. */
    default Node step() {
        return Node.apply(new UnaryOps.Step(), self());
    }

    /** {@code a + b}, broadcast. */
    default Node add(Node b) {
        Arguments.notNull(b, "add", "b");
        return Node.apply(new BinaryOps.Add(), self(), b);
    }

    /**
     * {@code a + α·b} for a scalar node α, broadcast, computed in one pass: an optimizer's
     * {@code w.sub(grad, lr)} allocates one tensor per step where {@code w.sub(lr.mul(grad))} allocates two.
     */
    default Node add(Node b, Node alpha) {
        Arguments.notNull(b, "add", "b");
        Arguments.notNull(alpha, "add", "alpha");
        return Node.apply(new BinaryOps.AddScaled(), self(), b, alpha);
    }

    /** {@code a − α·b} for a scalar node α: {@link #add(Node, Node)} with {@code −α}. */
    default Node sub(Node b, Node alpha) {
        Arguments.notNull(b, "sub", "b");
        Arguments.notNull(alpha, "sub", "alpha");
        return add(b, alpha.neg());
    }

    /** {@code a + c}. */
    default Node add(double c) {
        return add(number(c));
    }

    /** {@code a − b}, broadcast. */
    default Node sub(Node b) {
        Arguments.notNull(b, "sub", "b");
        return Node.apply(new BinaryOps.Sub(), self(), b);
    }

    /** {@code a − c}. */
    default Node sub(double c) {
        return sub(number(c));
    }

    /** {@code a ⊙ b}, broadcast. */
    default Node mul(Node b) {
        Arguments.notNull(b, "mul", "b");
        return Node.apply(new BinaryOps.Mul(), self(), b);
    }

    /** {@code c · a}. */
    default Node mul(double c) {
        return mul(number(c));
    }

    /** {@code a / b}, broadcast. */
    default Node div(Node b) {
        Arguments.notNull(b, "div", "b");
        return Node.apply(new BinaryOps.Div(), self(), b);
    }

    /** {@code a / c}. */
    default Node div(double c) {
        return div(number(c));
    }

    /** {@code a^b}, broadcast. */
    default Node pow(Node b) {
        Arguments.notNull(b, "pow", "b");
        return Node.apply(new BinaryOps.Pow(), self(), b);
    }

    /** {@code a^c} for a constant exponent. */
    default Node pow(double c) {
        return pow(number(c));
    }

    /** {@code max(a, b)}, broadcast; at ties the gradient is split evenly. */
    default Node maximum(Node b) {
        Arguments.notNull(b, "maximum", "b");
        return Node.apply(new BinaryOps.Maximum(), self(), b);
    }

    /** {@code min(a, b)}, broadcast; at ties the gradient is split evenly. */
    default Node minimum(Node b) {
        Arguments.notNull(b, "minimum", "b");
        return Node.apply(new BinaryOps.Minimum(), self(), b);
    }

    /** 1 where {@code a == b}, else 0; no gradient. */
    default Node eq(Node b) {
        Arguments.notNull(b, "eq", "b");
        return Node.apply(new BinaryOps.Compare(BinaryOps.Comparison.EQ), self(), b);
    }

    /** 1 where {@code a != b}, else 0; no gradient. */
    default Node ne(Node b) {
        Arguments.notNull(b, "ne", "b");
        return Node.apply(new BinaryOps.Compare(BinaryOps.Comparison.NE), self(), b);
    }

    /** 1 where {@code a < b}, else 0; no gradient. */
    default Node lt(Node b) {
        Arguments.notNull(b, "lt", "b");
        return Node.apply(new BinaryOps.Compare(BinaryOps.Comparison.LT), self(), b);
    }

    /** 1 where {@code a <= b}, else 0; no gradient. */
    default Node le(Node b) {
        Arguments.notNull(b, "le", "b");
        return Node.apply(new BinaryOps.Compare(BinaryOps.Comparison.LE), self(), b);
    }

    /** 1 where {@code a > b}, else 0; no gradient. */
    default Node gt(Node b) {
        Arguments.notNull(b, "gt", "b");
        return Node.apply(new BinaryOps.Compare(BinaryOps.Comparison.GT), self(), b);
    }

    /** 1 where {@code a >= b}, else 0; no gradient. */
    default Node ge(Node b) {
        Arguments.notNull(b, "ge", "b");
        return Node.apply(new BinaryOps.Compare(BinaryOps.Comparison.GE), self(), b);
    }

    /** {@code min(max(x, lo), hi)}; the gradient is g inside {@code [lo, hi]} and 0 outside. */
    default Node clamp(double lo, double hi) {
        return Node.apply(new BinaryOps.Clamp(lo, hi), self());
    }

    /** The matrix product with NumPy's {@code matmul} rules (vectors, matrices, broadcast batches). */
    default Node matmul(Node b) {
        Arguments.notNull(b, "matmul", "b");
        return Node.apply(new MatMulOp(false, false), self(), b);
    }

    /** {@code op(a) · op(b)}, where a set flag swaps that operand's last two axes without copying. */
    default Node matmul(Node b, boolean transposeA, boolean transposeB) {
        Arguments.notNull(b, "matmul", "b");
        return Node.apply(new MatMulOp(transposeA, transposeB), self(), b);
    }

    /**
     * A Java number as a scalar constant of this node's type, as PyTorch treats a number: {@code x.mul(0.5)}
     * keeps an F32 node F32 even when x is itself a scalar (an F32 loss).
     */
    private Node number(double c) {
        return Node.scalar(c, self().dtype());
    }

    private Node self() {
        return (Node) this;
    }
}
