package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import leibniz.autograd.check.GradCheck;
import leibniz.autograd.check.ShapePair;
import leibniz.autograd.check.TensorArbitraries;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * First and second derivatives of {@link MatMulOp} for every operand kind NumPy's matmul accepts:
 * vector·vector, matrix·vector, vector·matrix, matrix·matrix and batches whose batch dimensions
 * broadcast, under all four transpose flags. Dimensions of 1 are drawn often (the generators start
 * at 1), since they are where a vector and a one-row matrix are easily confused.
 */
class MatMulProperties {
    private static final int TRIES = 25;

    /** Both checks of {@code (a, b) ↦ op(a) · op(b)} with a and b drawn from {@code seed}. */
    private static void gradients(Shape a, Shape b, boolean ta, boolean tb, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        GradCheck check = GradCheck.of(xs -> xs.get(0).matmul(xs.get(1), ta, tb)).seed(seed);
        Tensor x = Samples.uniform(rng, a);
        Tensor y = Samples.uniform(rng, b);
        check.check(x, y);
        check.checkSecondOrder(x, y);
    }

    /** A matrix shape whose product-side dimensions are (rows, cols), stored transposed when {@code t}. */
    private static Shape matrix(Shape batch, int rows, int cols, boolean t) {
        Shape s = batch.inserting(batch.rank(), t ? cols : rows);
        return s.inserting(s.rank(), t ? rows : cols);
    }

    @Provide
    Arbitrary<ShapePair> batches() {
        return TensorArbitraries.broadcastPairs(2, 3);
    }

    @Property(tries = TRIES)
    void gradOfMatMulOpVectorVector(@ForAll @IntRange(min = 1, max = 5) int k, @ForAll long seed) {
        gradients(Shape.of(k), Shape.of(k), false, false, seed);
    }

    @Property(tries = TRIES)
    void gradOfMatMulOpMatrixVector(@ForAll @IntRange(min = 1, max = 4) int m,
            @ForAll @IntRange(min = 1, max = 4) int k, @ForAll boolean ta, @ForAll long seed) {
        gradients(matrix(Shape.scalar(), m, k, ta), Shape.of(k), ta, false, seed);
    }

    @Property(tries = TRIES)
    void gradOfMatMulOpVectorMatrix(@ForAll @IntRange(min = 1, max = 4) int k,
            @ForAll @IntRange(min = 1, max = 4) int n, @ForAll boolean tb, @ForAll long seed) {
        gradients(Shape.of(k), matrix(Shape.scalar(), k, n, tb), false, tb, seed);
    }

    @Property(tries = TRIES)
    void gradOfMatMulOpMatrixMatrix(@ForAll @IntRange(min = 1, max = 4) int m,
            @ForAll @IntRange(min = 1, max = 4) int k, @ForAll @IntRange(min = 1, max = 4) int n,
            @ForAll boolean ta, @ForAll boolean tb, @ForAll long seed) {
        gradients(matrix(Shape.scalar(), m, k, ta), matrix(Shape.scalar(), k, n, tb), ta, tb, seed);
    }

    @Property(tries = TRIES)
    void gradOfMatMulOpBatchedWithBroadcastBatches(@ForAll("batches") ShapePair batch,
            @ForAll @IntRange(min = 1, max = 3) int m, @ForAll @IntRange(min = 1, max = 3) int k,
            @ForAll @IntRange(min = 1, max = 3) int n, @ForAll boolean ta, @ForAll boolean tb, @ForAll long seed) {
        Shape a = matrix(batch.a(), m, k, ta);
        Shape b = matrix(batch.b(), k, n, tb);
        gradients(a, b, ta, tb, seed);
        Shape out = Node.placeholder("a", a).matmul(Node.placeholder("b", b), ta, tb).shape();
        assertEquals(matrix(batch.broadcast(), m, n, false), out);
    }

    @Property(tries = TRIES)
    void gradOfMatMulOpBatchAgainstVector(@ForAll("batches") ShapePair batch, @ForAll @IntRange(min = 1, max = 3) int m,
            @ForAll @IntRange(min = 1, max = 3) int k, @ForAll boolean ta, @ForAll long seed) {
        // A vector operand on either side of a batch of matrices: its gradient sums over the batch.
        gradients(matrix(batch.a(), m, k, ta), Shape.of(k), ta, false, seed);
        gradients(Shape.of(m), matrix(batch.b(), m, k, ta), false, ta, seed);
    }
}
