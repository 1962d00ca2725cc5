package leibniz.autograd;

import java.util.List;
import leibniz.core.DType;
import leibniz.core.Pointwise;
import leibniz.core.Pointwise.Fn;
import leibniz.core.Shape;
import leibniz.core.Tensor;

/**
 * Elementwise functions of two inputs with NumPy broadcasting. Each VJP returns gradients in the
 * broadcast output shape; the engine sums them back to each input's shape.
 */
final class BinaryOps {
    private BinaryOps() {
    }

    /** A broadcasting binary op. */
    interface Broadcasting extends Fusible {
        @Override
        default Shape shape(Shape... in) {
            return Shape.broadcast(in[0], in[1], name());
        }
    }

    /** out = a + b.  da = g,  db = g */
    record Add() implements Broadcasting, Fusible.Applying {
        public String name() { return "add"; }
        public Fn fn() { return Fn.ADD; }
        public Tensor forward(Tensor... in) { return in[0].add(in[1]); }
        public List<Node> vjp(Node out, Node g) { return List.of(g, g); }
    }

    /** out = a − b.  da = g,  db = −g */
    record Sub() implements Broadcasting, Fusible.Applying {
        public String name() { return "sub"; }
        public Fn fn() { return Fn.SUB; }
        public Tensor forward(Tensor... in) { return in[0].sub(in[1]); }
        public List<Node> vjp(Node out, Node g) { return List.of(g, g.neg()); }
    }

    /**
     * out = a + α·b for a scalar α, in one pass (PyTorch's {@code add(a, b, alpha=α)}; optimizers' updates).
     * da = g,  db = α g,  dα = Σ g ⊙ b
     */
    record AddScaled() implements Fusible.Applying {
        public String name() { return "addScaled"; }
        public Fn fn() { return Fn.ADD_SCALED; }

        /** Fused where a and b have the result's type: mixed types take another path in {@link Tensor#add(Tensor, double)}. */
        public boolean fusible(Node n) {
            return n.input(0).dtype() == n.dtype() && n.input(1).dtype() == n.dtype();
        }

        public Shape shape(Shape... in) {
            if (in[2].rank() != 0) {
                throw new IllegalArgumentException("addScaled: alpha must be a scalar, got shape " + in[2]);
            }
            return Shape.broadcast(in[0], in[1], "addScaled");
        }

        /** The type of a + b: α is a scalar and takes no part, as in {@link Tensor#add(Tensor, double)}. */
        public DType dtype(DType[] in, Shape[] shapes) {
            return DType.common(new DType[] {in[0], in[1]}, new Shape[] {shapes[0], shapes[1]});
        }

        public Tensor forward(Tensor... in) { return in[0].add(in[1], in[2].item()); }

        public List<Node> vjp(Node out, Node g) {
            Node b = out.input(1);
            Node alpha = out.input(2);
            return List.of(g, g.mul(alpha), g.mul(b));
        }
    }

    /** out = a ⊙ b.  da = g ⊙ b,  db = g ⊙ a */
    record Mul() implements Broadcasting, Fusible.Applying {
        public String name() { return "mul"; }
        public Fn fn() { return Fn.MUL; }
        public Tensor forward(Tensor... in) { return in[0].mul(in[1]); }
        public List<Node> vjp(Node out, Node g) {
            Node a = out.input(0);
            Node b = out.input(1);
            return List.of(g.mul(b), g.mul(a));
        }
    }

    /** out = a / b.  da = g / b,  db = −g ⊙ a / b² */
    record Div() implements Broadcasting, Fusible.Applying {
        public String name() { return "div"; }
        public Fn fn() { return Fn.DIV; }
        public Tensor forward(Tensor... in) { return in[0].div(in[1]); }
        public List<Node> vjp(Node out, Node g) {
            Node a = out.input(0);
            Node b = out.input(1);
            return List.of(g.div(b), g.mul(a).div(b.square()).neg());
        }
    }

    /**
     * out = a^b.  da = g ⊙ b ⊙ a^(b−1),  db = g ⊙ out ⊙ ln a. The engine asks for db only when b
     * depends on a differentiated input, so a constant exponent of a negative base costs no NaN.
     */
    record Pow() implements Broadcasting, Fusible.Applying {
        public String name() { return "pow"; }
        public Fn fn() { return Fn.POW; }
        public Tensor forward(Tensor... in) { return in[0].pow(in[1]); }
        public List<Node> vjp(Node out, Node g) {
            Node a = out.input(0);
            Node b = out.input(1);
            return List.of(g.mul(b).mul(a.pow(b.sub(1))), g.mul(out).mul(a.log()));
        }
    }

    /** out = max(a, b).  da = g ⊙ [a &gt; b] + g/2 ⊙ [a = b],  db likewise: ties split the gradient, as in PyTorch. */
    record Maximum() implements Broadcasting, Fusible.Applying {
        public String name() { return "maximum"; }
        public Fn fn() { return Fn.MAXIMUM; }
        public Tensor forward(Tensor... in) { return in[0].maximum(in[1]); }
        public List<Node> vjp(Node out, Node g) {
            Node a = out.input(0);
            Node b = out.input(1);
            Node half = a.eq(b).mul(0.5);
            return List.of(g.mul(a.gt(b).add(half)), g.mul(b.gt(a).add(half)));
        }
    }

    /** out = min(a, b).  da = g ⊙ [a &lt; b] + g/2 ⊙ [a = b],  db likewise. */
    record Minimum() implements Broadcasting, Fusible.Applying {
        public String name() { return "minimum"; }
        public Fn fn() { return Fn.MINIMUM; }
        public Tensor forward(Tensor... in) { return in[0].minimum(in[1]); }
        public List<Node> vjp(Node out, Node g) {
            Node a = out.input(0);
            Node b = out.input(1);
            Node half = a.eq(b).mul(0.5);
            return List.of(g.mul(a.lt(b).add(half)), g.mul(b.lt(a).add(half)));
        }
    }

    /** The comparisons, each giving 0 or 1. */
    enum Comparison { EQ, NE, LT, LE, GT, GE }

    /** out = [a ∘ b] for a comparison ∘, piecewise constant: no gradient. */
    record Compare(Comparison kind) implements Broadcasting, Fusible.Applying {
        public String name() {
            return kind.name().toLowerCase(java.util.Locale.ROOT);
        }

        public Fn fn() {
            return Fn.valueOf(kind.name());
        }

        public Tensor forward(Tensor... in) {
            return switch (kind) {
                case EQ -> in[0].eq(in[1]);
                case NE -> in[0].ne(in[1]);
                case LT -> in[0].lt(in[1]);
                case LE -> in[0].le(in[1]);
                case GT -> in[0].gt(in[1]);
                case GE -> in[0].ge(in[1]);
            };
        }

        public List<Node> vjp(Node out, Node g) {
            return List.of(Node.zeros(out.input(0).shape()), Node.zeros(out.input(1).shape()));
        }

        @Override
        public boolean differentiable() {
            return false;
        }
    }

    /** out = cond ? a : b.  dcond = 0,  da = where(cond, g, 0),  db = where(cond, 0, g) */
    record Where() implements Fusible.Applying {
        public String name() { return "where"; }
        public Fn fn() { return Fn.WHERE; }

        public Shape shape(Shape... in) {
            if (!Shape.compatible(in)) {
                throw new IllegalArgumentException("where: condition " + in[0] + ", a " + in[1] + " and b " + in[2]
                        + " do not broadcast together");
            }
            return Shape.broadcast(Shape.broadcast(in[0], in[1], "where"), in[2], "where");
        }

        /** The condition only selects: the values' types decide, as in {@link Tensor#where}. */
        public DType dtype(DType[] in, Shape[] shapes) {
            return DType.common(new DType[] {in[1], in[2]}, new Shape[] {shapes[1], shapes[2]});
        }

        public Tensor forward(Tensor... in) { return Tensor.where(in[0], in[1], in[2]); }

        public List<Node> vjp(Node out, Node g) {
            Node cond = out.input(0).detach();
            Node zero = Node.scalar(0, g.dtype());
            return List.of(Node.zeros(cond.shape()), Node.where(cond, g, zero), Node.where(cond, zero, g));
        }
    }

    /** out = min(max(x, lo), hi).  dx = g ⊙ [lo ≤ x ≤ hi] */
    record Clamp(double lo, double hi) implements Fusible {
        Clamp {
            if (!(lo <= hi)) {
                throw new IllegalArgumentException("clamp: lower bound " + lo + " exceeds upper bound " + hi);
            }
        }

        public String name() { return "clamp"; }
        public Shape shape(Shape... in) { return in[0]; }
        public Tensor forward(Tensor... in) { return in[0].clamp(lo, hi); }

        public int emit(Pointwise.Builder k, DType type, int[] in) {
            return k.apply(Fn.CLAMP, type, new double[] {lo, hi}, in);
        }

        public List<Node> vjp(Node out, Node g) {
            Node x = out.input(0);
            Node inside = x.ge(Node.scalar(lo, x.dtype())).mul(x.le(Node.scalar(hi, x.dtype())));
            return List.of(g.mul(inside));
        }
    }
}
