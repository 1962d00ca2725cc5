package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import leibniz.autograd.check.TensorArbitraries;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * First and second derivatives of {@link MatMulOp} for every operand kind NumPy's matmul accepts:
 * vector·vector, matrix·vector, vector·matrix, matrix·matrix and batches whose batch dimensions
 * broadcast, under all four transpose flags, and their F32 twins ({@link OpChecks}). Dimensions of 1 are
 * drawn often (the generators start at 1), since they are where a vector and a one-row matrix are easily
 * confused.
 */
class MatMulProperties {
    private static final int TRIES = 25;

    /** The operands of {@code op(a) · op(b)}, its flags and the shape of the product. */
    record Product(Tensor a, Tensor b, boolean ta, boolean tb, Shape out) {}

    /** Both derivative checks of the product and its twin, and the product's shape. */
    private static void gradients(Product p) {
        OpChecks.gradients(xs -> xs.get(0).matmul(xs.get(1), p.ta(), p.tb()), p.a(), p.b());
        assertEquals(p.out(), Node.placeholder("a", p.a().shape())
                .matmul(Node.placeholder("b", p.b().shape()), p.ta(), p.tb()).shape());
    }

    /** A matrix shape whose product-side dimensions are (rows, cols), stored transposed when {@code t}. */
    private static Shape matrix(Shape batch, int rows, int cols, boolean t) {
        Shape s = batch.inserting(batch.rank(), t ? cols : rows);
        return s.inserting(s.rank(), t ? rows : cols);
    }

    /** Products of operands of shapes a and b with values in [-1, 1]. */
    private static Arbitrary<Product> product(Shape a, Shape b, boolean ta, boolean tb, Shape out) {
        return Combinators.combine(TensorArbitraries.tensors(a, -1, 1), TensorArbitraries.tensors(b, -1, 1))
                .as((x, y) -> new Product(x, y, ta, tb, out));
    }

    private static Shape append(Shape s, int dim) {
        return s.inserting(s.rank(), dim);
    }

    private static Arbitrary<Integer> upTo(int max) {
        return Arbitraries.integers().between(1, max);
    }

    private static Arbitrary<Boolean> flags() {
        return Arbitraries.of(false, true);
    }

    @Provide
    Arbitrary<Product> vectorVector() {
        return upTo(5).flatMap(k -> product(Shape.of(k), Shape.of(k), false, false, Shape.scalar()));
    }

    @Provide
    Arbitrary<Product> matrixVector() {
        return Combinators.combine(upTo(4), upTo(4), flags()).flatAs((m, k, ta) ->
                product(matrix(Shape.scalar(), m, k, ta), Shape.of(k), ta, false, Shape.of(m)));
    }

    @Provide
    Arbitrary<Product> vectorMatrix() {
        return Combinators.combine(upTo(4), upTo(4), flags()).flatAs((k, n, tb) ->
                product(Shape.of(k), matrix(Shape.scalar(), k, n, tb), false, tb, Shape.of(n)));
    }

    @Provide
    Arbitrary<Product> matrixMatrix() {
        return Combinators.combine(upTo(4), upTo(4), upTo(4), flags(), flags()).flatAs((m, k, n, ta, tb) ->
                product(matrix(Shape.scalar(), m, k, ta), matrix(Shape.scalar(), k, n, tb), ta, tb, Shape.of(m, n)));
    }

    @Provide
    Arbitrary<Product> batched() {
        return Combinators.combine(TensorArbitraries.broadcastPairs(2, 3), upTo(3), upTo(3), upTo(3), flags(), flags())
                .flatAs((batch, m, k, n, ta, tb) -> product(matrix(batch.a(), m, k, ta), matrix(batch.b(), k, n, tb),
                        ta, tb, matrix(batch.broadcast(), m, n, false)));
    }

    /** A vector operand on either side of a batch of matrices: its gradient sums over the batch. */
    @Provide
    Arbitrary<List<Product>> batchAgainstVector() {
        return Combinators.combine(TensorArbitraries.broadcastPairs(2, 3), upTo(3), upTo(3), flags())
                .flatAs((batch, m, k, ta) -> Combinators.combine(
                        product(matrix(batch.a(), m, k, ta), Shape.of(k), ta, false, append(batch.a(), m)),
                        product(Shape.of(m), matrix(batch.b(), m, k, ta), false, ta, append(batch.b(), k)))
                        .as(List::of));
    }

    @Property(tries = TRIES)
    void gradOfMatMulOpVectorVector(@ForAll("vectorVector") Product p) {
        gradients(p);
    }

    @Property(tries = TRIES)
    void gradOfMatMulOpMatrixVector(@ForAll("matrixVector") Product p) {
        gradients(p);
    }

    @Property(tries = TRIES)
    void gradOfMatMulOpVectorMatrix(@ForAll("vectorMatrix") Product p) {
        gradients(p);
    }

    @Property(tries = TRIES)
    void gradOfMatMulOpMatrixMatrix(@ForAll("matrixMatrix") Product p) {
        gradients(p);
    }

    @Property(tries = TRIES)
    void gradOfMatMulOpBatchedWithBroadcastBatches(@ForAll("batched") Product p) {
        gradients(p);
    }

    @Property(tries = TRIES)
    void gradOfMatMulOpBatchAgainstVector(@ForAll("batchAgainstVector") List<Product> ps) {
        ps.forEach(MatMulProperties::gradients);
    }
}
