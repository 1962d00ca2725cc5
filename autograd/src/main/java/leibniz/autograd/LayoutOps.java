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
 * concat ↔ slices.
 */
final class LayoutOps {
    private LayoutOps() {
    }

    /** out = x viewed as {@code target}.  dx = reshape(g, shape x) */
    record Reshape(Shape target) implements BuiltIn {
        static Reshape of(Shape in, int[] dims) {
            return new Reshape(in.reshaped(dims));
        }

        public String name() { return "reshape"; }
        public Shape shape(Shape... in) { return in[0].reshaped(target.dims()); }
        public Tensor forward(Tensor... in) { return in[0].reshape(target); }
        public List<Node> vjp(Node out, Node g) { return List.of(g.reshape(out.input(0).shape())); }
    }

    /** out = x with axes reordered (out axis i = x axis order[i]).  dx = permute(g, order⁻¹) */
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

    /** out = x repeated to {@code target}.  dx = sumTo(g, shape x) */
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
    }

    /** out = x summed over the axes that broadcasting {@code target} to shape x adds or stretches.  dx = broadcastTo(g, shape x) */
    record SumTo(Shape target) implements Planned {
        public String name() { return "sumTo"; }

        public Shape shape(Shape... in) {
            if (!target.broadcastsTo(in[0])) {
                throw new IllegalArgumentException("sumTo: " + target + " does not broadcast to " + in[0]);
            }
            return target;
        }

        public Tensor forward(Tensor... in) { return in[0].sumTo(target); }
        public Tensor forward(Buffer out, Tensor... in) { return Kernels.sumTo(in[0], target, out); }
        public List<Node> vjp(Node out, Node g) { return List.of(g.broadcastTo(out.input(0).shape())); }
    }

    /**
     * out = x[start:end:step] along {@code axis}, bounds as Python's (negative from the end, clamped).
     * dx = g scattered back into zeros of shape x at the same positions (pad)
     */
    record Slice(int axis, int start, int end, int step) implements BuiltIn {
        public String name() { return "slice"; }
        public Shape shape(Shape... in) { return in[0].sliced(axis, start, end, step, "slice"); }
        public Tensor forward(Tensor... in) { return in[0].slice(axis, start, end, step); }

        public List<Node> vjp(Node out, Node g) {
            return List.of(Node.apply(new Pad(out.input(0).shape(), axis, start, end, step), g));
        }
    }

    /**
     * out = zeros of shape {@code target} holding x at target[start:end:step] along {@code axis} (a strided
     * scatter, PyTorch's {@code slice_scatter} into zeros).  dx = slice(g)
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
    }

    /** out = the inputs joined along {@code axis}.  d(input i) = g's slice at input i's position */
    record Concat(int axis) implements BuiltIn {
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

        public Tensor forward(Tensor... in) { return Tensor.concat(axis, in); }

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
    }
}
