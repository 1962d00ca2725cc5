package leibniz.autograd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import leibniz.core.Buffer;
import leibniz.core.Kernels;
import leibniz.core.Shape;
import leibniz.core.Tensor;

/**
 * Ops that move values without arithmetic. All are linear, so each VJP is the transpose of the op:
 * reshape ↔ reshape back, permute ↔ inverse permute, broadcastTo ↔ sumTo, slice ↔ pad (a strided scatter),
 * concat ↔ slices; and each JVP is the op itself applied to the tangent. A batch moves the same way past
 * its leading batch axis.
 */
final class LayoutOps {
    private LayoutOps() {
    }

    /**
     * {@code target} with its 0 dimension, the nominal length of a dynamic axis ({@link Dynamic}), given the
     * length of {@code in}: for a static graph, where a 0 means an empty tensor, {@code target} itself.
     */
    static Shape lengthOf(Shape target, Shape in) {
        if (target.size() == in.size()) {
            return target;
        }
        int zero = -1;
        long rest = 1;
        for (int i = 0; i < target.rank(); i++) {
            if (target.dim(i) == 0 && zero < 0) {
                zero = i;
            } else {
                rest *= target.dim(i);
            }
        }
        return zero < 0 || rest == 0 ? target : target.withDim(zero, (int) (in.size() / rest));
    }

    /**
     * {@code target} with each 0 facing a dimension of {@code in} (aligned from the right) given that length:
     * a sum back to a dynamic axis ({@link Dynamic}). For a static graph, where a 0 can only face a 0,
     * {@code target} itself.
     */
    static Shape aligned(Shape target, Shape in) {
        Shape out = target;
        int shift = in.rank() - target.rank();
        for (int j = 0; j < target.rank(); j++) {
            int i = j + shift;
            if (target.dim(j) == 0 && i >= 0 && in.dim(i) > 0) {
                out = out.withDim(j, in.dim(i));
            }
        }
        return out;
    }

    /** out = x viewed as {@code target}.  dx = reshape(g, shape x).  tangent: reshape(ṫ, target) */
    record Reshape(Shape target) implements BuiltIn {
        static Reshape of(Shape in, int[] dims) {
            return new Reshape(in.reshaped(dims));
        }

        public String name() { return "reshape"; }
        public Shape shape(Shape... in) { return in[0].reshaped(target.dims()); }
        public Tensor forward(Tensor... in) { return in[0].reshape(lengthOf(target, in[0].shape())); }
        public List<Node> vjp(Node out, Node g) { return List.of(g.reshape(out.input(0).shape())); }
        public Node jvp(Node out, List<Node> t) { return Node.apply(this, t.get(0)); }

        public Node batch(Node out, List<Node> in, boolean[] batched) {
            Node x = in.get(0);
            return Node.apply(new Reshape(Batching.shape(x.shape().dim(0), target)), x);
        }
    }

    /**
     * out = x with axes reordered (out axis i = x axis order[i]).  dx = permute(g, order⁻¹).
     * tangent: permute(ṫ, order)
     */
    record Permute(int[] order) implements BuiltIn {
        public String name() { return "permute"; }
        public Shape shape(Shape... in) { return in[0].permuted(order); }
        public Tensor forward(Tensor... in) { return in[0].permute(order); }

        public List<Node> vjp(Node out, Node g) {
            int[] inverse = new int[order.length];
            for (int i = 0; i < order.length; i++) {
                inverse[order[i] < 0 ? order[i] + order.length : order[i]] = i;
            }
            return List.of(g.permute(inverse));
        }

        public Node jvp(Node out, List<Node> t) { return Node.apply(this, t.get(0)); }

        public Node batch(Node out, List<Node> in, boolean[] batched) {
            int[] shifted = new int[order.length + 1];
            for (int i = 0; i < order.length; i++) {
                shifted[i + 1] = (order[i] < 0 ? order[i] + order.length : order[i]) + 1;
            }
            return Node.apply(new Permute(shifted), in.get(0));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Permute p && Arrays.equals(order, p.order);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(order);
        }

        @Override
        public String toString() {
            return "Permute" + Arrays.toString(order);
        }
    }

    /** out = x repeated to {@code target}.  dx = sumTo(g, shape x).  tangent: broadcastTo(ṫ, target) */
    record BroadcastTo(Shape target) implements BuiltIn {
        public String name() { return "broadcastTo"; }

        public Shape shape(Shape... in) {
            if (!in[0].broadcastsTo(target)) {
                throw new IllegalArgumentException("broadcastTo: cannot broadcast " + in[0] + " to " + target);
            }
            return target;
        }

        public Tensor forward(Tensor... in) { return in[0].broadcastTo(target); }
        public List<Node> vjp(Node out, Node g) { return List.of(g.sumTo(out.input(0).shape())); }
        public Node jvp(Node out, List<Node> t) { return Node.apply(this, t.get(0)); }

        public Node batch(Node out, List<Node> in, boolean[] batched) {
            Node x = Batching.align(in.get(0), true, target.rank());
            return Node.apply(new BroadcastTo(Batching.shape(x.shape().dim(0), target)), x);
        }
    }

    /**
     * out = x summed over the axes that broadcasting {@code target} to shape x adds or stretches.
     * dx = broadcastTo(g, shape x).  tangent: sumTo(ṫ, target)
     */
    record SumTo(Shape target) implements Planned {
        public String name() { return "sumTo"; }

        public Shape shape(Shape... in) {
            if (!target.broadcastsTo(in[0])) {
                throw new IllegalArgumentException("sumTo: " + target + " does not broadcast to " + in[0]);
            }
            return target;
        }

        public Tensor forward(Tensor... in) { return in[0].sumTo(aligned(target, in[0].shape())); }
        // Planned only for a static target: a plan gives no buffer to a node of dynamic shape.
        public Tensor forward(Buffer out, Tensor... in) { return Kernels.sumTo(in[0], target, out); }

        public List<Node> vjp(Node out, Node g) {
            Node x = out.input(0);
            // A sum over a dynamic axis spreads back to x's length, known only when the program runs.
            return List.of(x.dynamicAxis() >= 0 && out.dynamicAxis() < 0
                    ? Node.apply(new Dynamic.BroadcastLike(), g, x.detach()) : g.broadcastTo(x.shape()));
        }

        public Node jvp(Node out, List<Node> t) { return Node.apply(this, t.get(0)); }

        /** The axes that broadcasting adds in front of target become size-1 axes after the batch axis, then go. */
        public Node batch(Node out, List<Node> in, boolean[] batched) {
            Node x = in.get(0);
            int size = x.shape().dim(0);
            Shape kept = target;
            for (int i = target.rank(); i < out.input(0).rank(); i++) {
                kept = kept.inserting(0, 1);
            }
            return Node.apply(new SumTo(Batching.shape(size, kept)), x).reshape(Batching.shape(size, target));
        }
    }

    /**
     * out = x[start:end:step] along {@code axis}, bounds as Python's (negative from the end, clamped).
     * dx = g scattered back into zeros of shape x at the same positions (pad).  tangent: ṫ[start:end:step]
     */
    record Slice(int axis, int start, int end, int step) implements BuiltIn {
        public String name() { return "slice"; }
        public Shape shape(Shape... in) { return in[0].sliced(axis, start, end, step, "slice"); }
        public Tensor forward(Tensor... in) { return in[0].slice(axis, start, end, step); }

        public List<Node> vjp(Node out, Node g) {
            return List.of(Node.apply(new Pad(out.input(0).shape(), axis, start, end, step), g));
        }

        public Node jvp(Node out, List<Node> t) { return Node.apply(this, t.get(0)); }

        public Node batch(Node out, List<Node> in, boolean[] batched) {
            return Node.apply(new Slice(axis + 1, start, end, step), in.get(0));
        }
    }

    /**
     * out = zeros of shape {@code target} holding x at target[start:end:step] along {@code axis} (a strided
     * scatter, PyTorch's {@code slice_scatter} into zeros).  dx = slice(g).  tangent: pad(ṫ)
     */
    record Pad(Shape target, int axis, int start, int end, int step) implements BuiltIn {
        public String name() { return "pad"; }

        public Shape shape(Shape... in) {
            Shape slot = target.sliced(axis, start, end, step, "pad");
            if (!in[0].equals(slot)) {
                throw new IllegalArgumentException("pad: " + in[0] + " does not fit the slice " + slot + " of " + target
                        + " along axis " + axis + " [" + start + ":" + end + ":" + step + "]");
            }
            return target;
        }

        public Tensor forward(Tensor... in) {
            return Tensor.zeros(target, in[0].dtype()).sliceScatter(in[0], axis, start, end, step);
        }

        public List<Node> vjp(Node out, Node g) { return List.of(Node.apply(new Slice(axis, start, end, step), g)); }
        public Node jvp(Node out, List<Node> t) { return Node.apply(this, t.get(0)); }

        public Node batch(Node out, List<Node> in, boolean[] batched) {
            Node x = in.get(0);
            return Node.apply(new Pad(Batching.shape(x.shape().dim(0), target), axis + 1, start, end, step), x);
        }
    }

    /**
     * out = the inputs joined along {@code axis}.  d(input i) = g's slice at input i's position.
     * tangent: the tangents joined (zeros for an input with none)
     */
    record Concat(int axis) implements Planned {
        public String name() { return "concat"; }

        public Shape shape(Shape... in) {
            long total = 0;
            for (Shape s : in) {
                if (s.rank() != in[0].rank() || !s.withDim(axis, 0).equals(in[0].withDim(axis, 0))) {
                    throw new IllegalArgumentException("concat: shapes " + Arrays.toString(in)
                            + " differ outside axis " + axis);
                }
                total += s.dim(axis);
            }
            if (total > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("concat: shapes " + Arrays.toString(in) + " joined along axis "
                        + axis + " have " + total + " there, more than a dimension holds (" + Integer.MAX_VALUE + ")");
            }
            int[] d = in[0].dims();
            d[axis] = (int) total;
            return Shape.of(d, "concat");
        }

        // Planned: a concat is new storage, so a program need not copy one it returns; hence one part is copied
        // too (Tensor.concat would return the part itself, which may be a buffer the program writes again).
        public Tensor forward(Tensor... in) { return in.length == 1 ? Plan.copy(in[0]) : Tensor.concat(axis, in); }
        public Tensor forward(Buffer out, Tensor... in) { return Kernels.concat(axis, in, out); }

        public List<Node> vjp(Node out, Node g) {
            List<Node> grads = new ArrayList<>(out.arity());
            int at = 0;
            for (Node x : out.inputs()) {
                int n = x.shape().dim(axis);
                grads.add(g.slice(axis, at, at + n));
                at += n;
            }
            return grads;
        }

        public Node jvp(Node out, List<Node> t) { return Node.apply(this, t.toArray(new Node[0])); }

        /** Parts shared by every example are repeated over the batch, since all parts must be batched alike. */
        public Node batch(Node out, List<Node> in, boolean[] batched) {
            int size = Batching.size(in, batched);
            Node[] parts = new Node[in.size()];
            for (int i = 0; i < parts.length; i++) {
                parts[i] = Batching.lift(in.get(i), batched[i], size);
            }
            return Node.apply(new Concat(axis + 1), parts);
        }
    }
}
