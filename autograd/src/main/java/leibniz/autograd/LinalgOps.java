package leibniz.autograd;

import java.util.List;
import leibniz.core.LinearAlgebra;
import leibniz.core.MatrixShapes;
import leibniz.core.Shape;
import leibniz.core.Tensor;

/**
 * Inverses, solves, determinants, the pseudo-inverse and the matrix exponential, on the last two axes of
 * a stack. Derivatives from Giles (2008), "An extended collection of matrix derivative results for
 * forward and reverse mode automatic differentiation" (§ numbers below, which give both modes); {@code Xᵀ}
 * swaps the last two axes and Ȧ is A's tangent. A batch is one more leading axis of the stack.
 */
final class LinalgOps {
    private LinalgOps() {
    }

    /** out = A⁻¹.  dA = −outᵀ · g · outᵀ.  tangent: −out · Ȧ · out (Giles 2008, §2.2.1) */
    record Inverse() implements Op {
        public String name() { return "inv"; }
        public Shape shape(Shape... in) { return MatrixShapes.square("inv", in[0]); }
        public Tensor forward(Tensor... in) { return LinearAlgebra.inv(in[0]); }

        public List<Node> vjp(Node out, Node g) {
            Node t = out.transpose();
            return List.of(t.matmul(g).matmul(t).neg());
        }

        public Node jvp(Node out, List<Node> t) { return out.matmul(t.get(0)).matmul(out).neg(); }
        public Node batch(Node out, List<Node> in, boolean[] batched) { return Node.apply(this, in.get(0)); }
    }

    /**
     * X = A⁻¹B, batches broadcast.  dB = A⁻ᵀ g,  dA = −dB · Xᵀ.  tangent: A⁻¹(Ḃ − Ȧ X)
     * (Giles 2008, §2.3.1)
     */
    record Solve() implements Op {
        public String name() { return "solve"; }
        public Shape shape(Shape... in) { return MatrixShapes.solve("solve", in[0], in[1]); }
        public Tensor forward(Tensor... in) { return LinearAlgebra.solve(in[0], in[1]); }

        public List<Node> vjp(Node out, Node g) {
            Node db = Node.apply(new Solve(), out.input(0).transpose(), g);
            return List.of(db.matmul(out, false, true).neg(), db);
        }

        public Node jvp(Node out, List<Node> t) {
            return Node.apply(this, out.input(0), moved(t.get(1), t.get(0), out));
        }

        public Node batch(Node out, List<Node> in, boolean[] batched) {
            return Node.apply(this, aligned(out, in, batched));
        }
    }

    /**
     * X = A⁻¹B for A triangular (only its {@code upper} or lower triangle read, the diagonal taken as ones
     * when {@code unitDiagonal}).  dB = A⁻ᵀ g,  dA = −tri(dB · Xᵀ), tri keeping the triangle that is read
     * (Giles 2008, §2.3.1, restricted to the triangle).  tangent: A⁻¹(Ḃ − tri(Ȧ) X)
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

        public Node jvp(Node out, List<Node> t) {
            Node read = t.get(0).isZero() ? t.get(0)
                    : Node.apply(new MatrixOps.Triangle(upper, unitDiagonal ? (upper ? 1 : -1) : 0), t.get(0));
            return Node.apply(this, out.input(0), moved(t.get(1), read, out));
        }

        public Node batch(Node out, List<Node> in, boolean[] batched) {
            return Node.apply(this, aligned(out, in, batched));
        }
    }

    /**
     * out = det A.  dA = g · out · A⁻ᵀ.  tangent: out · tr(A⁻¹Ȧ) (Giles 2008, §2.2.2). At a singular A the
     * inverse is refused: PyTorch differentiates det there through an SVD, which this op does not.
     */
    record Det() implements Op {
        public String name() { return "det"; }
        public Shape shape(Shape... in) { return MatrixShapes.batch(MatrixShapes.square("det", in[0])); }
        public Tensor forward(Tensor... in) { return LinearAlgebra.det(in[0]); }

        public List<Node> vjp(Node out, Node g) {
            return List.of(inverseTransposeTimes(out.input(0), g.mul(out)));
        }

        public Node jvp(Node out, List<Node> t) { return out.mul(traceOfInverseTimes(out.input(0), t.get(0))); }
        public Node batch(Node out, List<Node> in, boolean[] batched) { return Node.apply(this, in.get(0)); }
    }

    /**
     * out = [sign det A, ln|det A|] packed on a last axis of 2 ({@link Packing}).  dA = g_log · A⁻ᵀ; the
     * sign is piecewise constant and passes no gradient (Giles 2008, §2.2.2).  tangent: [0, tr(A⁻¹Ȧ)]
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

        public Node jvp(Node out, List<Node> t) {
            Node a = out.input(0);
            Node log = traceOfInverseTimes(a, t.get(0));
            return packing(a.shape()).pack(Node.zeros(log.shape(), log.dtype()), log);
        }

        public Node batch(Node out, List<Node> in, boolean[] batched) { return Node.apply(this, in.get(0)); }

        static Packing packing(Shape a) {
            return Packing.of(MatrixShapes.batch(a), new int[0], new int[0]);
        }
    }

    /**
     * out = ln det A, refused where det A is negative.  dA = g · A⁻ᵀ.  tangent: tr(A⁻¹Ȧ)
     * (Giles 2008, §2.2.2)
     */
    record LogDet() implements Op {
        public String name() { return "logdet"; }
        public Shape shape(Shape... in) { return MatrixShapes.batch(MatrixShapes.square("logdet", in[0])); }
        public Tensor forward(Tensor... in) { return LinearAlgebra.logdet(in[0]); }

        public List<Node> vjp(Node out, Node g) {
            return List.of(inverseTransposeTimes(out.input(0), g));
        }

        public Node jvp(Node out, List<Node> t) { return traceOfInverseTimes(out.input(0), t.get(0)); }
        public Node batch(Node out, List<Node> in, boolean[] batched) { return Node.apply(this, in.get(0)); }
    }

    /** tr(A⁻¹Ȧ) = Σ A⁻ᵀ ⊙ Ȧ over the last two axes, one per matrix of the stack. */
    private static Node traceOfInverseTimes(Node a, Node ta) {
        return Linalg.inv(a).transpose().mul(ta).sum(new int[] {-2, -1}, false);
    }

    /** The right-hand side of a solve's tangent, Ḃ − Ȧ X, either tangent possibly the symbolic zero. */
    private static Node moved(Node tb, Node ta, Node x) {
        return ta.isZero() ? tb : tb.sub(ta.matmul(x));
    }

    /** The inputs of a solve in a batch: each batched one aligned to the other's batch dimensions. */
    private static Node[] aligned(Node out, List<Node> in, boolean[] batched) {
        int rank = Math.max(out.input(0).rank(), out.input(1).rank());
        return new Node[] {Batching.align(in.get(0), batched[0], rank), Batching.align(in.get(1), batched[1], rank)};
    }

    /** c · A⁻ᵀ for a batch of scalars c. */
    private static Node inverseTransposeTimes(Node a, Node c) {
        return c.unsqueeze(-1).unsqueeze(-1).mul(Linalg.inv(a).transpose());
    }

    /**
     * out = P = A⁺, singular values at or below {@code rtol · σ_max} taken as zero.
     * dA = −Pᵀ g Pᵀ + (I − A P) gᵀ P Pᵀ + Pᵀ P gᵀ (I − P A), exact where the rank is locally constant
     * (Golub and Pereyra 1973, "The differentiation of pseudo-inverses"; PyTorch's pinv_backward).
     * tangent: −P Ȧ P + (I − P A) Ȧᵀ Pᵀ P + P Pᵀ Ȧᵀ (I − A P)
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

        public Node jvp(Node out, List<Node> t) {
            Node a = out.input(0);
            Node p = out;
            Node at = t.get(0).transpose();
            Node z = at.matmul(p, false, true).matmul(p);
            Node w = p.matmul(p, false, true).matmul(at);
            Node first = p.matmul(t.get(0)).matmul(p).neg();
            return first.add(z.sub(p.matmul(a.matmul(z)))).add(w.sub(w.matmul(a).matmul(p)));
        }

        public Node batch(Node out, List<Node> in, boolean[] batched) { return Node.apply(this, in.get(0)); }
    }

    /**
     * out = e^A.  dA = L(Aᵀ, g), the Fréchet derivative of exp at Aᵀ in the direction g, which is the
     * upper-right block of exp([[Aᵀ, g], [0, Aᵀ]]) (Mathias 1996; Al-Mohy and Higham 2009; as PyTorch's
     * matrix_exp backward). Written with this op again, so every order of derivative is one more exponential.
     * tangent: L(A, Ȧ), the upper-right block of exp([[A, Ȧ], [0, A]])
     */
    record MatrixExp() implements Op {
        public String name() { return "matrixExp"; }
        public Shape shape(Shape... in) { return MatrixShapes.square("matrixExp", in[0]); }
        public Tensor forward(Tensor... in) { return LinearAlgebra.matrixExp(in[0]); }

        public List<Node> vjp(Node out, Node g) { return List.of(frechet(out.input(0).transpose(), g)); }
        public Node jvp(Node out, List<Node> t) { return frechet(out.input(0), t.get(0)); }
        public Node batch(Node out, List<Node> in, boolean[] batched) { return Node.apply(this, in.get(0)); }

        /** L(X, E), the derivative of exp at X in the direction E: a block of one larger exponential. */
        private static Node frechet(Node x, Node e) {
            int n = MatrixShapes.rows(x.shape());
            Node zero = Node.zeros(x.shape(), x.dtype());
            Node block = Node.concat(-2, Node.concat(-1, x, e.broadcastTo(x.shape())), Node.concat(-1, zero, x));
            return Node.apply(new MatrixExp(), block).slice(-2, 0, n).slice(-1, n, 2 * n);
        }
    }
}
