package leibniz.autograd;

import java.util.List;
import java.util.function.Function;
import leibniz.autograd.TransformChecks.Batch;
import leibniz.core.MatrixShapes;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The JVP and batching rules of the linear-algebra ops, on the inputs their gradient properties use
 * ({@link LinalgProperties}, {@link DecompositionProperties}, {@link MatrixOpsProperties}): the JVPs against
 * central differences and the double-VJP trick, the batches (a vmap axis in front of the stack's own batch)
 * against the op on each example. Eigenvectors and singular vectors are checked through functions blind to
 * their signs, as the gradient properties check them. Names follow {@link OpCoverageTest}.
 */
class LinalgTransformProperties {
    private static final int TRIES = 10;

    @Provide
    Arbitrary<Tensor> matrices() {
        return new MatrixOpsProperties().matrices();
    }

    @Provide
    Arbitrary<Tensor> invertible() {
        return new LinalgProperties().invertible();
    }

    @Provide
    Arbitrary<List<Tensor>> systems() {
        return new LinalgProperties().systems();
    }

    @Provide
    Arbitrary<Tensor> expInputs() {
        return new LinalgProperties().expInputs();
    }

    @Provide
    Arbitrary<Tensor> spd() {
        return new DecompositionProperties().spd();
    }

    @Provide
    Arbitrary<Tensor> separated() {
        return new DecompositionProperties().separated();
    }

    @Provide
    Arbitrary<Tensor> wellConditioned() {
        return new DecompositionProperties().wellConditioned();
    }

    @Provide
    Arbitrary<Tensor> wide() {
        return new DecompositionProperties().wide();
    }

    @Provide
    Arbitrary<List<Tensor>> quotients() {
        return new DecompositionProperties().quotients();
    }

    @Provide
    Arbitrary<Batch> batches() {
        return TransformChecks.batches();
    }

    /** The structural ops, each where it applies: a diagonal that exists, diag of a stack of vectors, a triangle. */
    private static List<Function<List<Node>, Node>> structural(Tensor a, int offset) {
        int m = MatrixShapes.rows(a.shape());
        int n = MatrixShapes.cols(a.shape());
        int d = MatrixShapes.diagonalLength(m, n, offset) > 0 ? offset : 0;
        return List.of(xs -> Linalg.diagonal(xs.get(0), d), xs -> Linalg.diag(Linalg.diagonal(xs.get(0)), offset),
                xs -> Linalg.triu(xs.get(0), offset), xs -> Linalg.tril(xs.get(0), offset));
    }

    @Property(tries = TRIES)
    void jvpOfDiagonalAndDiagEmbedAndTriangle(@ForAll("matrices") Tensor a,
            @ForAll @IntRange(min = -1, max = 1) int k) {
        structural(a, k).forEach(f -> TransformChecks.jvp(xs -> f.apply(xs).square(), a));
    }

    @Property(tries = TRIES)
    void vmapOfDiagonalAndDiagEmbedAndTriangle(@ForAll("matrices") Tensor a, @ForAll @IntRange(min = -1, max = 1) int k,
            @ForAll("batches") Batch b) {
        structural(a, k).forEach(f -> TransformChecks.vmap(f, b, a));
    }

    @Property(tries = TRIES)
    void jvpOfInverseAndMatrixExp(@ForAll("invertible") Tensor a, @ForAll("expInputs") Tensor e) {
        TransformChecks.jvp(xs -> Linalg.inv(xs.get(0)), a);
        TransformChecks.jvp(xs -> Linalg.matrixExp(xs.get(0)), e);
    }

    @Property(tries = TRIES)
    void vmapOfInverseAndMatrixExp(@ForAll("invertible") Tensor a, @ForAll("expInputs") Tensor e,
            @ForAll("batches") Batch b) {
        TransformChecks.vmap(xs -> Linalg.inv(xs.get(0)), b, a);
        TransformChecks.vmap(xs -> Linalg.matrixExp(xs.get(0)), b, e);
    }

    /** Batches of B broadcast against A's; each of A and B batched by the vmap or shared. */
    @Property(tries = TRIES)
    void jvpOfSolveAndTriangularSolve(@ForAll("systems") List<Tensor> ab, @ForAll boolean upper, @ForAll boolean unit) {
        TransformChecks.jvp(xs -> Linalg.solve(xs.get(0), xs.get(1)), ab.get(0), ab.get(1));
        TransformChecks.jvp(xs -> Linalg.triangularSolve(xs.get(0), xs.get(1), upper, true, unit), ab.get(0),
                ab.get(1));
    }

    @Property(tries = TRIES)
    void vmapOfSolveAndTriangularSolve(@ForAll("systems") List<Tensor> ab, @ForAll boolean upper,
            @ForAll("batches") Batch b) {
        TransformChecks.vmap(xs -> Linalg.solve(xs.get(0), xs.get(1)), b, ab.get(0), ab.get(1));
        TransformChecks.vmap(xs -> Linalg.triangularSolve(xs.get(0), xs.get(1), upper, true, false), b, ab.get(0),
                ab.get(1));
    }

    @Property(tries = TRIES)
    void jvpOfDetAndLogDetAndSlogdet(@ForAll("invertible") Tensor a, @ForAll("spd") Tensor p) {
        double scale = 1.0 / (MatrixShapes.rows(a.shape()) + 1);
        TransformChecks.jvp(xs -> Linalg.det(xs.get(0).mul(scale)), a);
        TransformChecks.jvp(xs -> Linalg.logdet(xs.get(0)), p);
        TransformChecks.jvp(xs -> Linalg.slogdet(xs.get(0)).logAbsDet().add(Linalg.slogdet(xs.get(0)).sign()), a);
    }

    @Property(tries = TRIES)
    void vmapOfDetAndLogDetAndSlogdet(@ForAll("invertible") Tensor a, @ForAll("spd") Tensor p,
            @ForAll("batches") Batch b) {
        TransformChecks.vmap(xs -> Linalg.det(xs.get(0)), b, a);
        TransformChecks.vmap(xs -> Linalg.logdet(xs.get(0)), b, p);
        TransformChecks.vmap(xs -> Linalg.slogdet(xs.get(0)).logAbsDet().mul(Linalg.slogdet(xs.get(0)).sign()), b, a);
    }

    @Property(tries = TRIES)
    void jvpOfPseudoInverse(@ForAll("wellConditioned") Tensor a) {
        TransformChecks.jvp(xs -> Linalg.pinv(xs.get(0)), a);
    }

    @Property(tries = TRIES)
    void vmapOfPseudoInverse(@ForAll("wellConditioned") Tensor a, @ForAll("batches") Batch b) {
        TransformChecks.vmap(xs -> Linalg.pinv(xs.get(0)), b, a);
    }

    @Property(tries = TRIES)
    void jvpOfCholesky(@ForAll("spd") Tensor a) {
        TransformChecks.jvp(xs -> Linalg.cholesky(xs.get(0)), a);
    }

    @Property(tries = TRIES)
    void vmapOfCholesky(@ForAll("spd") Tensor a, @ForAll("batches") Batch b) {
        TransformChecks.vmap(xs -> Linalg.cholesky(xs.get(0)), b, a);
    }

    private static Node qr(Node a) {
        Linalg.QR f = Linalg.qr(a);
        return DecompositionProperties.joined(f.q(), f.r());
    }

    @Property(tries = TRIES)
    void jvpOfQr(@ForAll("wellConditioned") Tensor a, @ForAll("wide") Tensor w) {
        Tensor tall = MatrixShapes.rows(a.shape()) >= MatrixShapes.cols(a.shape()) ? a : a.transpose();
        TransformChecks.jvp(xs -> qr(xs.get(0)), tall);
        TransformChecks.jvp(xs -> qr(xs.get(0)), w);
    }

    @Property(tries = TRIES)
    void vmapOfQr(@ForAll("wellConditioned") Tensor a, @ForAll("wide") Tensor w, @ForAll("batches") Batch b) {
        Tensor tall = MatrixShapes.rows(a.shape()) >= MatrixShapes.cols(a.shape()) ? a : a.transpose();
        TransformChecks.vmap(xs -> qr(xs.get(0)), b, tall);
        TransformChecks.vmap(xs -> qr(xs.get(0)), b, w);
    }

    private static Node eigh(Node a) {
        Linalg.Eigen e = Linalg.eigh(a);
        Node v = e.eigenvectors();
        Node c = DecompositionProperties.weights(MatrixShapes.rows(a.shape()));
        return DecompositionProperties.joined(e.eigenvalues(), v.square(), v.mul(c).matmul(v, false, true));
    }

    @Property(tries = TRIES)
    void jvpOfEighAndEigenValues(@ForAll("separated") Tensor a) {
        TransformChecks.jvp(xs -> eigh(xs.get(0)), a);
        TransformChecks.jvp(xs -> Linalg.eigvalsh(xs.get(0)), a);
    }

    @Property(tries = TRIES)
    void vmapOfEighAndEigenValues(@ForAll("separated") Tensor a, @ForAll("batches") Batch b) {
        TransformChecks.vmap(xs -> eigh(xs.get(0)), b, a);
        TransformChecks.vmap(xs -> Linalg.eigvalsh(xs.get(0)), b, a);
    }

    private static Node svd(Node a) {
        Linalg.SVD f = Linalg.svd(a);
        Node c = DecompositionProperties.weights(f.s().shape().dim(f.s().rank() - 1));
        return DecompositionProperties.joined(f.s(), f.u().square(), f.vh().square(), f.u().mul(c).matmul(f.vh()));
    }

    @Property(tries = TRIES)
    void jvpOfSvdAndSingularValues(@ForAll("wellConditioned") Tensor a) {
        TransformChecks.jvp(xs -> svd(xs.get(0)), a);
        TransformChecks.jvp(xs -> Linalg.svdvals(xs.get(0)), a);
    }

    @Property(tries = TRIES)
    void vmapOfSvdAndSingularValues(@ForAll("wellConditioned") Tensor a, @ForAll("batches") Batch b) {
        TransformChecks.vmap(xs -> svd(xs.get(0)), b, a);
        TransformChecks.vmap(xs -> Linalg.svdvals(xs.get(0)), b, a);
    }

    @Property(tries = TRIES)
    void jvpOfSpectralQuotient(@ForAll("quotients") List<Tensor> in, @ForAll boolean skipDiagonal) {
        TransformChecks.jvp(xs -> Node.apply(new DecompositionOps.SpectralQuotient("test", skipDiagonal), xs.get(0),
                xs.get(1), xs.get(2)), in.get(0), in.get(1), in.get(2));
    }

    @Property(tries = TRIES)
    void vmapOfSpectralQuotient(@ForAll("quotients") List<Tensor> in, @ForAll boolean skipDiagonal,
            @ForAll("batches") Batch b) {
        TransformChecks.vmap(xs -> Node.apply(new DecompositionOps.SpectralQuotient("test", skipDiagonal), xs.get(0),
                xs.get(1), xs.get(2)), b, in.get(0), in.get(1), in.get(2));
    }
}
