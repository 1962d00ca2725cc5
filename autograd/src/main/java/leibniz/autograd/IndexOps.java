package leibniz.autograd;

import java.util.List;
import leibniz.core.DType;
import leibniz.core.Shape;
import leibniz.core.Tensor;

/**
 * Ops that pick or place values by integer indices. Indices are data, never differentiated: each op
 * gives them the symbolic zero. Two pairs of mutual transposes: {@code indexSelect} (PyTorch's
 * {@code index_select}, NumPy's {@code take}) with {@code indexAdd}, and {@code gather} (PyTorch's, NumPy's
 * {@code take_along_axis}) with {@code scatterAdd}. Linear in their values, so each JVP is the op applied to
 * the values' tangent. A batch whose indices are shared shifts the axis past the batch axis; a batch of
 * indices, one set per example, becomes a gather (or scatter) along the axis, with each example's indices
 * spread over the axes before and after it.
 */
final class IndexOps {
    private IndexOps() {
    }

    /** {@code tangent}, or the symbolic zero when the values have none (only the indices moved, which is no move). */
    private static Node valuesOnly(Node out, Node values, Node tangent) {
        return values.isZero() ? Node.zeros(out.shape(), out.dtype()) : tangent;
    }

    /** The shape {@code x[:axis] + indices + x[axis+1:]} of indexSelect's output and indexAdd's updates. */
    static Shape taken(Shape x, int axis, Shape indices) {
        return x.taken(axis, indices, "indexSelect");
    }

    /**
     * out = x[..., indices, ...] along {@code axis}.  dx = indexAdd(shape x, axis, indices, g),  dindices = 0.
     * tangent: ẋ[..., indices, ...]
     */
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

        public Node jvp(Node out, List<Node> t) {
            return valuesOnly(out, t.get(0), Node.apply(this, t.get(0), out.input(1)));
        }

        public Node batch(Node out, List<Node> in, boolean[] batched) {
            int size = Batching.size(in, batched);
            Node x = Batching.lift(in.get(0), batched[0], size);
            if (!batched[1]) {
                return Node.apply(new IndexSelect(axis + 1), x, in.get(1));
            }
            Shape s = out.input(0).shape();
            Spread spread = new Spread(size, s.sizeBetween(0, axis), s.dim(axis), s.sizeBetween(axis + 1, s.rank()),
                    out.input(1).shape().size());
            Node gathered = x.reshape(spread.whole()).gather(2, spread.indices(in.get(1)));
            return gathered.reshape(Batching.shape(size, out.shape()));
        }
    }

    /**
     * out = zeros(target), updates added at indices along {@code axis}.  dindices = 0,  dupdates = indexSelect(g).
     * tangent: indexAdd(target, axis, indices, u̇)
     */
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

        public Node jvp(Node out, List<Node> t) {
            return valuesOnly(out, t.get(1), Node.apply(this, out.input(0), t.get(1)));
        }

        public Node batch(Node out, List<Node> in, boolean[] batched) {
            int size = Batching.size(in, batched);
            Node updates = Batching.lift(in.get(1), batched[1], size);
            if (!batched[0]) {
                return Node.apply(new IndexAdd(Batching.shape(size, target), axis + 1), in.get(0), updates);
            }
            Spread spread = new Spread(size, target.sizeBetween(0, axis), target.dim(axis),
                    target.sizeBetween(axis + 1, target.rank()), out.input(0).shape().size());
            return Node.scatterAdd(spread.whole(), 2, spread.indices(in.get(0)), updates.reshape(spread.taken()))
                    .reshape(Batching.shape(size, target));
        }
    }

    /**
     * A batch of tensors seen as {@code [B, before, n, after]} around the indexed axis of length n, and a batch of
     * m indices per example spread to {@code [B, before, m, after]}: indexSelect and indexAdd with indices per
     * example become gather and scatterAdd along axis 2.
     */
    private record Spread(int size, int before, int n, int after, int m) {
        Shape whole() {
            return Shape.of(size, before, n, after);
        }

        Shape taken() {
            return Shape.of(size, before, m, after);
        }

        Node indices(Node batched) {
            return batched.reshape(size, 1, m, 1).broadcastTo(taken());
        }
    }

    /**
     * out[i] = x[i with coordinate axis replaced by index[i]], of the index's shape (PyTorch's gather).
     * dx = scatterAdd(shape x, axis, index, g),  dindex = 0.  tangent: gather(ẋ, axis, index)
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

        public Node jvp(Node out, List<Node> t) {
            return valuesOnly(out, t.get(0), Node.apply(this, t.get(0), out.input(1)));
        }

        /** x and the index have one rank, so both carry the batch axis (repeated where shared). */
        public Node batch(Node out, List<Node> in, boolean[] batched) {
            int size = Batching.size(in, batched);
            return Node.apply(new Gather(axis + 1), Batching.lift(in.get(0), batched[0], size),
                    Batching.lift(in.get(1), batched[1], size));
        }
    }

    /**
     * out = zeros(target) with out[i with coordinate axis replaced by index[i]] += src[i] (PyTorch's
     * scatter_add); src may be larger than the index, and only the part it covers is read.
     * dindex = 0,  dsrc = gather(g, axis, index), padded with zeros to src's shape where src is larger.
     * tangent: scatterAdd(target, axis, index, ṡrc)
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

        public Node jvp(Node out, List<Node> t) {
            return valuesOnly(out, t.get(1), Node.apply(this, out.input(0), t.get(1)));
        }

        public Node batch(Node out, List<Node> in, boolean[] batched) {
            int size = Batching.size(in, batched);
            return Node.apply(new ScatterAdd(Batching.shape(size, target), axis + 1),
                    Batching.lift(in.get(0), batched[0], size), Batching.lift(in.get(1), batched[1], size));
        }
    }

    /** out = a new last axis of size {@code classes} with a 1 at each index: piecewise constant, no gradient. */
    record OneHot(int classes) implements BuiltIn, NoGradient {
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
        public Node batch(Node out, List<Node> in, boolean[] batched) { return Node.apply(this, in.get(0)); }
    }
}
