package leibniz.autograd;

import java.util.List;
import leibniz.core.DType;
import leibniz.core.Shape;
import leibniz.core.Tensor;

/** Ops that pick or place values by integer indices. Indices are data, never differentiated. */
final class IndexOps {
    private IndexOps() {
    }

    /** The shape {@code x[:axis] + indices + x[axis+1:]} shared by gather's output and scatter-add's updates. */
    static Shape taken(Shape x, int axis, Shape indices) {
        int[] d = new int[x.rank() - 1 + indices.rank()];
        int i = 0;
        for (int k = 0; k < axis; k++) {
            d[i++] = x.dim(k);
        }
        for (int k = 0; k < indices.rank(); k++) {
            d[i++] = indices.dim(k);
        }
        for (int k = axis + 1; k < x.rank(); k++) {
            d[i++] = x.dim(k);
        }
        return Shape.of(d);
    }

    /** out = x[..., indices, ...] along {@code axis}.  dx = scatterAdd(shape x, axis, indices, g),  dindices = 0 */
    record Gather(int axis) implements BuiltIn {
        public String name() { return "gather"; }
        public Shape shape(Shape... in) { return taken(in[0], axis, in[1]); }
        public DType dtype(DType[] in, Shape[] shapes) { return in[0]; } // the indices' type plays no part
        public Tensor forward(Tensor... in) { return in[0].gather(axis, in[1]); }

        public List<Node> vjp(Node out, Node g) {
            Node x = out.input(0);
            Node indices = out.input(1);
            return List.of(Node.scatterAdd(x.shape(), axis, indices.detach(), g), Node.zeros(indices.shape()));
        }
    }

    /** out = zeros(shape) with updates added at indices along {@code axis}.  dindices = 0,  dupdates = gather(g, axis, indices) */
    record ScatterAdd(Shape target, int axis) implements BuiltIn {
        public String name() { return "scatterAdd"; }

        public Shape shape(Shape... in) {
            Shape expected = taken(target, axis, in[0]);
            if (!expected.equals(in[1])) {
                throw new IllegalArgumentException("scatterAdd: updates of shape " + in[1] + " do not fit indices "
                        + in[0] + " along axis " + axis + " of " + target + " (expected " + expected + ")");
            }
            return target;
        }

        public DType dtype(DType[] in, Shape[] shapes) { return in[1]; } // the updates' type
        public Tensor forward(Tensor... in) { return Tensor.scatterAdd(target, axis, in[0], in[1]); }

        public List<Node> vjp(Node out, Node g) {
            Node indices = out.input(0);
            return List.of(Node.zeros(indices.shape()), g.gather(axis, indices.detach()));
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
        public Shape shape(Shape... in) { return in[0].inserting(in[0].rank(), classes); }
        public DType dtype(DType[] in, Shape[] shapes) { return DType.F64; } // rows of 0 and 1, as Tensor.oneHot
        public Tensor forward(Tensor... in) { return Tensor.oneHot(in[0], classes); }
        public List<Node> vjp(Node out, Node g) { return List.of(Node.zeros(out.input(0).shape())); }

        @Override
        public boolean differentiable() {
            return false;
        }
    }
}
