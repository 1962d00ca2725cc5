package leibniz.autograd;

import java.util.List;
import leibniz.core.DType;
import leibniz.core.Pointwise;
import leibniz.core.Pointwise.Fn;
import leibniz.core.Shape;
import leibniz.core.Tensor;

/**
 * Elementwise functions of one input. In each VJP, {@code x} is the input, {@code out} the output, {@code g}
 * the incoming gradient; in each JVP, {@code ṫ} is the input's tangent. A diagonal Jacobian is its own
 * transpose, so each tangent is the VJP's formula with ṫ in place of g; batching applies the op as it is.
 */
final class UnaryOps {
    private UnaryOps() {
    }

    /** An elementwise op: the output has the input's shape, and a batch is one more axis to map over. */
    interface Elementwise extends Fusible {
        @Override
        default Shape shape(Shape... in) {
            return in[0];
        }

        @Override
        default Node batch(Node out, List<Node> in, boolean[] batched) {
            return Node.apply(this, in.get(0));
        }
    }

    /** The scalar 1 of type t: an F64 one would widen a scalar F32 y. */
    private static Tensor one(DType t) {
        return Tensor.full(Shape.scalar(), 1, t);
    }

    /** The common type of y and g, of one shape: F64 unless both are F32. */
    private static DType wider(Tensor y, Tensor g) {
        return y.dtype() == DType.F32 && g.dtype() == DType.F32 ? DType.F32 : DType.F64;
    }

    private static int one(Pointwise.Builder k, DType type) {
        return k.apply(Fn.CONSTANT, type, new double[] {1}, new int[0]);
    }

    /** A fused activation VJP of the output y and the gradient g, which have one shape. */
    interface ActivationGradient extends Fusible {
        @Override
        default Shape shape(Shape... in) {
            if (!in[0].equals(in[1])) {
                throw new IllegalArgumentException(name() + ": output " + in[0] + " and gradient " + in[1]
                        + " differ in shape");
            }
            return in[0];
        }

        /** The two inputs repeated over the batch where one is shared, since the op wants equal shapes. */
        @Override
        default Node batch(Node out, List<Node> in, boolean[] batched) {
            int size = Batching.size(in, batched);
            Node y = Batching.lift(in.get(0), batched[0], size);
            return Node.apply(this, y, Batching.lift(in.get(1), batched[1], size));
        }
    }

    /** out = −x.  dx = −g.  tangent: −ṫ */
    record Neg() implements Elementwise, Fusible.Applying {
        public String name() { return "neg"; }
        public Fn fn() { return Fn.NEG; }
        public Tensor forward(Tensor... in) { return in[0].neg(); }
        public List<Node> vjp(Node out, Node g) { return List.of(g.neg()); }
        public Node jvp(Node out, List<Node> t) { return t.get(0).neg(); }
    }

    /** out = |x|.  dx = g ⊙ sign(x).  tangent: ṫ ⊙ sign(x); the subgradient at 0 is 0, as in PyTorch. */
    record Abs() implements Elementwise, Fusible.Applying {
        public String name() { return "abs"; }
        public Fn fn() { return Fn.ABS; }
        public Tensor forward(Tensor... in) { return in[0].abs(); }
        public List<Node> vjp(Node out, Node g) { return List.of(g.mul(out.input(0).sign())); }
        public Node jvp(Node out, List<Node> t) { return t.get(0).mul(out.input(0).sign()); }
    }

    /** out = sign(x), piecewise constant: no gradient. */
    record Sign() implements Elementwise, NoGradient, Fusible.Applying {
        public String name() { return "sign"; }
        public Fn fn() { return Fn.SIGN; }
        public Tensor forward(Tensor... in) { return in[0].sign(); }
    }

    /** out = e^x.  dx = g ⊙ out.  tangent: ṫ ⊙ out */
    record Exp() implements Elementwise, Fusible.Applying {
        public String name() { return "exp"; }
        public Fn fn() { return Fn.EXP; }
        public Tensor forward(Tensor... in) { return in[0].exp(); }
        public List<Node> vjp(Node out, Node g) { return List.of(g.mul(out)); }
        public Node jvp(Node out, List<Node> t) { return t.get(0).mul(out); }
    }

    /** out = ln x.  dx = g / x.  tangent: ṫ / x */
    record Log() implements Elementwise, Fusible.Applying {
        public String name() { return "log"; }
        public Fn fn() { return Fn.LOG; }
        public Tensor forward(Tensor... in) { return in[0].log(); }
        public List<Node> vjp(Node out, Node g) { return List.of(g.div(out.input(0))); }
        public Node jvp(Node out, List<Node> t) { return t.get(0).div(out.input(0)); }
    }

    /** out = ln(1 + x).  dx = g / (1 + x).  tangent: ṫ / (1 + x) */
    record Log1p() implements Elementwise, Fusible.Applying {
        public String name() { return "log1p"; }
        public Fn fn() { return Fn.LOG1P; }
        public Tensor forward(Tensor... in) { return in[0].log1p(); }
        public List<Node> vjp(Node out, Node g) { return List.of(g.div(out.input(0).add(1))); }
        public Node jvp(Node out, List<Node> t) { return t.get(0).div(out.input(0).add(1)); }
    }

    /** out = √x.  dx = g / (2 out).  tangent: ṫ / (2 out) */
    record Sqrt() implements Elementwise, Fusible.Applying {
        public String name() { return "sqrt"; }
        public Fn fn() { return Fn.SQRT; }
        public Tensor forward(Tensor... in) { return in[0].sqrt(); }
        public List<Node> vjp(Node out, Node g) { return List.of(g.div(out.mul(2))); }
        public Node jvp(Node out, List<Node> t) { return t.get(0).div(out.mul(2)); }
    }

    /** out = x².  dx = 2 g ⊙ x.  tangent: 2 ṫ ⊙ x */
    record Square() implements Elementwise, Fusible.Applying {
        public String name() { return "square"; }
        public Fn fn() { return Fn.SQUARE; }
        public Tensor forward(Tensor... in) { return in[0].square(); }
        public List<Node> vjp(Node out, Node g) { return List.of(g.mul(out.input(0)).mul(2)); }
        public Node jvp(Node out, List<Node> t) { return t.get(0).mul(out.input(0)).mul(2); }
    }

    /** out = 1 / x.  dx = −g ⊙ out².  tangent: −ṫ ⊙ out² */
    record Reciprocal() implements Elementwise, Fusible.Applying {
        public String name() { return "reciprocal"; }
        public Fn fn() { return Fn.RECIPROCAL; }
        public Tensor forward(Tensor... in) { return in[0].reciprocal(); }
        public List<Node> vjp(Node out, Node g) { return List.of(g.mul(out.square()).neg()); }
        public Node jvp(Node out, List<Node> t) { return t.get(0).mul(out.square()).neg(); }
    }

    /** out = sin x.  dx = g ⊙ cos x.  tangent: ṫ ⊙ cos x */
    record Sin() implements Elementwise, Fusible.Applying {
        public String name() { return "sin"; }
        public Fn fn() { return Fn.SIN; }
        public Tensor forward(Tensor... in) { return in[0].sin(); }
        public List<Node> vjp(Node out, Node g) { return List.of(g.mul(out.input(0).cos())); }
        public Node jvp(Node out, List<Node> t) { return t.get(0).mul(out.input(0).cos()); }
    }

    /** out = cos x.  dx = −g ⊙ sin x.  tangent: −ṫ ⊙ sin x */
    record Cos() implements Elementwise, Fusible.Applying {
        public String name() { return "cos"; }
        public Fn fn() { return Fn.COS; }
        public Tensor forward(Tensor... in) { return in[0].cos(); }
        public List<Node> vjp(Node out, Node g) { return List.of(g.mul(out.input(0).sin()).neg()); }
        public Node jvp(Node out, List<Node> t) { return t.get(0).mul(out.input(0).sin()).neg(); }
    }

    /**
     * out = tanh x.  dx = g ⊙ (1 − out²), one fused op.
     * tangent: ṫ ⊙ (1 − out²), from primitives, so that a forward-mode graph holds no reverse-mode op
     */
    record Tanh() implements Elementwise, Fusible.Applying {
        public String name() { return "tanh"; }
        public Fn fn() { return Fn.TANH; }
        public Tensor forward(Tensor... in) { return in[0].tanh(); }
        public List<Node> vjp(Node out, Node g) { return List.of(Node.apply(new TanhBackward(), out, g)); }
        public Node jvp(Node out, List<Node> t) { return t.get(0).mul(Node.scalar(1, out.dtype()).sub(out.square())); }
    }

    /**
     * out = g ⊙ (1 − y²) for inputs (y, g).  dy = −2 y ⊙ g ⊙ h,  dg = h ⊙ (1 − y²), h the incoming
     * gradient.  tangent: ġ ⊙ (1 − y²) − 2 y ⊙ g ⊙ ẏ
     */
    record TanhBackward() implements ActivationGradient {
        public String name() { return "tanhBackward"; }
        public Tensor forward(Tensor... in) {
            DType t = wider(in[0], in[1]);
            return in[1].to(t).mul(one(t).sub(in[0].to(t).square()));
        }

        public int emit(Pointwise.Builder k, DType type, int[] in) {
            int d = k.apply(Fn.SUB, type, one(k, type), k.apply(Fn.SQUARE, type, in[0]));
            return k.apply(Fn.MUL, type, in[1], d);
        }
        public List<Node> vjp(Node out, Node h) {
            Node y = out.input(0);
            Node g = out.input(1);
            return List.of(h.mul(g).mul(y).mul(-2), Node.apply(new TanhBackward(), y, h));
        }

        public Node jvp(Node out, List<Node> t) {
            Node y = out.input(0);
            Node g = out.input(1);
            Node dg = t.get(1).isZero() ? t.get(1) : Node.apply(new TanhBackward(), y, t.get(1));
            return dg.add(t.get(0).mul(g).mul(y).mul(-2));
        }
    }

    /**
     * out = σ(x).  dx = g ⊙ out ⊙ (1 − out). A primitive rather than 1 / (1 + e^−x) because the
     * composite overflows e^−x for large negative x, and the VJP from the output is cheaper.
     * tangent: ṫ ⊙ out ⊙ (1 − out), from primitives
     */
    record Sigmoid() implements Elementwise, Fusible.Applying {
        public String name() { return "sigmoid"; }
        public Fn fn() { return Fn.SIGMOID; }
        public Tensor forward(Tensor... in) { return in[0].sigmoid(); }
        public List<Node> vjp(Node out, Node g) { return List.of(Node.apply(new SigmoidBackward(), out, g)); }
        public Node jvp(Node out, List<Node> t) { return t.get(0).mul(out).mul(Node.scalar(1, out.dtype()).sub(out)); }
    }

    /**
     * out = g ⊙ y ⊙ (1 − y) for inputs (y, g).  dy = h ⊙ g ⊙ (1 − 2y),  dg = h ⊙ y ⊙ (1 − y).
     * tangent: ġ ⊙ y ⊙ (1 − y) + ẏ ⊙ g ⊙ (1 − 2y)
     */
    record SigmoidBackward() implements ActivationGradient {
        public String name() { return "sigmoidBackward"; }
        public Tensor forward(Tensor... in) {
            DType t = wider(in[0], in[1]);
            Tensor y = in[0].to(t);
            return in[1].to(t).mul(y.mul(one(t).sub(y)));
        }

        public int emit(Pointwise.Builder k, DType type, int[] in) {
            int d = k.apply(Fn.MUL, type, in[0], k.apply(Fn.SUB, type, one(k, type), in[0]));
            return k.apply(Fn.MUL, type, in[1], d);
        }
        public List<Node> vjp(Node out, Node h) {
            Node y = out.input(0);
            Node g = out.input(1);
            return List.of(h.mul(g).mul(y.mul(-2).add(1)), Node.apply(new SigmoidBackward(), y, h));
        }

        public Node jvp(Node out, List<Node> t) {
            Node y = out.input(0);
            Node g = out.input(1);
            Node dg = t.get(1).isZero() ? t.get(1) : Node.apply(new SigmoidBackward(), y, t.get(1));
            return dg.add(t.get(0).mul(g).mul(y.mul(-2).add(1)));
        }
    }

    /**
     * out = ln(1 + e^(βx)) / β, or x where βx &gt; threshold (PyTorch's nn.Softplus).
     * dx = g ⊙ σ(βx) below the threshold, g above; the tangent likewise with ṫ. A primitive rather than
     * log1p(exp(βx)) / β because the composite overflows e^(βx) for large x, and the compiler's stabilization
     * rewrites log(1 + e^x) to it.
     */
    record Softplus(double beta, double threshold) implements Elementwise {
        Softplus {
            if (!(beta > 0) || Double.isInfinite(beta)) {
                throw new IllegalArgumentException("softplus: beta must be positive and finite, got " + beta);
            }
            if (Double.isNaN(threshold)) {
                throw new IllegalArgumentException("softplus: threshold must be a number, got NaN");
            }
        }

        public String name() { return "softplus"; }
        public Tensor forward(Tensor... in) { return in[0].softplus(beta, threshold); }

        public int emit(Pointwise.Builder k, DType type, int[] in) {
            return k.apply(Fn.SOFTPLUS, type, new double[] {beta, threshold}, in);
        }

        public List<Node> vjp(Node out, Node g) { return List.of(slope(out, g)); }
        public Node jvp(Node out, List<Node> t) { return slope(out, t.get(0)); }

        /** {@code v ⊙ softplus'(x)}: σ(βx) below the threshold and 1 above, for a gradient or a tangent v. */
        private Node slope(Node out, Node v) {
            Node bx = out.input(0).mul(beta);
            Node linear = bx.gt(Node.scalar(threshold, bx.dtype()));
            return Node.where(linear, v, v.mul(bx.sigmoid()));
        }
    }

    /** out = erf x.  dx = g ⊙ (2/√π) e^(−x²).  tangent: ṫ ⊙ (2/√π) e^(−x²) */
    record Erf() implements Elementwise, Fusible.Applying {
        public String name() { return "erf"; }
        public Fn fn() { return Fn.ERF; }
        public Tensor forward(Tensor... in) { return in[0].erf(); }
        public List<Node> vjp(Node out, Node g) { return List.of(slope(out, g)); }
        public Node jvp(Node out, List<Node> t) { return slope(out, t.get(0)); }

        private static Node slope(Node out, Node v) {
            return v.mul(out.input(0).square().neg().exp()).mul(2 / Math.sqrt(Math.PI));
        }
    }

    /** out = max(x, 0).  dx = g ⊙ step(x).  tangent: ṫ ⊙ step(x); the subgradient at 0 is 0, as in PyTorch. */
    record Relu() implements Elementwise, Fusible.Applying {
        public String name() { return "relu"; }
        public Fn fn() { return Fn.RELU; }
        public Tensor forward(Tensor... in) { return in[0].relu(); }
        public List<Node> vjp(Node out, Node g) { return List.of(g.mul(out.input(0).step())); }
        public Node jvp(Node out, List<Node> t) { return t.get(0).mul(out.input(0).step()); }
    }

    /** out = 1 if x &gt; 0 else 0, piecewise constant: no gradient. */
    record Step() implements Elementwise, NoGradient, Fusible.Applying {
        public String name() { return "step"; }
        public Fn fn() { return Fn.STEP; }
        public Tensor forward(Tensor... in) { return in[0].step(); }
    }

    /** out = x converted to {@code target}.  dx = g converted back to x's type.  tangent: ṫ converted to target */
    record Cast(DType target) implements Elementwise {
        public String name() { return "to"; }
        public DType dtype(DType[] in, Shape[] shapes) { return target; }
        public Tensor forward(Tensor... in) { return in[0].to(target); }
        public int emit(Pointwise.Builder k, DType type, int[] in) { return k.apply(Fn.CAST, target, in); }
        public List<Node> vjp(Node out, Node g) { return List.of(g.to(out.input(0).dtype())); }
        public Node jvp(Node out, List<Node> t) { return t.get(0).to(target); }
    }

    /** out = x, with no gradient flowing back (stop-gradient). */
    record StopGradient() implements Elementwise, NoGradient {
        public String name() { return "detach"; }
        public Tensor forward(Tensor... in) { return in[0]; }
        public int emit(Pointwise.Builder k, DType type, int[] in) { return in[0]; }
    }
}
