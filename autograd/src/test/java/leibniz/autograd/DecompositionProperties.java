package leibniz.autograd;

import static leibniz.autograd.LinalgProperties.TRIES;
import static leibniz.autograd.OpChecks.gradients;

import java.util.List;
import leibniz.autograd.check.MatrixArbitraries;
import leibniz.autograd.check.TensorArbitraries;
import leibniz.core.MatrixShapes;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * First and second derivatives of the factorizations against central differences. Eigenvectors and
 * singular vectors are defined up to sign, so the functions checked are invariant to it (v ⊙ v,
 * V·diag(c)·Vᵀ, U·diag(c)·Vh); inputs have eigenvalues and singular values well apart.
 */
class DecompositionProperties {
    /** Distinct weights c for V·diag(c)·Vᵀ, which sees every eigenvector, not only their squares. */
    static Node weights(int n) {
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            c[i] = 1 + 0.5 * i;
        }
        return Node.constant(Tensor.vector(c));
    }

    /** The nodes flattened and joined, one output for the check. */
    static Node joined(Node... parts) {
        Node[] flat = new Node[parts.length];
        for (int i = 0; i < parts.length; i++) {
            flat[i] = parts[i].reshape(-1);
        }
        return Node.concat(0, flat);
    }

    @Provide
    Arbitrary<Tensor> spd() {
        return MatrixArbitraries.positiveDefinite(1, 4);
    }

    @Provide
    Arbitrary<Tensor> separated() {
        return MatrixArbitraries.symmetricWithGap(1, 4, 1);
    }

    @Provide
    Arbitrary<Tensor> wellConditioned() {
        return MatrixArbitraries.withSingularValues(1, 4, 1);
    }

    /** Wide m × n matrices [X | Y] whose leading m × m block X is invertible, as the wide QR needs. */
    @Provide
    Arbitrary<Tensor> wide() {
        return MatrixArbitraries.invertible(1, 3).flatMap(x -> Arbitraries.integers().between(1, 2).flatMap(extra -> {
            Shape y = MatrixShapes.of(MatrixShapes.batch(x.shape()), MatrixShapes.rows(x.shape()), extra);
            return TensorArbitraries.tensors(y, -1, 1).map(t -> Tensor.concat(-1, x, t));
        }));
    }

    @Property(tries = TRIES)
    void gradOfCholesky(@ForAll("spd") Tensor a) {
        gradients(xs -> Linalg.cholesky(xs.get(0)), a);
    }

    @Property(tries = TRIES)
    void gradOfQrTallAndSquare(@ForAll("wellConditioned") Tensor a) {
        Tensor tall = MatrixShapes.rows(a.shape()) >= MatrixShapes.cols(a.shape()) ? a : a.transpose();
        gradients(xs -> {
            Linalg.QR f = Linalg.qr(xs.get(0));
            return joined(f.q(), f.r());
        }, tall);
    }

    @Property(tries = TRIES)
    void gradOfQrWide(@ForAll("wide") Tensor a) {
        gradients(xs -> {
            Linalg.QR f = Linalg.qr(xs.get(0));
            return joined(f.q(), f.r());
        }, a);
    }

    @Property(tries = TRIES)
    void gradOfEigh(@ForAll("separated") Tensor a) {
        int n = MatrixShapes.rows(a.shape());
        gradients(xs -> {
            Linalg.Eigen e = Linalg.eigh(xs.get(0));
            Node v = e.eigenvectors();
            return joined(e.eigenvalues(), v.square(), v.mul(weights(n).to(v.dtype())).matmul(v, false, true));
        }, a);
    }

    @Property(tries = TRIES)
    void gradOfEigenValues(@ForAll("separated") Tensor a) {
        gradients(xs -> Linalg.eigvalsh(xs.get(0)), a);
    }

    @Property(tries = TRIES)
    void gradOfSvd(@ForAll("wellConditioned") Tensor a) {
        int k = Math.min(MatrixShapes.rows(a.shape()), MatrixShapes.cols(a.shape()));
        gradients(xs -> {
            Linalg.SVD f = Linalg.svd(xs.get(0));
            Node weighted = f.u().mul(weights(k).to(f.u().dtype())).matmul(f.vh());
            return joined(f.s(), f.u().square(), f.vh().square(), weighted);
        }, a);
    }

    @Property(tries = TRIES)
    void gradOfSingularValues(@ForAll("wellConditioned") Tensor a) {
        gradients(xs -> Linalg.svdvals(xs.get(0)), a);
    }

    /** λ in [−2, −1] and μ in [1, 2], so every denominator μⱼ − λᵢ is at least 2, and k of their rows and columns. */
    @Provide
    Arbitrary<List<Tensor>> quotients() {
        return MatrixArbitraries.matrices(1, 3).flatMap(k -> {
            Shape batch = MatrixShapes.batch(k.shape());
            Shape l = MatrixShapes.of(batch, MatrixShapes.rows(k.shape()));
            Shape m = MatrixShapes.of(batch, MatrixShapes.cols(k.shape()));
            return TensorArbitraries.tensors(l, -2, -1).flatMap(lambda -> TensorArbitraries.tensors(m, 1, 2)
                    .map(mu -> List.of(lambda, mu, k)));
        });
    }

    @Property(tries = TRIES)
    void gradOfSpectralQuotient(@ForAll("quotients") List<Tensor> in, @ForAll boolean skipDiagonal) {
        gradients(xs -> Node.apply(new DecompositionOps.SpectralQuotient("test", skipDiagonal), xs.get(0), xs.get(1),
                xs.get(2)), in.get(0), in.get(1), in.get(2));
    }
}
