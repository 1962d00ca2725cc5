package leibniz.examples;

import java.util.List;
import leibniz.autograd.Node;
import leibniz.autograd.Op;
import leibniz.core.Shape;
import leibniz.core.Tensor;

/**
 * A user-defined op: {@code out = ln cosh x.  dx = g ⊙ tanh x}.
 *
 * <p>Composed from primitives, {@code ln((eˣ + e⁻ˣ)/2)} overflows to ∞ beyond |x| ≈ 710 and its gradient
 * becomes ∞/∞ = NaN. As one op, the value is computed as {@code |x| + ln(1 + e^(−2|x|)) − ln 2}, exact for
 * every x, and the derivative is stated directly. The VJP is written with graph nodes, so the second
 * derivative {@code 1 − tanh² x} comes from differentiating it again, with no more code.
 */
record LogCosh() implements Op {
    private static final double LN2 = Math.log(2);

    /** {@code ln cosh x}, elementwise. */
    static Node logcosh(Node x) {
        return Node.apply(new LogCosh(), x);
    }

    @Override
    public String name() {
        return "logcosh";
    }

    @Override
    public Shape shape(Shape... in) {
        if (in.length != 1) {
            throw new IllegalArgumentException("logcosh: takes one input, got " + in.length);
        }
        return in[0];
    }

    @Override
    public Tensor forward(Tensor... in) {
        return in[0].map(LogCosh::logcosh);
    }

    @Override
    public List<Node> vjp(Node out, Node g) {
        Node x = out.input(0);
        return List.of(g.mul(x.tanh()));
    }

    /** {@code ln cosh x = |x| + ln(1 + e^(−2|x|)) − ln 2}: e^(−2|x|) ≤ 1, so nothing overflows. */
    static double logcosh(double x) {
        double a = Math.abs(x);
        return a + Math.log1p(Math.exp(-2 * a)) - LN2;
    }
}
