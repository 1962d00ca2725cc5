package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import leibniz.autograd.GatherProperties.Case;
import leibniz.autograd.TransformChecks.Batch;
import leibniz.autograd.check.TensorArbitraries;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The JVP and batching rules of the index ops. The JVPs are the ops applied to the values' tangent; the
 * batches take the values and the indices each batched or shared, with different indices for each example
 * where they are batched (which is where indexSelect and indexAdd become a gather and a scatter). Names
 * follow {@link OpCoverageTest}.
 */
class IndexTransformProperties {
    private static final int TRIES = 15;

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

    /** {@code size} index tensors of one random shape of rank 0 to 2, into an axis of length {@code bound}. */
    private static Tensor[] indices(SplittableRandom rng, int size, int bound) {
        Shape s = Samples.shape(rng, 0, 2, 3);
        Tensor[] parts = new Tensor[size];
        for (int b = 0; b < size; b++) {
            parts[b] = Samples.indices(rng, s, bound);
        }
        return parts;
    }

    /** {@code size} tensors like x: x itself, then others from the generator. */
    private static Tensor[] like(Tensor x, SplittableRandom rng, int size) {
        Tensor[] parts = new Tensor[size];
        for (int b = 0; b < size; b++) {
            parts[b] = b == 0 ? x : Samples.uniform(rng, x.shape());
        }
        return parts;
    }

    @Property(tries = TRIES)
    void jvpOfIndexSelect(@ForAll("values") Tensor x, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (int axis = -x.rank(); axis < x.rank(); axis++) {
            int a = axis;
            Node idx = Node.constant(indices(rng, 1, x.shape().dim(a))[0]);
            TransformChecks.jvp(xs -> xs.get(0).indexSelect(a, idx).square(), x);
        }
    }

    @Property(tries = TRIES)
    void vmapOfIndexSelect(@ForAll("values") Tensor x, @ForAll("batches") Batch b, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int axis = rng.nextInt(x.rank());
        TransformChecks.vmapExamples(xs -> xs.get(0).indexSelect(axis, xs.get(1)), b,
                List.of(like(x, rng, b.size()), indices(rng, b.size(), x.shape().dim(axis))));
    }

    @Property(tries = TRIES)
    void jvpOfIndexAdd(@ForAll("values") Tensor target, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int axis = rng.nextInt(target.rank());
        Tensor idx = indices(rng, 1, target.shape().dim(axis))[0];
        Tensor updates = Samples.uniform(rng, IndexOps.taken(target.shape(), axis, idx.shape()));
        TransformChecks.jvp(xs -> Node.indexAdd(target.shape(), axis, Node.constant(idx), xs.get(0)).square(), updates);
    }

    @Property(tries = TRIES)
    void vmapOfIndexAdd(@ForAll("values") Tensor target, @ForAll("batches") Batch b, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int axis = rng.nextInt(target.rank());
        Tensor[] idx = indices(rng, b.size(), target.shape().dim(axis));
        Tensor updates = Samples.uniform(rng, IndexOps.taken(target.shape(), axis, idx[0].shape()));
        TransformChecks.vmapExamples(xs -> Node.indexAdd(target.shape(), axis, xs.get(0), xs.get(1)), b,
                List.of(idx, like(updates, rng, b.size())));
    }

    @Property(tries = TRIES)
    void jvpOfGather(@ForAll("cases") Case c) {
        Node index = Node.constant(c.index());
        TransformChecks.jvp(xs -> xs.get(0).gather(c.axis(), index).square(), c.x());
    }

    @Property(tries = TRIES)
    void vmapOfGather(@ForAll("cases") Case c, @ForAll("batches") Batch b, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int a = c.axis() < 0 ? c.axis() + c.x().rank() : c.axis();
        Tensor[] index = new Tensor[b.size()];
        for (int k = 0; k < index.length; k++) {
            index[k] = Samples.indices(rng, c.index().shape(), c.x().shape().dim(a));
        }
        TransformChecks.vmapExamples(xs -> xs.get(0).gather(c.axis(), xs.get(1)), b,
                List.of(like(c.x(), rng, b.size()), index));
    }

    @Property(tries = TRIES)
    void jvpOfScatterAdd(@ForAll("cases") Case c) {
        Node index = Node.constant(c.index());
        TransformChecks.jvp(xs -> Node.scatterAdd(c.x().shape(), c.axis(), index, xs.get(0)).square(), c.src());
    }

    @Property(tries = TRIES)
    void vmapOfScatterAdd(@ForAll("cases") Case c, @ForAll("batches") Batch b, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int a = c.axis() < 0 ? c.axis() + c.x().rank() : c.axis();
        Tensor[] index = new Tensor[b.size()];
        for (int k = 0; k < index.length; k++) {
            index[k] = Samples.indices(rng, c.index().shape(), c.x().shape().dim(a));
        }
        TransformChecks.vmapExamples(xs -> Node.scatterAdd(c.x().shape(), c.axis(), xs.get(0), xs.get(1)), b,
                List.of(index, like(c.src(), rng, b.size())));
    }

    @Property(tries = TRIES)
    void jvpOfOneHot(@ForAll("values") Tensor x, @ForAll long seed) {
        Node idx = Parameter.of("i", Samples.indices(new SplittableRandom(seed), x.shape(), 4)).node();
        assertTrue(Autograd.jvp(idx.oneHot(4), List.of(idx), List.of(Node.constant(Tensor.ones(x.shape())))).isZero());
    }

    @Property(tries = TRIES)
    void vmapOfOneHot(@ForAll("values") Tensor x, @ForAll("batches") Batch b, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Tensor[] idx = new Tensor[b.size()];
        for (int k = 0; k < idx.length; k++) {
            idx[k] = Samples.indices(rng, x.shape(), 4);
        }
        TransformChecks.vmapExamples(xs -> xs.get(0).oneHot(4).mul(xs.get(1).unsqueeze(-1)), b,
                List.of(idx, like(x, rng, b.size())));
    }
}
