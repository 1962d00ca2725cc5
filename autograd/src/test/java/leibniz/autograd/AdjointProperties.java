package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The linear ops against their transposes: {@code <L(x), r> = <x, Lᵀ(r)>}, where {@code Lᵀ(r)} is the
 * VJP the engine builds with output gradient r. No finite differences, so the tolerance is 1e-12.
 */
class AdjointProperties {

    /** Checks the adjoint identity for L at a random x of {@code shape} and a random r of L's output shape. */
    static void assertAdjoint(SplittableRandom rng, Shape shape, UnaryOperator<Node> linear) {
        Node x = Parameter.of("x", Samples.uniform(rng, shape)).node();
        Node y = linear.apply(x);
        Tensor r = Samples.uniform(rng, y.shape());
        Node transposed = Autograd.vjp(y, List.of(x), Node.constant(r)).get(0);
        assertEquals(shape, transposed.shape());
        double lhs = Samples.dot(y.value(), r);
        double rhs = Samples.dot(x.value(), transposed.value());
        assertEquals(lhs, rhs, 1e-12 * (1 + Math.abs(lhs)), "<L(x), r> vs <x, Lᵀ(r)>");
    }

    @Property(tries = 25)
    void adjointOfReshape(@ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Shape s = Samples.shape(rng, 0, 4, 4);
        int[] reversed = new int[s.rank()];
        for (int i = 0; i < reversed.length; i++) {
            reversed[i] = s.dim(s.rank() - 1 - i);
        }
        assertAdjoint(rng, s, x -> x.reshape(reversed).reshape(-1).unsqueeze(0));
    }

    @Property(tries = 25)
    void adjointOfPermute(@ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Shape s = Samples.shape(rng, 1, 4, 4);
        int[] order = Samples.permutation(rng, s.rank());
        assertAdjoint(rng, s, x -> x.permute(order));
    }

    @Property(tries = 25)
    void adjointOfBroadcastTo(@ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Shape out = Samples.shape(rng, 0, 4, 3);
        assertAdjoint(rng, Samples.operand(rng, out), x -> x.broadcastTo(out));
    }

    @Property(tries = 25)
    void adjointOfSumTo(@ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Shape in = Samples.shape(rng, 0, 4, 3);
        Shape target = Samples.operand(rng, in);
        assertAdjoint(rng, in, x -> x.sumTo(target));
    }

    @Property(tries = 25)
    void adjointOfSlice(@ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Shape s = Samples.shape(rng, 1, 4, 5);
        int axis = rng.nextInt(s.rank());
        int start = rng.nextInt(s.dim(axis) + 1);
        int end = rng.nextInt(start, s.dim(axis) + 1);
        assertAdjoint(rng, s, x -> x.slice(axis - s.rank(), start, end));
    }

    @Property(tries = 25)
    void adjointOfPad(@ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Shape s = Samples.shape(rng, 1, 4, 4);
        int axis = rng.nextInt(s.rank());
        int start = rng.nextInt(3);
        int size = s.dim(axis) + start + rng.nextInt(3);
        assertAdjoint(rng, s, x -> Node.apply(new LayoutOps.Pad(s.withDim(axis, size), axis, start, start + s.dim(axis), 1), x));
    }

    @Property(tries = 25)
    void adjointOfConcat(@ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Shape s = Samples.shape(rng, 1, 3, 4);
        int axis = rng.nextInt(s.rank());
        int head = rng.nextInt(s.dim(axis) + 1);
        int tail = rng.nextInt(s.dim(axis) + 1);
        // Every part is linear in x (a constant part would make L affine), and x itself appears twice.
        assertAdjoint(rng, s, x -> Node.concat(axis, x.slice(axis, 0, head), x, x.slice(axis, tail, s.dim(axis)), x));
    }

    @Property(tries = 25)
    void adjointOfStack(@ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Shape s = Samples.shape(rng, 0, 3, 4);
        int axis = rng.nextInt(s.rank() + 1);
        assertAdjoint(rng, s, x -> Node.stack(axis, x, x.neg(), x));
    }

    @Property(tries = 25)
    void adjointOfIndexSelect(@ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Shape s = Samples.shape(rng, 1, 3, 4);
        int axis = rng.nextInt(s.rank());
        Node indices = Node.constant(Samples.indices(rng, Samples.shape(rng, 0, 2, 5), s.dim(axis)));
        assertAdjoint(rng, s, x -> x.indexSelect(axis, indices));
    }

    @Property(tries = 25)
    void adjointOfIndexAdd(@ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Shape target = Samples.shape(rng, 1, 3, 4);
        int axis = rng.nextInt(target.rank());
        Tensor idx = Samples.indices(rng, Samples.shape(rng, 0, 2, 5), target.dim(axis));
        Node indices = Node.constant(idx);
        Shape updates = IndexOps.taken(target, axis, idx.shape());
        assertAdjoint(rng, updates, u -> Node.indexAdd(target, axis, indices, u));
    }

    @Property(tries = 25)
    void adjointOfMatMulOpInEachArgument(@ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int m = rng.nextInt(1, 4);
        int k = rng.nextInt(1, 4);
        int n = rng.nextInt(1, 4);
        Shape batch = Samples.shape(rng, 0, 2, 3);
        boolean ta = rng.nextBoolean();
        boolean tb = rng.nextBoolean();
        Shape a = batch.rank() == 0 ? Shape.of(ta ? k : m, ta ? m : k) : append(batch, ta ? k : m, ta ? m : k);
        Shape b = Shape.of(tb ? n : k, tb ? k : n);
        Node fixedA = Node.constant(Samples.uniform(rng, a));
        Node fixedB = Node.constant(Samples.uniform(rng, b));
        assertAdjoint(rng, a, x -> x.matmul(fixedB, ta, tb));
        assertAdjoint(rng, b, x -> fixedA.matmul(x, ta, tb));
        assertAdjoint(rng, Shape.of(k), x -> fixedA.matmul(x, ta, false));
        assertAdjoint(rng, Shape.of(k), x -> x.matmul(fixedB, false, tb));
    }

    private static Shape append(Shape batch, int rows, int cols) {
        return batch.inserting(batch.rank(), rows).inserting(batch.rank() + 1, cols);
    }
}
