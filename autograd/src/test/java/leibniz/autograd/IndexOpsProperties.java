package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import leibniz.autograd.check.GradCheck;
import leibniz.autograd.check.TensorArbitraries;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * First and second derivatives of {@link IndexOps.IndexSelect} with respect to the gathered tensor and of
 * {@link IndexOps.IndexAdd} with respect to the updates, with indices that repeat (so gradients must
 * accumulate) along every axis; the indices themselves get the symbolic zero. Both ops are linear in
 * their differentiable input, so the second-order check runs on the square of the op.
 */
class IndexOpsProperties {
    private static final int TRIES = 25;

    @Provide
    Arbitrary<Shape> shapes() {
        return TensorArbitraries.shapes(1, 3, 3);
    }

    /** Indices of rank 0 to 2 into an axis of size {@code bound}: up to 9 into 3 slots, so repeats are common. */
    private static Node indices(SplittableRandom rng, int bound) {
        return Node.constant(Samples.indices(rng, Samples.shape(rng, 0, 2, 3), bound));
    }

    @Property(tries = TRIES)
    void gradOfIndexSelect(@ForAll("shapes") Shape s, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Tensor x = Samples.uniform(rng, s);
        for (int axis = -s.rank(); axis < s.rank(); axis++) {
            int a = axis;
            Node idx = indices(rng, s.dim(a));
            GradCheck.of(xs -> xs.get(0).indexSelect(a, idx)).check(x);
            GradCheck.of(xs -> xs.get(0).indexSelect(a, idx).square()).checkSecondOrder(x);
        }
    }

    @Property(tries = TRIES)
    void gradOfIndexSelectWithRepeatedIndices(@ForAll("shapes") Shape s, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int axis = rng.nextInt(s.rank());
        int i = rng.nextInt(s.dim(axis));
        Node idx = Node.constant(Tensor.vector(i, i, rng.nextInt(s.dim(axis)), i));
        Tensor x = Samples.uniform(rng, s);
        GradCheck.of(xs -> xs.get(0).indexSelect(axis, idx)).check(x);
        GradCheck.of(xs -> xs.get(0).indexSelect(axis, idx).sin()).checkSecondOrder(x);
    }

    @Property(tries = TRIES)
    void gradOfIndexAdd(@ForAll("shapes") Shape target, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (int axis = 0; axis < target.rank(); axis++) {
            int a = axis;
            Node idx = indices(rng, target.dim(a));
            Tensor updates = Samples.uniform(rng, IndexOps.taken(target, a, idx.shape()));
            GradCheck.of(xs -> Node.indexAdd(target, a, idx, xs.get(0))).check(updates);
            GradCheck.of(xs -> Node.indexAdd(target, a - target.rank(), idx, xs.get(0)).square())
                    .checkSecondOrder(updates);
        }
    }

    /** One-hot is piecewise constant in its indices: the engine does not walk into it. */
    @Property(tries = TRIES)
    void noGradOfOneHot(@ForAll("shapes") Shape s, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Tensor classes = Samples.indices(rng, s, 4);
        Node idx = Parameter.of("i", classes).node();
        Node hot = idx.oneHot(4);
        assertTrue(Autograd.grad(hot.square().sum(), idx).get(0).isZero());
        assertTrue(Autograd.grad(hot.sum().add(idx.sum()), idx).get(0).value().allClose(Tensor.ones(s), 0, 0));
        assertTrue(hot.sum(-1).value().allClose(Tensor.ones(s), 0, 0));
    }

    @Property(tries = TRIES)
    void indicesGetTheSymbolicZero(@ForAll("shapes") Shape s, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int axis = rng.nextInt(s.rank());
        Node x = Parameter.of("x", Samples.uniform(rng, s)).node();
        Node idx = Parameter.of("i", Samples.indices(rng, Shape.of(3), s.dim(axis))).node();
        Node gathered = x.indexSelect(axis, idx);
        assertTrue(Autograd.grad(gathered.square().sum(), idx).get(0).isZero());
        Node scattered = Node.indexAdd(s, axis, idx, gathered);
        List<Node> grads = Autograd.grad(scattered.square().sum(), idx, x);
        assertTrue(grads.get(0).isZero());
        assertTrue(!grads.get(1).isZero());
    }
}
