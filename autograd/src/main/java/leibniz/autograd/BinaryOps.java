package leibniz.autograd;

import java.util.List;
import leibniz.core.DType;
import leibniz.core.Pointwise;
import leibniz.core.Pointwise.Fn;
import leibniz.core.Shape;
import leibniz.core.Tensor;

/**
 * Elementwise functions of two inputs with NumPy broadcasting. Each VJP returns gradients in the
 * broadcast output shape; the engine sums them back to each input's shape. In each JVP, {@code ȧ} and
 * {@code ḃ} are the inputs' tangents (the symbolic zero where an input has none, which the products skip).
 * Batching gives a batched input size-1 axes after its batch axis, so that the batch never broadcasts
 * against an axis of the example.
 */
final class BinaryOps {
    private BinaryOps() {
    }

    /** A broadcasting op: each input aligned to the example's output rank, then the op as it is. */
    interface Broadcasting extends Fusible {
        @Override
        default Shape shape(Shape... in) {
            return Shape.broadcast(in[0], in[1], name());
        }

        @Override
        default Node batch(Node out, List<Node> in, boolean[] batched) {
            Node[] aligned = new Node[in.size()];
            for (int i = 0; i < aligned.length; i++) {
                aligned[i] = Batching.align(in.get(i), batched[i], out.rank());
            }
            return Node.apply(this, aligned);
        }
    }

    /** out = a + b.  da = g,  db = g.  tangent: ȧ + ḃ */
    record Add() implements Broadcasting, Fusible.Applying {
        public String name() { return "add"; }
        public Fn fn() { return Fn.ADD; }
        public Tensor forward(Tensor... in) { return in[0].add(in[1]); }
        public List<Node> vjp(Node out, Node g) { return List.of(g, g); }
        public Node jvp(Node out, List<Node> t) { return t.get(0).add(t.get(1)); }
    }

    /** out = a − b.  da = g,  db = −g.  tangent: ȧ − ḃ */
    record Sub() implements Broadcasting, Fusible.Applying {
        public String name() { return "sub"; }
        public Fn fn() { return Fn.SUB; }
        public Tensor forward(Tensor... in) { return in[0].sub(in[1]); }
        public List<Node> vjp(Node out, Node g) { return List.of(g, g.neg()); }
        public Node jvp(Node out, List<Node> t) { return t.get(0).sub(t.get(1)); }
    }

    /**
     * out = a + α·b for a scalar α, in one pass (PyTorch's {@code add(a, b, alpha=α)}; optimizers' updates).
     * da = g,  db = α g,  dα = Σ g ⊙ b.  tangent: ȧ + α ḃ + α̇ b. A batched α (one per example) cannot
     * be the op's scalar: the batch then computes {@code a + b ⊙ α} with α broadcast along the batch axis.
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

        public Node jvp(Node out, List<Node> t) {
            Node ab = t.get(1).isZero() ? t.get(0) : t.get(0).add(t.get(1), out.input(2));
            return ab.add(t.get(2).mul(out.input(1)));
        }

        public Node batch(Node out, List<Node> in, boolean[] batched) {
            Node a = Batching.align(in.get(0), batched[0], out.rank());
            Node b = Batching.align(in.get(1), batched[1], out.rank());
            if (!batched[2]) {
                return Node.apply(this, a, b, in.get(2));
            }
            return a.add(b.mul(Batching.align(in.get(2), true, out.rank())));
        }
    }

    /** out = a ⊙ b.  da = g ⊙ b,  db = g ⊙ a.  tangent: ȧ ⊙ b + a ⊙ ḃ */
    record Mul() implements Broadcasting, Fusible.Applying {
        public String name() { return "mul"; }
        public Fn fn() { return Fn.MUL; }
        public Tensor forward(Tensor... in) { return in[0].mul(in[1]); }
        public List<Node> vjp(Node out, Node g) {
            Node a = out.input(0);
            Node b = out.input(1);
            return List.of(g.mul(b), g.mul(a));
        }

        public Node jvp(Node out, List<Node> t) {
            return t.get(0).mul(out.input(1)).add(out.input(0).mul(t.get(1)));
        }
    }

    /** out = a / b.  da = g / b,  db = −g ⊙ a / b².  tangent: (ȧ − out ⊙ ḃ) / b */
    record Div() implements Broadcasting, Fusible.Applying {
        public String name() { return "div"; }
        public Fn fn() { return Fn.DIV; }
        public Tensor forward(Tensor... in) { return in[0].div(in[1]); }
        public List<Node> vjp(Node out, Node g) {
            Node a = out.input(0);
            Node b = out.input(1);
            return List.of(g.div(b), g.mul(a).div(b.square()).neg());
        }

        public Node jvp(Node out, List<Node> t) {
            Node db = out.mul(t.get(1));
            return (t.get(0).isZero() ? db.neg() : t.get(0).sub(db)).div(out.input(1));
        }
    }

    /**
     * out = a^b.  da = g ⊙ b ⊙ a^(b−1),  db = g ⊙ out ⊙ ln a.
     * tangent: ȧ ⊙ b ⊙ a^(b−1) + ḃ ⊙ out ⊙ ln a. The engines ask for db, and the tangent has the ln a term,
     * only when b depends on a differentiated input, so a constant exponent of a negative base costs no NaN.
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

        public Node jvp(Node out, List<Node> t) {
            Node a = out.input(0);
            Node b = out.input(1);
            Node da = t.get(0).isZero() ? t.get(0) : t.get(0).mul(b).mul(a.pow(b.sub(1)));
            return t.get(1).isZero() ? da : da.add(t.get(1).mul(out).mul(a.log()));
        }
    }

    /**
     * max or min of a and b. Each input's share of the output is 1 where it is selected and 1/2 at a tie, as
     * PyTorch splits the gradient: da = g ⊙ share_a,  db = g ⊙ share_b.  tangent: ȧ ⊙ share_a + ḃ ⊙ share_b
     */
    private interface Selection extends Broadcasting {
        /** 1 where a is selected over b and they differ: [a &gt; b] for max, [a &lt; b] for min. */
        Node selects(Node a, Node b);

        @Override
        default List<Node> vjp(Node out, Node g) {
            List<Node> s = shares(out);
            return List.of(g.mul(s.get(0)), g.mul(s.get(1)));
        }

        @Override
        default Node jvp(Node out, List<Node> t) {
            List<Node> s = shares(out);
            return t.get(0).mul(s.get(0)).add(t.get(1).mul(s.get(1)));
        }

        private List<Node> shares(Node out) {
            Node a = out.input(0);
            Node b = out.input(1);
            Node half = a.eq(b).mul(0.5);
            return List.of(selects(a, b).add(half), selects(b, a).add(half));
        }
    }

    /** out = max(a, b), a {@link Selection}: share_a = [a &gt; b] + [a = b]/2. */
    record Maximum() implements Selection, Fusible.Applying {
        public String name() { return "maximum"; }
        public Fn fn() { return Fn.MAXIMUM; }
        public Tensor forward(Tensor... in) { return in[0].maximum(in[1]); }
        public Node selects(Node a, Node b) { return a.gt(b); }
    }

    /** out = min(a, b), a {@link Selection}: share_a = [a &lt; b] + [a = b]/2. */
    record Minimum() implements Selection, Fusible.Applying {
        public String name() { return "minimum"; }
        public Fn fn() { return Fn.MINIMUM; }
        public Tensor forward(Tensor... in) { return in[0].minimum(in[1]); }
        public Node selects(Node a, Node b) { return a.lt(b); }
    }

    /** The comparisons, each giving 0 or 1. */
    enum Comparison { EQ, NE, LT, LE, GT, GE }

    /** out = [a ∘ b] for a comparison ∘, piecewise constant: no gradient. */
    record Compare(Comparison kind) implements Broadcasting, NoGradient, Fusible.Applying {
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

    }

    /**
     * out = cond ? a : b.  dcond = 0,  da = where(cond, g, 0),  db = where(cond, 0, g).
     * tangent: where(cond, ȧ, ḃ)
     */
    record Where() implements Broadcasting, Fusible.Applying {
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

        public Node jvp(Node out, List<Node> t) {
            return Node.where(out.input(0).detach(), t.get(1), t.get(2));
        }
    }

    /** out = min(max(x, lo), hi).  dx = g ⊙ [lo ≤ x ≤ hi].  tangent: ṫ ⊙ [lo ≤ x ≤ hi] */
    record Clamp(double lo, double hi) implements BuiltIn, Fusible {
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

        public List<Node> vjp(Node out, Node g) { return List.of(g.mul(inside(out.input(0)))); }
        public Node jvp(Node out, List<Node> t) { return t.get(0).mul(inside(out.input(0))); }
        public Node batch(Node out, List<Node> in, boolean[] batched) { return Node.apply(this, in.get(0)); }

        private Node inside(Node x) {
            return x.ge(Node.scalar(lo, x.dtype())).mul(x.le(Node.scalar(hi, x.dtype())));
        }
    }
}
