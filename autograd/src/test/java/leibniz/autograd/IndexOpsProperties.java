package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import leibniz.autograd.check.GradCheck;
import leibniz.autograd.check.TensorArbitraries;
import leibniz.core.DType;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * First and second derivatives of {@link IndexOps.IndexSelect} with respect to the gathered tensor and of
 * {@link IndexOps.IndexAdd} with respect to the updates, with indices that repeat (so gradients must
 * accumulate) along every axis, and their F32 twins ({@link OpChecks}); the indices themselves get the
 * symbolic zero. Both ops are linear in their differentiable input, so the second-order check runs on the
 * square of the op.
 */
class IndexOpsProperties {
    private static final int TRIES = 25;

    /** Indices of rank 0 to 2 into an axis of size {@code bound}: up to 9 into 3 slots, so repeats are common. */
    static Arbitrary<Tensor> indices(int bound) {
        return TensorArbitraries.shapes(0, 2, 3).flatMap(s -> TensorArbitraries.indices(s, bound));
    }

    private static Arbitrary<Tensor> uniform(Shape s) {
        return TensorArbitraries.tensors(s, -1, 1);
    }

    /** A tensor of rank 1 to 3 and, for each axis from −rank to rank − 1, indices into it. */
    record EveryAxis(Tensor x, List<Tensor> indices) {
        Node at(int axis) {
            return Node.constant(indices.get(axis + x.rank()));
        }
    }

    @Provide
    Arbitrary<EveryAxis> everyAxis() {
        return everyAxis(1);
    }

    /** Tensors of rank 1 to 3 with values in [−range, range], each with indices for every axis. */
    static Arbitrary<EveryAxis> everyAxis(double range) {
        return TensorArbitraries.shapes(1, 3, 3).flatMap(s -> {
            List<Arbitrary<Tensor>> each = new ArrayList<>();
            for (int a = -s.rank(); a < s.rank(); a++) {
                each.add(indices(s.dim(a)));
            }
            return Combinators.combine(TensorArbitraries.tensors(s, -range, range), Combinators.combine(each)
                    .as(List::copyOf)).as(EveryAxis::new);
        });
    }

    /** Indices into one axis of a target and updates of the shape they take from it. */
    record Updates(Tensor indices, Tensor updates) {}

    /** A target shape of rank 1 to 3 and, for each axis from 0 to rank − 1, updates to add along it. */
    record Target(Shape shape, List<Updates> updates) {}

    @Provide
    Arbitrary<Target> targets() {
        return TensorArbitraries.shapes(1, 3, 3).flatMap(s -> {
            List<Arbitrary<Updates>> each = new ArrayList<>();
            for (int a = 0; a < s.rank(); a++) {
                int axis = a;
                each.add(indices(s.dim(a)).flatMap(i -> uniform(IndexOps.taken(s, axis, i.shape()))
                        .map(u -> new Updates(i, u))));
            }
            return Combinators.combine(each).as(u -> new Target(s, List.copyOf(u)));
        });
    }

    /** A tensor, an axis of it, and two positions along the axis. */
    record Positions(Tensor x, int axis, int i, int j) {}

    @Provide
    Arbitrary<Positions> positions() {
        return TensorArbitraries.shapes(1, 3, 3).flatMap(s -> Arbitraries.integers().between(0, s.rank() - 1)
                .flatMap(axis -> Combinators.combine(uniform(s), Arbitraries.integers().between(0, s.dim(axis) - 1),
                        Arbitraries.integers().between(0, s.dim(axis) - 1))
                        .as((x, i, j) -> new Positions(x, axis, i, j))));
    }

    @Provide
    Arbitrary<Tensor> classes() {
        return TensorArbitraries.shapes(1, 3, 3).flatMap(s -> TensorArbitraries.indices(s, 4));
    }

    @Property(tries = TRIES)
    void gradOfIndexSelect(@ForAll("everyAxis") EveryAxis c) {
        for (int axis = -c.x().rank(); axis < c.x().rank(); axis++) {
            int a = axis;
            Node idx = c.at(a);
            OpChecks.linear(xs -> xs.get(0).indexSelect(a, idx), c.x());
        }
    }

    @Property(tries = TRIES)
    void gradOfIndexSelectWithRepeatedIndices(@ForAll("positions") Positions c) {
        Node idx = Node.constant(Tensor.vector(c.i(), c.i(), c.j(), c.i()));
        GradCheck.of(xs -> xs.get(0).indexSelect(c.axis(), idx)).check(c.x());
        GradCheck.of(xs -> xs.get(0).indexSelect(c.axis(), idx).sin()).checkSecondOrder(c.x());
    }

    @Property(tries = TRIES)
    void gradOfIndexAdd(@ForAll("targets") Target t) {
        Shape target = t.shape();
        for (int axis = 0; axis < target.rank(); axis++) {
            int a = axis;
            Node idx = Node.constant(t.updates().get(a).indices());
            Tensor updates = t.updates().get(a).updates();
            GradCheck.of(xs -> Node.indexAdd(target, a, idx, xs.get(0))).check(updates);
            GradCheck.of(xs -> Node.indexAdd(target, a - target.rank(), idx, xs.get(0)).square())
                    .checkSecondOrder(updates);
            OpChecks.twin(xs -> Node.indexAdd(target, a, idx, xs.get(0)), updates);
        }
    }

    /** One-hot is piecewise constant in its indices: the engine does not walk into it. Its rows are F64 data. */
    @Property(tries = TRIES)
    void noGradOfOneHot(@ForAll("classes") Tensor classes) {
        Shape s = classes.shape();
        Node idx = Parameter.of("i", classes).node();
        Node hot = idx.oneHot(4);
        assertTrue(Autograd.grad(hot.square().sum(), idx).get(0).isZero());
        assertTrue(Autograd.grad(hot.sum().add(idx.sum()), idx).get(0).value().allClose(Tensor.ones(s), 0, 0));
        assertTrue(hot.sum(-1).value().allClose(Tensor.ones(s), 0, 0));
        OpChecks.twin(DType.F64, xs -> xs.get(0).oneHot(4), classes);
    }

    @Property(tries = TRIES)
    void indicesGetTheSymbolicZero(@ForAll("positions") Positions c) {
        Shape s = c.x().shape();
        Node x = Parameter.of("x", c.x()).node();
        Node idx = Parameter.of("i", Tensor.vector(c.i(), c.j(), c.i())).node();
        Node gathered = x.indexSelect(c.axis(), idx);
        assertTrue(Autograd.grad(gathered.square().sum(), idx).get(0).isZero());
        Node scattered = Node.indexAdd(s, c.axis(), idx, gathered);
        List<Node> grads = Autograd.grad(scattered.square().sum(), idx, x);
        assertTrue(grads.get(0).isZero());
        assertTrue(!grads.get(1).isZero());
    }
}
