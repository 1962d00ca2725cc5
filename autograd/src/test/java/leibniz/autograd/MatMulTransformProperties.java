package leibniz.autograd;

import java.util.List;
import leibniz.autograd.TransformChecks.Batch;
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
 * The JVP and batching rules of {@link MatMulOp} for every operand kind: vector·vector, matrix·vector,
 * vector·matrix, matrix·matrix and stacks whose batch dimensions broadcast, under all four transpose
 * flags, with each operand batched (at any axis) or shared, since a vmapped product has all four cases
 * of batched and unbatched operands. Names follow {@link OpCoverageTest}.
 */
class MatMulTransformProperties {
    private static final int TRIES = 25;

    /** Two operands of one product and its flags. */
    record Product(Tensor a, Tensor b, boolean ta, boolean tb) {}

    /** A matrix of product-side dimensions (rows, cols) with batch dimensions, stored transposed when {@code t}. */
    private static Shape matrix(Shape batch, int rows, int cols, boolean t) {
        Shape s = batch.inserting(batch.rank(), t ? cols : rows);
        return s.inserting(s.rank(), t ? rows : cols);
    }

    /** Each operand a vector (kind 0) or a stack of matrices from the broadcast pair; flags only on matrices. */
    @Provide
    Arbitrary<Product> products() {
        return Combinators.combine(TensorArbitraries.broadcastPairs(2, 2), Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(1, 3).list().ofSize(3), Arbitraries.of(false, true),
                Arbitraries.of(false, true)).flatAs((pair, kind, mkn, flagA, flagB) -> {
                    boolean vecA = (kind & 1) != 0;
                    boolean vecB = (kind & 2) != 0;
                    boolean ta = !vecA && flagA;
                    boolean tb = !vecB && flagB;
                    int m = mkn.get(0);
                    int k = mkn.get(1);
                    int n = mkn.get(2);
                    Shape a = vecA ? Shape.of(k) : matrix(pair.a(), m, k, ta);
                    Shape b = vecB ? Shape.of(k) : matrix(pair.b(), k, n, tb);
                    return Combinators.combine(TensorArbitraries.tensors(a, -1, 1), TensorArbitraries.tensors(b, -1, 1))
                            .as((x, y) -> new Product(x, y, ta, tb));
                });
    }

    @Provide
    Arbitrary<Batch> batches() {
        return TransformChecks.batches();
    }

    @Property(tries = TRIES)
    void jvpOfMatMulOp(@ForAll("products") Product p) {
        TransformChecks.jvp(xs -> xs.get(0).matmul(xs.get(1), p.ta(), p.tb()), p.a(), p.b());
    }

    @Property(tries = TRIES)
    void vmapOfMatMulOp(@ForAll("products") Product p, @ForAll("batches") Batch b) {
        TransformChecks.vmap(xs -> xs.get(0).matmul(xs.get(1), p.ta(), p.tb()), b, p.a(), p.b());
    }

    /** What layers hit: a batch of rows against a shared matrix, and a shared matrix against a batch of vectors. */
    @Property(tries = TRIES)
    void vmapOfMatMulOpAgainstSharedOperands(@ForAll("products") Product p, @ForAll("batches") Batch b) {
        Batch first = new Batch(b.size(), List.of(0, p.b().rank() + 1));
        TransformChecks.vmap(xs -> xs.get(0).matmul(xs.get(1), p.ta(), p.tb()), first, p.a(), p.b());
        Batch second = new Batch(b.size(), List.of(p.a().rank() + 1, 0));
        TransformChecks.vmap(xs -> xs.get(0).matmul(xs.get(1), p.ta(), p.tb()), second, p.a(), p.b());
    }
}
