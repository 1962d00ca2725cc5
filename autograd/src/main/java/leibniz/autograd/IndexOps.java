package leibniz.autograd;

import java.util.List;
import leibniz.core.DType;
import leibniz.core.Shape;
import leibniz.core.Tensor;

/**
 * Ops that pick or place values by integer indices. Indices are data, never differentiated: each op
 * gives them the symbolic zero. Two pairs of mutual transposes: {@code indexSelect} (PyTorch's
 * {@code index_select}, NumPy's {@code take}) with {@code indexAdd}, and {@code gather} (PyTorch's, NumPy's
 * {@code take_along_axis}) with {@code scatterAdd}.
 */
final class IndexOps {
    private IndexOps() {
    }

    /** The shape {@code x[:axis] + indices + x[axis+1:]} of indexSelect's output and indexAdd's updates. */
    static Shape taken(Shape x, int axis, Shape indices) {
        return x.taken(axis, indices, "indexSelect");
    }

    /** out = x[..., indices, ...] along {@code axis}.  dx = indexAdd(shape x, axis, indices, g),  dindices = 0 */
    record IndexSelect(int axis) implements BuiltIn {
        public String name() { return "indexSelect"; }
        public Shape shape(Shape... in) { return in[0].taken(axis, in[1], "indexSelect"); }
        public DType dtype(DType[] in, Shape[] shapes) { return in[0]; } // the indices' type plays no part
        public Tensor forward(Tensor... in) { return in[0].indexSelect(axis, in[1]); }

        public List<Node> vjp(Node out, Node g) {
            Node x = out.input(0);
            Node indices = out.input(1);
            return List.of(Node.indexAdd(x.shape(), axis, indices.detach(), g), Node.zeros(indices.shape()));
        }
    }

    /** out = zeros(target), updates added at indices along {@code axis}.  dindices = 0,  dupdates = indexSelect(g) */
    record IndexAdd(Shape target, int axis) implements BuiltIn {
        public String name() { return "indexAdd"; }

        public Shape shape(Shape... in) {
            Shape expected = target.taken(axis, in[0], "indexAdd");
            if (!expected.equals(in[1])) {
                throw new IllegalArgumentException("indexAdd: updates of shape " + in[1] + " do not fit indices "
                        + in[0] + " along axis " + axis + " of " + target + " (expected " + expected + ")");
            }
            return target;
        }

        public DType dtype(DType[] in, Shape[] shapes) { return in[1]; } // the updates' type
        public Tensor forward(Tensor... in) { return Tensor.indexAdd(target, axis, in[0], in[1]); }

        public List<Node> vjp(Node out, Node g) {
            Node indices = out.input(0);
            return List.of(Node.zeros(indices.shape()), g.indexSelect(axis, indices.detach()));
        }
    }

    /**
     * out[i] = x[i with coordinate axis replaced by index[i]], of the index's shape (PyTorch's gather).
     * dx = scatterAdd(shape x, axis, index, g),  dindex = 0
     */
    record Gather(int axis) implements BuiltIn {
        public String name() { return "gather"; }
        public Shape shape(Shape... in) { return in[0].gathered(axis, in[1], "gather"); }
        public DType dtype(DType[] in, Shape[] shapes) { return in[0]; }
        public Tensor forward(Tensor... in) { return in[0].gather(axis, in[1]); }

        public List<Node> vjp(Node out, Node g) {
            Node x = out.input(0);
            Node index = out.input(1);
            return List.of(Node.scatterAdd(x.shape(), axis, index.detach(), g), Node.zeros(index.shape()));
        }
    }

    /**
     * out = zeros(target) with out[i with coordinate axis replaced by index[i]] += src[i] (PyTorch's
     * scatter_add); src may be larger than the index, and only the part it covers is read.
     * dindex = 0,  dsrc = gather(g, axis, index), padded with zeros to src's shape where src is larger
     */
    record ScatterAdd(Shape target, int axis) implements BuiltIn {
        public String name() { return "scatterAdd"; }
        public Shape shape(Shape... in) { return target.scattered(axis, in[0], in[1], "scatterAdd"); }
        public DType dtype(DType[] in, Shape[] shapes) { return in[1]; } // the source's type
        public Tensor forward(Tensor... in) { return Tensor.scatterAdd(target, axis, in[0], in[1]); }

        public List<Node> vjp(Node out, Node g) {
            Node index = out.input(0);
            Shape src = out.input(1).shape();
            Node dsrc = g.gather(axis, index.detach());
            for (int d = 0; d < src.rank(); d++) {
                if (dsrc.shape().dim(d) < src.dim(d)) {
                    Shape padded = dsrc.shape().withDim(d, src.dim(d));
                    dsrc = Node.apply(new LayoutOps.Pad(padded, d, 0, dsrc.shape().dim(d), 1), dsrc);
                }
            }
            return List.of(Node.zeros(index.shape()), dsrc);
        }
    }

    /** out = a new last axis of size {@code classes} with a 1 at each index: piecewise constant, no gradient. */
    record OneHot(int classes) implements BuiltIn {
        OneHot {
            if (classes < 1) {
                throw new IllegalArgumentException("oneHot: needs at least 1 class, got " + classes);
            }
        }

        public String name() { return "oneHot"; }

        public Shape shape(Shape... in) {
            int[] d = java.util.Arrays.copyOf(in[0].dims(), in[0].rank() + 1);
            d[in[0].rank()] = classes;
            return Shape.of(d, "oneHot");
        }

        public DType dtype(DType[] in, Shape[] shapes) { return DType.F64; } // rows of 0 and 1, as Tensor.oneHot
        public Tensor forward(Tensor... in) { return Tensor.oneHot(in[0], classes); }
        public List<Node> vjp(Node out, Node g) { return List.of(Node.zeros(out.input(0).shape())); }

        @Override
        public boolean differentiable() {
            return false;
        }
    }
}
