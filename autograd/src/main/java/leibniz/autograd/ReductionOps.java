package leibniz.autograd;

import java.util.List;
import leibniz.core.Buffer;
import leibniz.core.Kernels;
import leibniz.core.Shape;
import leibniz.core.Tensor;

/**
 * Reductions over all elements, one axis or several, one record each. Every record holds the reduced
 * axes ({@link Axes}); the shape rule and {@link Reduction#spread}, which repeats a reduced node back over
 * the reduced axes, are shared. In each VJP, {@code x} is the input, {@code out} the output, {@code g} the
 * incoming gradient, {@code n} the number of elements reduced into each output, and {@code spread(·)}
 * undoes the reduction's shape; in each JVP, {@code ṫ} is the input's tangent and {@code Σ} the sum over the
 * same axes. A batch reduces the same axes of each example, shifted past the batch axis.
 */
final class ReductionOps {
    private ReductionOps() {
    }

    /** A reduction over {@link #axes()}: the output shape and the spreading of gradients back. */
    interface Reduction extends BuiltIn {
        /** The reduced axes of the input. */
        Axes axes();

        @Override
        default Shape shape(Shape... in) {
            return axes().reduce(in[0], name());
        }

        /** {@code reduced}, of this reduction's output shape, repeated over the reduced axes to {@code input}. */
        default Node spread(Node reduced, Shape input) {
            return reduced.reshape(axes().kept(input)).broadcastTo(input);
        }

        /** {@code x}'s mean over the reduced axes, kept as size 1, so that {@code x − mean} broadcasts. */
        default Node mean(Node x) {
            return Node.apply(new Mean(axes().keeping()), x);
        }

        /** {@code Σ v} over the reduced axes, of the output's shape: what a tangent reduces to. */
        default Node total(Node v) {
            return Node.apply(new Sum(axes()), v);
        }

        /** This reduction over {@code axes}, its other attributes unchanged. */
        Reduction over(Axes axes);

        /**
         * The reduction of each example: the axes shifted past the batch axis. Reducing every axis of a scalar
         * names no axis, which a batch cannot say, so a size-1 axis is added and reduced instead.
         */
        @Override
        default Node batch(Node out, List<Node> in, boolean[] batched) {
            if (axes().list().length == 0) {
                return Node.apply(over(new Axes(2, new int[] {1}, false)), in.get(0).unsqueeze(1));
            }
            return Node.apply(over(axes().batched()), in.get(0));
        }
    }

    /** A reduction a compiled program writes into a buffer of its memory plan. */
    interface Computed extends Reduction, Planned {
        /** The kernel computing it. */
        Kernels.Reduction kernel();

        /** The variance's and the deviation's correction; 0 for the others. */
        default double correction() {
            return 0;
        }

        @Override
        default Tensor forward(Buffer out, Tensor... in) {
            return Kernels.reduce(in[0], kernel(), axes().list(), axes().keepDims(), correction(), out);
        }
    }

    /** Where an extremum is refused: max, min and their indices have no value for no elements. */
    interface Extremum extends Reduction {
        /** "maximum" or "minimum", for the refusal. */
        String extremum();

        @Override
        default Shape shape(Shape... in) {
            axes().requireElements(in[0], name(), extremum());
            return Reduction.super.shape(in);
        }
    }

    /** out = Σ x.  dx = spread(g).  tangent: Σ ṫ */
    record Sum(Axes axes) implements Computed {
        public Kernels.Reduction kernel() { return Kernels.Reduction.SUM; }
        public String name() { return "sum"; }
        public Sum over(Axes a) { return new Sum(a); }
        public Tensor forward(Tensor... in) { return in[0].sum(axes.list(), axes.keepDims()); }
        public List<Node> vjp(Node out, Node g) { return List.of(spread(g, out.input(0).shape())); }
        public Node jvp(Node out, List<Node> t) { return Node.apply(this, t.get(0)); }
    }

    /** out = Σ x / n.  dx = spread(g) / n.  tangent: Σ ṫ / n */
    record Mean(Axes axes) implements Computed {
        public Kernels.Reduction kernel() { return Kernels.Reduction.MEAN; }
        public String name() { return "mean"; }
        public Mean over(Axes a) { return new Mean(a); }
        public Node jvp(Node out, List<Node> t) { return Node.apply(this, t.get(0)); }
        public Tensor forward(Tensor... in) { return in[0].mean(axes.list(), axes.keepDims()); }
        public List<Node> vjp(Node out, Node g) {
            Shape x = out.input(0).shape();
            return List.of(spread(g, x).div(axes.count(x)));
        }
    }

    /**
     * out = max x.  dx = spread(g / Σ m) ⊙ m,  m = [x = spread(out)]: ties share the gradient evenly.
     * tangent: Σ (ṫ ⊙ m) / Σ m, the mean tangent of the tied maxima
     */
    record Max(Axes axes) implements Extremum, Computed {
        public Kernels.Reduction kernel() { return Kernels.Reduction.MAX; }
        public String name() { return "max"; }
        public String extremum() { return "maximum"; }
        public Max over(Axes a) { return new Max(a); }
        public Tensor forward(Tensor... in) { return in[0].max(axes.list(), axes.keepDims()); }
        public List<Node> vjp(Node out, Node g) { return List.of(Extrema.vjp(this, out, g)); }
        public Node jvp(Node out, List<Node> t) { return Extrema.jvp(this, out, t.get(0)); }
    }

    /**
     * out = min x.  dx = spread(g / Σ m) ⊙ m,  m = [x = spread(out)]: ties share the gradient evenly.
     * tangent: Σ (ṫ ⊙ m) / Σ m
     */
    record Min(Axes axes) implements Extremum, Computed {
        public Kernels.Reduction kernel() { return Kernels.Reduction.MIN; }
        public String name() { return "min"; }
        public String extremum() { return "minimum"; }
        public Min over(Axes a) { return new Min(a); }
        public Tensor forward(Tensor... in) { return in[0].min(axes.list(), axes.keepDims()); }
        public List<Node> vjp(Node out, Node g) { return List.of(Extrema.vjp(this, out, g)); }
        public Node jvp(Node out, List<Node> t) { return Extrema.jvp(this, out, t.get(0)); }
    }

    /** The VJP and JVP shared by max and min. */
    private static final class Extrema {
        private Extrema() {
        }

        static Node vjp(Reduction r, Node out, Node g) {
            Node x = out.input(0);
            Node mask = mask(r, out);
            return r.spread(g.div(r.total(mask)), x.shape()).mul(mask);
        }

        static Node jvp(Reduction r, Node out, Node t) {
            Node mask = mask(r, out);
            return r.total(t.mul(mask)).div(r.total(mask));
        }

        /** 1 where x attains the extremum of its slice. */
        private static Node mask(Reduction r, Node out) {
            Node x = out.input(0);
            return x.eq(r.spread(out, x.shape()));
        }
    }

    /**
     * out = ln Σ e^x, computed stably.  dx = spread(g) ⊙ e^(x − spread(out)).
     * tangent: Σ ṫ ⊙ e^(x − spread(out))
     */
    record LogSumExp(Axes axes) implements Computed {
        public Kernels.Reduction kernel() { return Kernels.Reduction.LOGSUMEXP; }
        public String name() { return "logsumexp"; }
        public LogSumExp over(Axes a) { return new LogSumExp(a); }
        public Tensor forward(Tensor... in) { return in[0].logsumexp(axes.list(), axes.keepDims()); }
        public List<Node> vjp(Node out, Node g) {
            Node x = out.input(0);
            return List.of(spread(g, x.shape()).mul(softmax(out)));
        }

        public Node jvp(Node out, List<Node> t) { return total(t.get(0).mul(softmax(out))); }

        private Node softmax(Node out) {
            Node x = out.input(0);
            return x.sub(spread(out, x.shape())).exp();
        }
    }

    /**
     * out = Σ (x − mean x)² / max(0, n − c) for a correction c (0: population, 1: unbiased).
     * dx = spread(g) ⊙ 2 (x − mean x) / (n − c).  tangent: 2 Σ (ṫ ⊙ (x − mean x)) / (n − c)
     */
    record Variance(Axes axes, double correction) implements Computed {
        public Kernels.Reduction kernel() { return Kernels.Reduction.VARIANCE; }
        public String name() { return "variance"; }
        public Variance over(Axes a) { return new Variance(a, correction); }
        public Tensor forward(Tensor... in) { return in[0].variance(axes.list(), correction, axes.keepDims()); }
        public List<Node> vjp(Node out, Node g) {
            Node x = out.input(0);
            double dof = Math.max(0, axes.count(x.shape()) - correction);
            return List.of(spread(g, x.shape()).mul(x.sub(mean(x))).mul(2 / dof));
        }

        public Node jvp(Node out, List<Node> t) {
            Node x = out.input(0);
            double dof = Math.max(0, axes.count(x.shape()) - correction);
            return total(t.get(0).mul(x.sub(mean(x)))).mul(2 / dof);
        }
    }

    /**
     * out = √variance(x, c).  dx = spread(g / out) ⊙ (x − mean x) / (n − c), and 0 where out = 0, as PyTorch
     * defines it (the true derivative is infinite there, or undefined). The division reads a denominator of
     * 1 where out = 0, so that no 0/0 enters the graph and second derivatives stay finite too.
     * tangent: Σ (ṫ ⊙ (x − mean x)) / ((n − c) out), and 0 where out = 0
     */
    record Std(Axes axes, double correction) implements Computed {
        public Kernels.Reduction kernel() { return Kernels.Reduction.STD; }
        public String name() { return "std"; }
        public Std over(Axes a) { return new Std(a, correction); }
        public Tensor forward(Tensor... in) { return in[0].std(axes.list(), correction, axes.keepDims()); }
        public List<Node> vjp(Node out, Node g) {
            Node x = out.input(0);
            double dof = Math.max(0, axes.count(x.shape()) - correction);
            return List.of(spread(perOut(out, g), x.shape()).mul(x.sub(mean(x))).div(dof));
        }

        public Node jvp(Node out, List<Node> t) {
            Node x = out.input(0);
            double dof = Math.max(0, axes.count(x.shape()) - correction);
            return perOut(out, total(t.get(0).mul(x.sub(mean(x))))).div(dof);
        }

        /** {@code v / out}, and 0 where out = 0. */
        private static Node perOut(Node out, Node v) {
            Node zero = out.eq(Node.scalar(0, out.dtype())).detach();
            Node safe = Node.where(zero, Node.scalar(1, out.dtype()), out);
            return Node.where(zero, Node.scalar(0, v.dtype()), v.div(safe));
        }
    }

    /** out = the index of the largest element (flat over all axes, or along one); piecewise constant: no gradient. */
    record ArgMax(Axes axes) implements Extremum, Flat {
        public String name() { return "argmax"; }
        public String extremum() { return "maximum"; }
        public ArgMax over(Axes a) { return new ArgMax(a); }
        public Tensor forward(Tensor... in) {
            return axes.flat() ? in[0].argmax() : in[0].argmax(axes.single(), axes.keepDims());
        }
    }

    /** out = the index of the smallest element (flat over all axes, or along one); piecewise constant: no gradient. */
    record ArgMin(Axes axes) implements Extremum, Flat {
        public String name() { return "argmin"; }
        public String extremum() { return "minimum"; }
        public ArgMin over(Axes a) { return new ArgMin(a); }
        public Tensor forward(Tensor... in) {
            return axes.flat() ? in[0].argmin() : in[0].argmin(axes.single(), axes.keepDims());
        }
    }

    /**
     * An arg-reduction: no gradient, so its VJP and JVP are the symbolic zero. Its flat index over every
     * element of an example becomes an index over the example flattened to one axis.
     */
    private interface Flat extends Reduction, NoGradient {
        @Override
        default Node batch(Node out, List<Node> in, boolean[] batched) {
            if (!axes().flat()) {
                return Reduction.super.batch(out, in, batched);
            }
            Node x = in.get(0);
            return Node.apply(over(new Axes(2, new int[] {1}, false)), x.reshape(x.shape().dim(0), -1));
        }
    }
}
