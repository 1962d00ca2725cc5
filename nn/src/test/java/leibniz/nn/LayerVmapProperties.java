package leibniz.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import leibniz.autograd.Node;
import leibniz.autograd.Transforms;
import leibniz.autograd.check.TensorArbitraries;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * vmap of the layers, each applied to one example (with a leading axis of size 1 where the layer wants a
 * batch), equals the layer applied to each example and the results stacked: Linear on vectors and on
 * sequences, Conv1d, Conv2d, LayerNorm and multi-head attention, causal or not.
 */
class LayerVmapProperties {
    private static final SplittableRandom RNG = new SplittableRandom(3);
    private static final Linear LINEAR = Linear.create(4, 3, RNG);
    private static final Conv1d CONV1 = Conv1d.create(2, 3, 3, 2, 1, RNG);
    private static final Conv2d CONV2 = Conv2d.create(2, 3, 3, 1, 1, RNG);
    private static final LayerNorm NORM = LayerNorm.create(4);
    private static final MultiHeadAttention ATTENTION = MultiHeadAttention.create(4, 2, RNG);
    private static final MultiHeadAttention CAUSAL = MultiHeadAttention.create(4, 2, true, RNG);

    /** Batches of 1 to 4 examples of the given shape, values in [-1, 1]. */
    private static Arbitrary<Tensor> batches(int... example) {
        return Arbitraries.integers().between(1, 4).flatMap(b -> TensorArbitraries.tensors(Shape.of(example)
                .inserting(0, b), -1, 1));
    }

    /** {@code layer} on a batch by vmap, against the layer on each example. */
    private static void agrees(UnaryOperator<Node> layer, Tensor batch) {
        Node batched = Transforms.vmap(xs -> List.of(layer.apply(xs.get(0)))).apply(List.of(Node.constant(batch)))
                .get(0);
        int n = batch.shape().dim(0);
        Tensor[] parts = new Tensor[n];
        for (int b = 0; b < n; b++) {
            parts[b] = layer.apply(Node.constant(batch.indexSelect(0, Tensor.scalar(b)))).value();
        }
        Tensor expected = Tensor.stack(0, parts);
        assertEquals(expected.shape(), batched.shape());
        assertTrue(batched.value().allClose(expected, 1e-10, 1e-12), () -> batched.value() + " vs " + expected);
    }

    /** The module on one example given a batch axis of 1, which is then dropped again. */
    private static UnaryOperator<Node> single(Module m) {
        return x -> m.forward(x.unsqueeze(0)).squeeze(0);
    }

    @Property(tries = 10)
    void linearOnVectors(@ForAll("vectors") Tensor batch) {
        agrees(LINEAR::forward, batch);
    }

    @Property(tries = 10)
    void linearOnSequences(@ForAll("sequences") Tensor batch) {
        agrees(LINEAR::forward, batch);
    }

    @Property(tries = 10)
    void conv1d(@ForAll("signals") Tensor batch) {
        agrees(single(CONV1), batch);
    }

    @Property(tries = 10)
    void conv2d(@ForAll("images") Tensor batch) {
        agrees(single(CONV2), batch);
    }

    @Property(tries = 10)
    void layerNorm(@ForAll("sequences") Tensor batch) {
        agrees(NORM::forward, batch);
    }

    @Property(tries = 10)
    void attention(@ForAll("sequences") Tensor batch) {
        agrees(single(ATTENTION), batch);
        agrees(single(CAUSAL), batch);
    }

    @Provide
    Arbitrary<Tensor> vectors() {
        return batches(4);
    }

    @Provide
    Arbitrary<Tensor> sequences() {
        return batches(3, 4);
    }

    @Provide
    Arbitrary<Tensor> signals() {
        return batches(2, 7);
    }

    @Provide
    Arbitrary<Tensor> images() {
        return batches(2, 4, 5);
    }
}
