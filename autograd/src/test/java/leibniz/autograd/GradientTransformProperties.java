package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import leibniz.autograd.TransformChecks.Batch;
import leibniz.autograd.check.TensorArbitraries;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The JVP and batching rules of the {@link Gradient} marker that reverse mode puts on every gradient: forward
 * over reverse goes through it as through v, and vmap of a gradient is one gradient per example, unmarked,
 * so that a compiled program does not derive the gradient of the batched function in its place.
 */
class GradientTransformProperties {
    @Provide
    Arbitrary<Tensor> moderate() {
        return TensorArbitraries.tensors(0, 3, 3, -3, 3);
    }

    @Provide
    Arbitrary<Batch> batches() {
        return TransformChecks.batches();
    }

    @Property(tries = 15)
    void jvpOfGradient(@ForAll("moderate") Tensor x) {
        TransformChecks.jvp(xs -> Autograd.grad(xs.get(0).sin().sum(), xs.get(0)).get(0), x);
    }

    /** log σ(x) is what the compiler stabilizes, the marked gradient's function included. */
    @Property(tries = 15)
    void vmapOfGradient(@ForAll("moderate") Tensor x, @ForAll("batches") Batch b) {
        TransformChecks.vmap(xs -> Autograd.grad(xs.get(0).sigmoid().log().sum(), xs.get(0)).get(0), b, x);
    }

    /** Per-example gradients of a shared parameter, compiled: [B, ...], not the gradient of the batch's sum. */
    @Property(tries = 15)
    void vmapOfGradientOfASharedParameter(@ForAll("moderate") Tensor x) {
        Node w = Parameter.of("w", Tensor.scalar(0.7)).node();
        Node batch = Node.constant(x.reshape(-1));
        Node perExample = Transforms.vmap(xs -> Autograd.grad(xs.get(0).mul(w).sigmoid().log(), List.of(w)))
                .apply(List.of(batch)).get(0);
        assertEquals(Shape.of(x.size()), perExample.shape());
        Tensor expected = x.reshape(-1).mul(x.reshape(-1).mul(-0.7).sigmoid());
        assertTrue(perExample.value().allClose(expected, 1e-12, 1e-14), perExample.value() + " vs " + expected);
    }
}
