package leibniz.autograd;

import java.util.List;
import leibniz.core.MatrixShapes;
import leibniz.core.Shape;
import leibniz.core.Tensor;

/**
 * How a decomposition with several outputs (qr, eigh, svd, slogdet) is one op: its forward packs the
 * outputs of each matrix into one flat last axis, {@code [..., size₀ + size₁ + …]}, and each output is a
 * slice of that node reshaped to its own trailing dimensions. The decomposition is computed once however
 * many outputs are used; the gradients of the outputs meet at the packed node (the slices' VJPs pad them
 * with zeros), so the op's VJP receives all of them in one {@code g} and splits it with the same slices.
 * Everything stays a graph node, so second derivatives need nothing more.
 */
record Packing(Shape batch, List<int[]> parts) {
    /** The packing of parts with the given trailing dimensions over {@code batch}. */
    static Packing of(Shape batch, int[]... parts) {
        return new Packing(batch, List.of(parts));
    }

    /** The shape of the packed tensor. */
    Shape shape() {
        int total = 0;
        for (int i = 0; i < parts.size(); i++) {
            total += size(i);
        }
        return MatrixShapes.of(batch, total);
    }

    /** The parts' values joined along the last axis. */
    Tensor pack(List<Tensor> values) {
        Tensor[] flat = new Tensor[values.size()];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = values.get(i).reshape(MatrixShapes.of(batch, size(i)));
        }
        return Tensor.concat(batch.rank(), flat);
    }

    /** The parts' nodes (of their own shapes, or broadcasting to them) joined as the packed node: a packed tangent. */
    Node pack(Node... values) {
        Node[] flat = new Node[values.length];
        for (int i = 0; i < flat.length; i++) {
            Node part = values[i].broadcastTo(MatrixShapes.of(batch, parts.get(i)));
            flat[i] = part.reshape(MatrixShapes.of(batch, size(i)));
        }
        return Node.concat(batch.rank(), flat);
    }

    /** Part {@code i} of the packed node, as a node of its own shape. */
    Node part(Node packed, int i) {
        int from = 0;
        for (int j = 0; j < i; j++) {
            from += size(j);
        }
        return packed.slice(batch.rank(), from, from + size(i)).reshape(MatrixShapes.of(batch, parts.get(i)));
    }

    /** Every part of the packed node, in order. */
    Node[] parts(Node packed) {
        Node[] out = new Node[parts.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = part(packed, i);
        }
        return out;
    }

    private int size(int i) {
        int s = 1;
        for (int d : parts.get(i)) {
            s *= d;
        }
        return s;
    }
}
