package leibniz.autograd;

import java.util.List;
import leibniz.core.LinearAlgebra;
import leibniz.core.MatrixShapes;
import leibniz.core.Shape;
import leibniz.core.Tensor;

/**
 * The factorizations: Cholesky, QR, the symmetric eigendecomposition and the SVD, with their values-only
 * forms. Several outputs are packed into one node ({@link Packing}); {@link Linalg} hands out the parts.
 * Cholesky and eigh act on the symmetric part {@code (A + Aᵀ)/2}, as JAX does, so their gradients are
 * symmetric and exact for any input. {@code Xᵀ} swaps the last two axes; sym(X) = (X + Xᵀ)/2; Ȧ is A's
 * tangent, and a packed op's tangent is packed like its value. A batch is one more leading axis of the stack.
 */
final class DecompositionOps {
    private DecompositionOps() {
    }

    /**
     * L = chol(sym A), lower.  dA = sym(L⁻ᵀ Φ(Lᵀ g) L⁻¹), Φ(X) the lower triangle of X with its diagonal
     * halved (Murray 2016, "Differentiation of the Cholesky decomposition", eq. 10; PyTorch and JAX alike).
     * tangent: L Φ(L⁻¹ sym(Ȧ) L⁻ᵀ) (Murray 2016, eq. 8)
     */
    record Cholesky() implements Op {
        public String name() { return "cholesky"; }
        public Shape shape(Shape... in) { return MatrixShapes.square("cholesky", in[0]); }
        public Tensor forward(Tensor... in) { return LinearAlgebra.cholesky(in[0]); }

        public List<Node> vjp(Node out, Node g) {
            Node lt = out.transpose();
            Node x = out.transpose().matmul(g);
            Node phi = Linalg.tril(x, 0).add(Linalg.tril(x, -1)).mul(0.5);
            Node left = Node.apply(new LinalgOps.TriangularSolve(true, false), lt, phi);
            Node both = Node.apply(new LinalgOps.TriangularSolve(true, false), lt, left.transpose());
            return List.of(sym(both));
        }

        public Node jvp(Node out, List<Node> t) {
            Node lower = Node.apply(new LinalgOps.TriangularSolve(false, false), out, sym(t.get(0)));
            Node x = Node.apply(new LinalgOps.TriangularSolve(false, false), out, lower.transpose());
            return out.matmul(Linalg.tril(x, 0).add(Linalg.tril(x, -1)).mul(0.5));
        }

        public Node batch(Node out, List<Node> in, boolean[] batched) { return Node.apply(this, in.get(0)); }
    }

    /**
     * [Q, R] = qr(A) reduced, packed.  For m ≥ n: dA = (g_Q + Q·copyltu(M)) R⁻ᵀ with M = R g_Rᵀ − g_Qᵀ Q and
     * copyltu(M) = tril(M) + tril(M, −1)ᵀ (Walter and Lehmann 2018; Seeger et al. 2017; TensorFlow's and
     * PyTorch's qr backward). For m &lt; n, A = [X | Y] and R = [U | V] with X = Q U: dY = Q g_V and dX is the
     * square case with g_Q + Y g_Vᵀ. A must have full rank (R⁻ᵀ).
     * tangent, m ≥ n: with D = Ȧ R⁻¹, C = Qᵀ D and Ω = tril(C, −1) − tril(C, −1)ᵀ (skew, so Q stays
     * orthonormal): Ṙ = (C − Ω) R, Q̇ = D − Q (C − Ω). For m &lt; n, Q̇ and U̇ are the square case's on X,
     * and V̇ = Q̇ᵀ Y + Qᵀ Ẏ.
     */
    record Qr() implements Op {
        public String name() { return "qr"; }
        public Shape shape(Shape... in) { return packing(MatrixShapes.matrix("qr", in[0])).shape(); }
        public Tensor forward(Tensor... in) { return packing(in[0].shape()).pack(LinearAlgebra.qr(in[0])); }

        public List<Node> vjp(Node out, Node g) {
            Node a = out.input(0);
            Packing p = packing(a.shape());
            Node q = p.part(out, 0);
            Node r = p.part(out, 1);
            Node gq = p.part(g, 0);
            Node gr = p.part(g, 1);
            int m = MatrixShapes.rows(a.shape());
            int n = MatrixShapes.cols(a.shape());
            if (m >= n) {
                return List.of(square(q, r, gq, gr));
            }
            Node u = r.slice(-1, 0, m);
            Node gu = gr.slice(-1, 0, m);
            Node gv = gr.slice(-1, m, n);
            Node y = a.slice(-1, m, n);
            Node dx = square(q, u, gq.add(y.matmul(gv, false, true)), gu);
            return List.of(Node.concat(-1, dx, q.matmul(gv)));
        }

        public Node jvp(Node out, List<Node> t) {
            Node a = out.input(0);
            Packing p = packing(a.shape());
            Node q = p.part(out, 0);
            Node r = p.part(out, 1);
            Node ta = t.get(0);
            int m = MatrixShapes.rows(a.shape());
            int n = MatrixShapes.cols(a.shape());
            if (m >= n) {
                Node[] qr = squareTangent(q, r, ta);
                return p.pack(qr[0], qr[1]);
            }
            Node[] qu = squareTangent(q, r.slice(-1, 0, m), ta.slice(-1, 0, m));
            Node y = a.slice(-1, m, n);
            Node dv = qu[0].matmul(y, true, false).add(q.matmul(ta.slice(-1, m, n), true, false));
            return p.pack(qu[0], Node.concat(-1, qu[1], dv));
        }

        public Node batch(Node out, List<Node> in, boolean[] batched) { return Node.apply(this, in.get(0)); }

        /** [Q̇, Ṙ] of A = Q R with R square and invertible. */
        private static Node[] squareTangent(Node q, Node r, Node ta) {
            Node d = Node.apply(new LinalgOps.TriangularSolve(false, false), r.transpose(), ta.transpose()).transpose();
            Node c = q.matmul(d, true, false);
            Node strict = Linalg.tril(c, -1);
            Node upper = c.sub(strict).add(strict.transpose());
            return new Node[] {d.sub(q.matmul(upper)), upper.matmul(r)};
        }

        private static Node square(Node q, Node r, Node gq, Node gr) {
            Node m = r.matmul(gr, false, true).sub(gq.matmul(q, true, false));
            Node copyltu = Linalg.tril(m, 0).add(Linalg.tril(m, -1).transpose());
            Node b = gq.add(q.matmul(copyltu));
            return Node.apply(new LinalgOps.TriangularSolve(true, false), r, b.transpose()).transpose();
        }

        static Packing packing(Shape a) {
            int m = MatrixShapes.rows(a);
            int n = MatrixShapes.cols(a);
            int k = Math.min(m, n);
            return Packing.of(MatrixShapes.batch(a), new int[] {m, k}, new int[] {k, n});
        }
    }

    /**
     * [w, V] = eigh(sym A), packed, w ascending.  dA = sym(V (diag(g_w) + F ∘ (Vᵀ g_V)) Vᵀ) with
     * F_ij = 1/(w_j − w_i), i ≠ j (Giles 2008, §3.1; Seeger et al. 2017). F is the {@link SpectralQuotient},
     * which refuses repeated eigenvalues where the eigenvector gradient reaches them; PyTorch and JAX return
     * inf or NaN there. With repeated eigenvalues use {@link Linalg#eigvalsh}.
     * tangent, with K = Vᵀ sym(Ȧ) V: ẇ = diagonal(K), V̇ = V (F ∘ K)
     */
    record Eigh() implements Op {
        public String name() { return "eigh"; }
        public Shape shape(Shape... in) { return packing(MatrixShapes.square("eigh", in[0])).shape(); }
        public Tensor forward(Tensor... in) { return packing(in[0].shape()).pack(LinearAlgebra.eigh(in[0])); }

        public List<Node> vjp(Node out, Node g) {
            Packing p = packing(out.input(0).shape());
            Node w = p.part(out, 0);
            Node v = p.part(out, 1);
            Node k = v.matmul(p.part(g, 1), true, false);
            Node quotient = Node.apply(new SpectralQuotient("eigh backward", true), w, w, k);
            Node inner = quotient.add(Linalg.diag(p.part(g, 0)));
            return List.of(sym(v.matmul(inner).matmul(v, false, true)));
        }

        public Node jvp(Node out, List<Node> t) {
            Packing p = packing(out.input(0).shape());
            Node w = p.part(out, 0);
            Node v = p.part(out, 1);
            Node k = v.matmul(sym(t.get(0)), true, false).matmul(v);
            Node dv = v.matmul(Node.apply(new SpectralQuotient("eigh tangent", true), w, w, k));
            return p.pack(Linalg.diagonal(k), dv);
        }

        public Node batch(Node out, List<Node> in, boolean[] batched) { return Node.apply(this, in.get(0)); }

        static Packing packing(Shape a) {
            int n = MatrixShapes.rows(a);
            return Packing.of(MatrixShapes.batch(a), new int[] {n}, new int[] {n, n});
        }
    }

    /**
     * w = eigvalsh(sym A), ascending.  dA = V diag(g) Vᵀ, V from {@link Eigh} (Giles 2008, §3.1); defined for
     * repeated w.  tangent: diagonal(Vᵀ sym(Ȧ) V)
     */
    record EigenValues() implements Op {
        public String name() { return "eigvalsh"; }
        public Shape shape(Shape... in) {
            Shape a = MatrixShapes.square("eigvalsh", in[0]);
            return MatrixShapes.of(MatrixShapes.batch(a), MatrixShapes.rows(a));
        }
        public Tensor forward(Tensor... in) { return LinearAlgebra.eigvalsh(in[0]); }

        public List<Node> vjp(Node out, Node g) {
            Node v = Linalg.eigh(out.input(0)).eigenvectors();
            return List.of(v.mul(g.unsqueeze(-2)).matmul(v, false, true));
        }

        public Node jvp(Node out, List<Node> t) {
            Node v = Linalg.eigh(out.input(0)).eigenvectors();
            return Linalg.diagonal(v.matmul(sym(t.get(0)), true, false).matmul(v));
        }

        public Node batch(Node out, List<Node> in, boolean[] batched) { return Node.apply(this, in.get(0)); }
    }

    /**
     * [U, S, Vh] = svd(A) reduced, packed, S descending. With J = F ∘ (Uᵀ g_U), K = F ∘ (V ᵀg_V),
     * F_ij = 1/(s_j² − s_i²):  dA = U ((J + Jᵀ) S + S (K + Kᵀ) + diag(g_S)) Vh + (I − U Uᵀ) g_U S⁻¹ Vh
     * + U S⁻¹ g_Vh (I − V Vh), the last two only for non-square A (Townsend 2016, "Differentiating the
     * singular value decomposition"; PyTorch's svd_backward). Repeated or zero singular values that the
     * gradient reaches are refused by the {@link SpectralQuotient}; PyTorch and JAX return inf or NaN.
     * tangent, with P = Uᵀ Ȧ V (Townsend 2016): Ṡ = diagonal(P),
     * U̇ = U (F ∘ (P S + S Pᵀ)) + (I − U Uᵀ) Ȧ V S⁻¹,  V̇ = V (F ∘ (S P + Pᵀ S)) + (I − V Vᵀ) Ȧᵀ U S⁻¹,
     * the last terms only for non-square A
     */
    record Svd() implements Op {
        public String name() { return "svd"; }
        public Shape shape(Shape... in) { return packing(MatrixShapes.matrix("svd", in[0])).shape(); }
        public Tensor forward(Tensor... in) { return packing(in[0].shape()).pack(LinearAlgebra.svd(in[0])); }

        public List<Node> vjp(Node out, Node g) {
            Shape shape = out.input(0).shape();
            int m = MatrixShapes.rows(shape);
            int n = MatrixShapes.cols(shape);
            Packing p = packing(shape);
            Node u = p.part(out, 0);
            Node s = p.part(out, 1);
            Node vh = p.part(out, 2);
            Node gu = p.part(g, 0);
            Node gvh = p.part(g, 2);
            Node s2 = s.square();
            SpectralQuotient pairs = new SpectralQuotient("svd backward", true);
            Node ugu = u.matmul(gu, true, false);
            Node vgv = gvh.matmul(vh, false, true).transpose();
            Node j = Node.apply(pairs, s2, s2, ugu);
            Node k = Node.apply(pairs, s2, s2, vgv);
            Node inner = j.add(j.transpose()).mul(s.unsqueeze(-2)).add(k.add(k.transpose()).mul(s.unsqueeze(-1)))
                    .add(Linalg.diag(p.part(g, 1)));
            Node da = u.matmul(inner).matmul(vh);
            SpectralQuotient byS = new SpectralQuotient("svd backward", false);
            if (m > n) {
                Node x = gu.sub(u.matmul(ugu));
                Node zeros = Node.zeros(MatrixShapes.of(p.batch(), m), s.dtype());
                da = da.add(Node.apply(byS, zeros, s, x).matmul(vh));
            }
            if (n > m) {
                Node y = gvh.sub(gvh.matmul(vh, false, true).matmul(vh));
                Node zeros = Node.zeros(MatrixShapes.of(p.batch(), n), s.dtype());
                da = da.add(u.matmul(Node.apply(byS, zeros, s, y.transpose()).transpose()));
            }
            return List.of(da);
        }

        public Node jvp(Node out, List<Node> t) {
            Shape shape = out.input(0).shape();
            Packing p = packing(shape);
            Node u = p.part(out, 0);
            Node s = p.part(out, 1);
            Node vh = p.part(out, 2);
            Node ta = t.get(0);
            Node av = ta.matmul(vh, false, true);
            Node pm = u.matmul(av, true, false);
            Node s2 = s.square();
            SpectralQuotient pairs = new SpectralQuotient("svd tangent", true);
            Node ps = pm.mul(s.unsqueeze(-2));
            Node sp = pm.mul(s.unsqueeze(-1));
            Node du = u.matmul(Node.apply(pairs, s2, s2, ps.add(ps.transpose())));
            Node dv = vh.transpose().matmul(Node.apply(pairs, s2, s2, sp.add(sp.transpose())));
            SpectralQuotient byS = new SpectralQuotient("svd tangent", false);
            int m = MatrixShapes.rows(shape);
            int n = MatrixShapes.cols(shape);
            if (m > n) {
                Node x = av.sub(u.matmul(pm));
                du = du.add(Node.apply(byS, Node.zeros(MatrixShapes.of(p.batch(), m), s.dtype()), s, x));
            }
            if (n > m) {
                Node aTu = ta.matmul(u, true, false);
                Node y = aTu.sub(vh.matmul(vh.matmul(aTu), true, false));
                dv = dv.add(Node.apply(byS, Node.zeros(MatrixShapes.of(p.batch(), n), s.dtype()), s, y));
            }
            return p.pack(du, Linalg.diagonal(pm), dv.transpose());
        }

        public Node batch(Node out, List<Node> in, boolean[] batched) { return Node.apply(this, in.get(0)); }

        static Packing packing(Shape a) {
            int m = MatrixShapes.rows(a);
            int n = MatrixShapes.cols(a);
            int k = Math.min(m, n);
            return Packing.of(MatrixShapes.batch(a), new int[] {m, k}, new int[] {k}, new int[] {k, n});
        }
    }

    /**
     * s = svdvals(A), descending.  dA = U diag(g) Vh, U and Vh from {@link Svd} (Townsend 2016); defined for
     * repeated s.  tangent: diagonal(Uᵀ Ȧ Vhᵀ)
     */
    record SingularValues() implements Op {
        public String name() { return "svdvals"; }

        public Shape shape(Shape... in) {
            Shape a = MatrixShapes.matrix("svdvals", in[0]);
            return MatrixShapes.of(MatrixShapes.batch(a), Math.min(MatrixShapes.rows(a), MatrixShapes.cols(a)));
        }

        public Tensor forward(Tensor... in) { return LinearAlgebra.svdvals(in[0]); }

        public List<Node> vjp(Node out, Node g) {
            Linalg.SVD usv = Linalg.svd(out.input(0));
            return List.of(usv.u().mul(g.unsqueeze(-2)).matmul(usv.vh()));
        }

        public Node jvp(Node out, List<Node> t) {
            Linalg.SVD usv = Linalg.svd(out.input(0));
            return Linalg.diagonal(usv.u().matmul(t.get(0), true, false).matmul(usv.vh(), false, true));
        }

        public Node batch(Node out, List<Node> in, boolean[] batched) { return Node.apply(this, in.get(0)); }
    }

    /**
     * out_ij = k_ij / (μ_j − λ_i), 0 on the diagonal when {@code skipDiagonal}: the F ∘ K of the eigh and svd
     * derivatives, a primitive so that a zero numerator over a zero denominator is 0 and a non-zero one is
     * refused with a sentence naming {@code op}. With H = out ∘ g / (μ_j − λ_i):
     * dk = g / (μ_j − λ_i),  dλ_i = Σ_j H_ij,  dμ_j = −Σ_i H_ij.
     * tangent: (k̇ − out ∘ (μ̇_j − λ̇_i)) / (μ_j − λ_i)
     */
    record SpectralQuotient(String op, boolean skipDiagonal) implements Op {
        public String name() { return "spectralQuotient"; }

        public Shape shape(Shape... in) {
            Shape k = MatrixShapes.matrix(op, in[2]);
            if (in[0].rank() < 1 || in[1].rank() < 1 || in[0].dim(in[0].rank() - 1) != MatrixShapes.rows(k)
                    || in[1].dim(in[1].rank() - 1) != MatrixShapes.cols(k)) {
                throw new IllegalArgumentException(name() + ": λ " + in[0] + " and μ " + in[1]
                        + " do not match the rows and columns of " + k);
            }
            return k;
        }

        public Tensor forward(Tensor... in) {
            return LinearAlgebra.spectralQuotient(op, in[0], in[1], in[2], skipDiagonal);
        }

        public List<Node> vjp(Node out, Node g) {
            Node lambda = out.input(0);
            Node mu = out.input(1);
            Node h = Node.apply(this, lambda, mu, out.mul(g));
            return List.of(h.sum(-1), h.sum(-2).neg(), Node.apply(this, lambda, mu, g));
        }

        public Node jvp(Node out, List<Node> t) {
            Node dl = t.get(0);
            Node dm = t.get(1);
            if (dl.isZero() && dm.isZero()) {
                return Node.apply(this, out.input(0), out.input(1), t.get(2));
            }
            Node moved = dl.isZero() ? dm.unsqueeze(-2) : dm.unsqueeze(-2).sub(dl.unsqueeze(-1));
            return Node.apply(this, out.input(0), out.input(1), t.get(2).sub(out.mul(moved)));
        }

        /** The three parts repeated over the batch where shared, since the kernel pairs their batches one to one. */
        public Node batch(Node out, List<Node> in, boolean[] batched) {
            int size = Batching.size(in, batched);
            return Node.apply(this, Batching.lift(in.get(0), batched[0], size), Batching.lift(in.get(1), batched[1],
                    size), Batching.lift(in.get(2), batched[2], size));
        }
    }

    /** (X + Xᵀ)/2. */
    static Node sym(Node x) {
        return x.add(x.transpose()).mul(0.5);
    }
}
