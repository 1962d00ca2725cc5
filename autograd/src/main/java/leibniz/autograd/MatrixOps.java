package leibniz.autograd;

import java.util.Arrays;
import java.util.List;
import leibniz.core.LinearAlgebra;
import leibniz.core.MatrixShapes;
import leibniz.core.Shape;
import leibniz.core.Tensor;

/**
 * The linear structural ops on the last two axes: a diagonal, a diagonal matrix, a triangle. Each is the
 * transpose of another (diagonal and diag) or of itself (a triangle), so each VJP is one op on g, and each
 * JVP the op itself on the tangent; a batch is one more leading axis of the stack.
 */
final class MatrixOps {
    private MatrixOps() {
    }

    /**
     * out[..., i] = A[..., i, i + offset].  dA = diag(g) placed on the same diagonal of A's shape.
     * tangent: diagonal(Ȧ)
     */
    record Diagonal(int offset) implements Op {
        public String name() { return "diagonal"; }

        public Shape shape(Shape... in) {
            Shape a = MatrixShapes.matrix("diagonal", in[0]);
            int k = MatrixShapes.diagonalLength(MatrixShapes.rows(a), MatrixShapes.cols(a), offset);
            if (k == 0) {
                throw new IllegalArgumentException("diagonal: " + a + " has no diagonal " + offset);
            }
            return MatrixShapes.of(MatrixShapes.batch(a), k);
        }

        public Tensor forward(Tensor... in) { return LinearAlgebra.diagonal(in[0], offset); }

        public List<Node> vjp(Node out, Node g) {
            Shape a = out.input(0).shape();
            return List.of(Node.apply(new DiagEmbed(offset, MatrixShapes.rows(a), MatrixShapes.cols(a)), g));
        }

        public Node jvp(Node out, List<Node> t) { return Node.apply(this, t.get(0)); }
        public Node batch(Node out, List<Node> in, boolean[] batched) { return Node.apply(this, in.get(0)); }
    }

    /**
     * out = the rows × cols matrices with v[..., i] at [i, i + offset], zeros elsewhere.  dv = diagonal(g, offset).
     * tangent: diag(v̇)
     */
    record DiagEmbed(int offset, int rows, int cols) implements Op {
        public String name() { return "diag"; }

        public Shape shape(Shape... in) {
            Shape v = in[0];
            if (v.rank() < 1) {
                throw new IllegalArgumentException("diag: needs a vector or a stack of vectors, got a scalar");
            }
            int k = v.dim(v.rank() - 1);
            int length = MatrixShapes.diagonalLength(rows, cols, offset);
            if (k == 0 || k != length) {
                throw new IllegalArgumentException("diag: " + v + ": " + k + " values do not fill diagonal " + offset
                        + " of a " + rows + " × " + cols + " matrix (" + length + " elements)");
            }
            return MatrixShapes.of(Shape.of(Arrays.copyOf(v.dims(), v.rank() - 1)), rows, cols);
        }

        public Tensor forward(Tensor... in) { return LinearAlgebra.diagEmbed(in[0], offset, rows, cols); }

        public List<Node> vjp(Node out, Node g) {
            return List.of(Node.apply(new Diagonal(offset), g));
        }

        public Node jvp(Node out, List<Node> t) { return Node.apply(this, t.get(0)); }
        public Node batch(Node out, List<Node> in, boolean[] batched) { return Node.apply(this, in.get(0)); }
    }

    /**
     * out = tril(A, offset) (entries with j − i ≤ offset) or, when {@code upper}, triu(A, offset) (j − i ≥
     * offset), zeros elsewhere.  dA = the same triangle of g.  tangent: the same triangle of Ȧ
     */
    record Triangle(boolean upper, int offset) implements Op {
        public String name() { return upper ? "triu" : "tril"; }
        public Shape shape(Shape... in) { return MatrixShapes.matrix(name(), in[0]); }
        public Tensor forward(Tensor... in) { return LinearAlgebra.triangle(in[0], upper, offset); }
        public List<Node> vjp(Node out, Node g) { return List.of(Node.apply(this, g)); }
        public Node jvp(Node out, List<Node> t) { return Node.apply(this, t.get(0)); }
        public Node batch(Node out, List<Node> in, boolean[] batched) { return Node.apply(this, in.get(0)); }
    }
}
