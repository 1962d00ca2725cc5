package leibniz.autograd;

import java.util.List;
import leibniz.core.LinearAlgebra;
import leibniz.core.MatrixShapes;
import leibniz.core.Shape;
import leibniz.core.Tensor;

/**
 * Inverses, solves, determinants, the pseudo-inverse and the matrix exponential, on the last two axes of
 * a stack. Derivatives from Giles (2008), "An extended collection of matrix derivative results for
 * forward and reverse mode automatic differentiation" (§ numbers below); {@code Xᵀ} swaps the last two axes.
 */
final class LinalgOps {
    private LinalgOps() {
    }

    /** out = A⁻¹.  dA = −outᵀ · g · outᵀ (Giles 2008, §2.2.1) */
    record Inverse() implements Op {
        public String name() { return "inv"; }
        public Shape shape(Shape... in) { return MatrixShapes.square("inv", in[0]); }
        public Tensor forward(Tensor... in) { return LinearAlgebra.inv(in[0]); }

        public List<Node> vjp(Node out, Node g) {
            Node t = out.transpose();
            return List.of(t.matmul(g).matmul(t).neg());
        }
    }

    /** X = A⁻¹B, batches broadcast.  dB = A⁻ᵀ g,  dA = −dB · Xᵀ (Giles 2008, §2.3.1) */
    record Solve() implements Op {
        public String name() { return "solve"; }
        public Shape shape(Shape... in) { return MatrixShapes.solve("solve", in[0], in[1]); }
        public Tensor forward(Tensor... in) { return LinearAlgebra.solve(in[0], in[1]); }

        public List<Node> vjp(Node out, Node g) {
            Node db = Node.apply(new Solve(), out.input(0).transpose(), g);
            return List.of(db.matmul(out, false, true).neg(), db);
        }
    }

    /**
     * X = A⁻¹B for A triangular (only its {@code upper} or lower triangle read, the diagonal taken as ones
     * when {@code unitDiagonal}).  dB = A⁻ᵀ g,  dA = −tri(dB · Xᵀ), tri keeping the triangle that is read
     * (Giles 2008, §2.3.1, restricted to the triangle).
     */
    record TriangularSolve(boolean upper, boolean unitDiagonal) implements Op {
        public String name() { return "triangularSolve"; }
        public Shape shape(Shape... in) { return MatrixShapes.solve("triangularSolve", in[0], in[1]); }
        public Tensor forward(Tensor... in) { return LinearAlgebra.triangularSolve(in[0], in[1], upper, unitDiagonal); }

        public List<Node> vjp(Node out, Node g) {
            Node db = Node.apply(new TriangularSolve(!upper, unitDiagonal), out.input(0).transpose(), g);
            int strict = unitDiagonal ? (upper ? 1 : -1) : 0;
            Node da = Node.apply(new MatrixOps.Triangle(upper, strict), db.matmul(out, false, true).neg());
            return List.of(da, db);
        }
    }

    /**
     * out = det A.  dA = g · out · A⁻ᵀ (Giles 2008, §2.2.2). At a singular A the inverse is refused: PyTorch
     * differentiates det there through an SVD, which this op does not.
     */
    record Det() implements Op {
        public String name() { return "det"; }
        public Shape shape(Shape... in) { return MatrixShapes.batch(MatrixShapes.square("det", in[0])); }
        public Tensor forward(Tensor... in) { return LinearAlgebra.det(in[0]); }

        public List<Node> vjp(Node out, Node g) {
            return List.of(inverseTransposeTimes(out.input(0), g.mul(out)));
        }
    }

    /**
     * out = [sign det A, ln|det A|] packed on a last axis of 2 ({@link Packing}).  dA = g_log · A⁻ᵀ; the
     * sign is piecewise constant and passes no gradient (Giles 2008, §2.2.2).
     */
    record Slogdet() implements Op {
        public String name() { return "slogdet"; }

        public Shape shape(Shape... in) {
            return MatrixShapes.of(MatrixShapes.batch(MatrixShapes.square("slogdet", in[0])), 2);
        }

        public Tensor forward(Tensor... in) {
            return packing(in[0].shape()).pack(LinearAlgebra.slogdet(in[0]));
        }

        public List<Node> vjp(Node out, Node g) {
            return List.of(inverseTransposeTimes(out.input(0), packing(out.input(0).shape()).part(g, 1)));
        }

        static Packing packing(Shape a) {
            return Packing.of(MatrixShapes.batch(a), new int[0], new int[0]);
        }
    }

    /** out = ln det A, refused where det A is negative.  dA = g · A⁻ᵀ (Giles 2008, §2.2.2) */
    record LogDet() implements Op {
        public String name() { return "logdet"; }
        public Shape shape(Shape... in) { return MatrixShapes.batch(MatrixShapes.square("logdet", in[0])); }
        public Tensor forward(Tensor... in) { return LinearAlgebra.logdet(in[0]); }

        public List<Node> vjp(Node out, Node g) {
            return List.of(inverseTransposeTimes(out.input(0), g));
        }
    }

    /** c · A⁻ᵀ for a batch of scalars c. */
    private static Node inverseTransposeTimes(Node a, Node c) {
        return c.unsqueeze(-1).unsqueeze(-1).mul(Linalg.inv(a).transpose());
    }

    /**
     * out = P = A⁺, singular values at or below {@code rtol · σ_max} taken as zero.
     * dA = −Pᵀ g Pᵀ + (I − A P) gᵀ P Pᵀ + Pᵀ P gᵀ (I − P A), exact where the rank is locally constant
     * (Golub and Pereyra 1973, "The differentiation of pseudo-inverses"; PyTorch's pinv_backward).
     */
    record PseudoInverse(double rtol) implements Op {
        public String name() { return "pinv"; }

        public Shape shape(Shape... in) {
            Shape a = MatrixShapes.matrix("pinv", in[0]);
            return MatrixShapes.of(MatrixShapes.batch(a), MatrixShapes.cols(a), MatrixShapes.rows(a));
        }

        public Tensor forward(Tensor... in) { return LinearAlgebra.pinv(in[0], rtol); }

        public List<Node> vjp(Node out, Node g) {
            Node a = out.input(0);
            Node p = out;
            Node pt = p.transpose();
            Node gt = g.transpose();
            Node x = gt.matmul(p).matmul(pt);
            Node y = pt.matmul(p).matmul(gt);
            Node first = pt.matmul(g).matmul(pt).neg();
            Node second = x.sub(a.matmul(p.matmul(x)));
            Node third = y.sub(y.matmul(p).matmul(a));
            return List.of(first.add(second).add(third));
        }
    }

    /**
     * out = e^A.  dA = L(Aᵀ, g), the Fréchet derivative of exp at Aᵀ in the direction g, which is the
     * upper-right block of exp([[Aᵀ, g], [0, Aᵀ]]) (Mathias 1996; Al-Mohy and Higham 2009; as PyTorch's
     * matrix_exp backward). Written with this op again, so every order of derivative is one more exponential.
     */
    record MatrixExp() implements Op {
        public String name() { return "matrixExp"; }
        public Shape shape(Shape... in) { return MatrixShapes.square("matrixExp", in[0]); }
        public Tensor forward(Tensor... in) { return LinearAlgebra.matrixExp(in[0]); }

        public List<Node> vjp(Node out, Node g) {
            Node at = out.input(0).transpose();
            int n = MatrixShapes.rows(at.shape());
            Node zero = Node.zeros(at.shape(), at.dtype());
            Node block = Node.concat(-2, Node.concat(-1, at, g), Node.concat(-1, zero, at));
            Node e = Node.apply(new MatrixExp(), block);
            return List.of(e.slice(-2, 0, n).slice(-1, n, 2 * n));
        }
    }
}
