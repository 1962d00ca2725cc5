package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import leibniz.autograd.GatherProperties.Case;
import leibniz.autograd.IndexOpsProperties.EveryAxis;
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
 * The JVP and batching rules of the index ops. The JVPs are the ops applied to the values' tangent; the
 * batches take the values and the indices each batched or shared, with different indices for each example
 * where they are batched (which is where indexSelect and indexAdd become a gather and a scatter). Each
 * example's tensors are generated with the batch, so a failure shrinks to a small one. Names follow
 * {@link OpCoverageTest}.
 */
class IndexTransformProperties {
    private static final int TRIES = 15;

    private static Arbitrary<Tensor> values(Shape s) {
        return TensorArbitraries.tensors(s, -2, 2);
    }

    @Provide
    Arbitrary<Tensor> values() {
        return TensorArbitraries.tensors(1, 3, 3, -2, 2);
    }

    @Provide
    Arbitrary<Case> cases() {
        return new GatherProperties().cases();
    }

    @Provide
    Arbitrary<Batch> batches() {
        return TransformChecks.batches();
    }

    @Provide
    Arbitrary<EveryAxis> everyAxis() {
        return IndexOpsProperties.everyAxis(2);
    }

    /** {@code first}, then {@code size − 1} more tensors of its shape: one per example of a batch. */
    private static Arbitrary<List<Tensor>> like(Tensor first, int size) {
        return values(first.shape()).list().ofSize(size - 1).map(rest -> {
            List<Tensor> all = new ArrayList<>(List.of(first));
            all.addAll(rest);
            return all;
        });
    }

    /** {@code size} index tensors of {@code shape} into an axis of length {@code bound}. */
    private static Arbitrary<List<Tensor>> indices(Shape shape, int bound, int size) {
        return TensorArbitraries.indices(shape, bound).list().ofSize(size);
    }

    private static Tensor[] array(List<Tensor> ts) {
        return ts.toArray(Tensor[]::new);
    }

    /** A batch, an axis of the values, and per example the values and indices of one shape of rank 0 to 2. */
    record Selects(Batch batch, int axis, List<Tensor> values, List<Tensor> indices) {}

    @Provide
    Arbitrary<Selects> selects() {
        return Combinators.combine(batches(), values(), TensorArbitraries.shapes(0, 2, 3)).flatAs((b, x, is) ->
                Arbitraries.integers().between(0, x.rank() - 1).flatMap(axis -> Combinators.combine(like(x, b.size()),
                        indices(is, x.shape().dim(axis), b.size())).as((v, i) -> new Selects(b, axis, v, i))));
    }

    /** An indexAdd: the target's shape, an axis, indices of rank 0 to 2 and updates of the shape they take. */
    record Add(Shape target, int axis, Tensor indices, Tensor updates) {}

    @Provide
    Arbitrary<Add> adds() {
        return TensorArbitraries.shapes(1, 3, 3).flatMap(s -> Arbitraries.integers().between(0, s.rank() - 1)
                .flatMap(axis -> IndexOpsProperties.indices(s.dim(axis)).flatMap(i ->
                        values(IndexOps.taken(s, axis, i.shape())).map(u -> new Add(s, axis, i, u)))));
    }

    /** A batch, and per example indexAdds into one target and axis, their indices and updates each of one shape. */
    record Adds(Batch batch, Shape target, int axis, List<Tensor> indices, List<Tensor> updates) {}

    @Provide
    Arbitrary<Adds> batchedAdds() {
        return Combinators.combine(batches(), adds()).flatAs((b, a) -> Combinators.combine(
                indices(a.indices().shape(), a.target().dim(a.axis()), b.size()), like(a.updates(), b.size()))
                .as((i, u) -> new Adds(b, a.target(), a.axis(), i, u)));
    }

    /** A gather case, a batch, and per example an index of the case's index's shape, an x and a source. */
    record Gathers(Case c, Batch batch, List<Tensor> index, List<Tensor> xs, List<Tensor> srcs) {}

    @Provide
    Arbitrary<Gathers> gathers() {
        return Combinators.combine(cases(), batches()).flatAs((c, b) -> {
            int a = c.axis() < 0 ? c.axis() + c.x().rank() : c.axis();
            return Combinators.combine(indices(c.index().shape(), c.x().shape().dim(a), b.size()),
                    like(c.x(), b.size()), like(c.src(), b.size())).as((i, xs, srcs) -> new Gathers(c, b, i, xs, srcs));
        });
    }

    @Provide
    Arbitrary<Tensor> classes() {
        return TensorArbitraries.shapes(1, 3, 3).flatMap(s -> TensorArbitraries.indices(s, 4));
    }

    @Property(tries = TRIES)
    void jvpOfIndexSelect(@ForAll("everyAxis") EveryAxis c) {
        for (int axis = -c.x().rank(); axis < c.x().rank(); axis++) {
            int a = axis;
            Node idx = c.at(a);
            TransformChecks.jvp(xs -> xs.get(0).indexSelect(a, idx).square(), c.x());
        }
    }

    @Property(tries = TRIES)
    void vmapOfIndexSelect(@ForAll("selects") Selects e) {
        TransformChecks.vmapExamples(xs -> xs.get(0).indexSelect(e.axis(), xs.get(1)), e.batch(),
                List.of(array(e.values()), array(e.indices())));
    }

    @Property(tries = TRIES)
    void jvpOfIndexAdd(@ForAll("adds") Add c) {
        Node idx = Node.constant(c.indices());
        TransformChecks.jvp(xs -> Node.indexAdd(c.target(), c.axis(), idx, xs.get(0)).square(), c.updates());
    }

    @Property(tries = TRIES)
    void vmapOfIndexAdd(@ForAll("batchedAdds") Adds e) {
        TransformChecks.vmapExamples(xs -> Node.indexAdd(e.target(), e.axis(), xs.get(0), xs.get(1)), e.batch(),
                List.of(array(e.indices()), array(e.updates())));
    }

    @Property(tries = TRIES)
    void jvpOfGather(@ForAll("cases") Case c) {
        Node index = Node.constant(c.index());
        TransformChecks.jvp(xs -> xs.get(0).gather(c.axis(), index).square(), c.x());
    }

    @Property(tries = TRIES)
    void vmapOfGather(@ForAll("gathers") Gathers g) {
        TransformChecks.vmapExamples(xs -> xs.get(0).gather(g.c().axis(), xs.get(1)), g.batch(),
                List.of(array(g.xs()), array(g.index())));
    }

    @Property(tries = TRIES)
    void jvpOfScatterAdd(@ForAll("cases") Case c) {
        Node index = Node.constant(c.index());
        TransformChecks.jvp(xs -> Node.scatterAdd(c.x().shape(), c.axis(), index, xs.get(0)).square(), c.src());
    }

    @Property(tries = TRIES)
    void vmapOfScatterAdd(@ForAll("gathers") Gathers g) {
        Case c = g.c();
        TransformChecks.vmapExamples(xs -> Node.scatterAdd(c.x().shape(), c.axis(), xs.get(0), xs.get(1)), g.batch(),
                List.of(array(g.index()), array(g.srcs())));
    }

    @Property(tries = TRIES)
    void jvpOfOneHot(@ForAll("classes") Tensor classes) {
        Node idx = Parameter.of("i", classes).node();
        assertTrue(Autograd.jvp(idx.oneHot(4), List.of(idx), List.of(Node.constant(Tensor.ones(classes.shape()))))
                .isZero());
    }

    /** Per example classes and values of one shape. */
    record Hots(Batch batch, List<Tensor> classes, List<Tensor> values) {}

    @Provide
    Arbitrary<Hots> hots() {
        return Combinators.combine(batches(), values()).flatAs((b, x) -> Combinators.combine(
                indices(x.shape(), 4, b.size()), like(x, b.size())).as((i, v) -> new Hots(b, i, v)));
    }

    @Property(tries = TRIES)
    void vmapOfOneHot(@ForAll("hots") Hots h) {
        TransformChecks.vmapExamples(xs -> xs.get(0).oneHot(4).mul(xs.get(1).unsqueeze(-1)), h.batch(),
                List.of(array(h.classes()), array(h.values())));
    }
}
