package leibniz.examples.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import leibniz.autograd.Autograd;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.autograd.Program;
import leibniz.core.DType;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import leibniz.nn.Activation;
import leibniz.nn.Context;
import leibniz.nn.Linear;
import leibniz.nn.Losses;
import leibniz.nn.Module;
import leibniz.nn.Sequential;
import org.junit.jupiter.api.Test;

/** README, "Single precision": an F32 model, placeholders that convert, and the promotion rule. */
class SinglePrecisionTest {
    @Test
    void theTypesAreAsCommented() {
        var rng = new SplittableRandom(42);
        Module mlp = Sequential.of(Linear.create(784, 256, rng), Activation.relu(), Linear.create(256, 10, rng))
                .to(DType.F32);                                         // parameters now hold F32 values
        Node x = Node.placeholder("x", Shape.of(64, 784), DType.F32);   // F64 batches fed here are converted
        Node logits = mlp.forward(x, Context.training());               // logits.dtype() is F32
        Tensor t = Tensor.of(new float[] {1, 2, 3}, 3).mul(0.5);        // F32: an F64 scalar does not widen it
        Tensor u = t.add(Tensor.vector(1, 1, 1));                       // F64: F64 data of rank 1 or more does

        assertEquals(DType.F32, logits.dtype());
        assertEquals(Tensor.of(new float[] {0.5f, 1, 1.5f}, 3), t);
        assertEquals(Tensor.vector(1.5, 2, 2.5), u);
        mlp.parameters().values().forEach(p -> assertEquals(DType.F32, p.dtype(), p.name()));

        Node y = Node.placeholder("y", Shape.of(64), DType.F32);
        List<Parameter> ps = List.copyOf(mlp.parameters().values());
        List<Node> grads = Autograd.gradients(Losses.crossEntropy(logits, y), ps);
        grads.forEach(g -> assertEquals(DType.F32, g.dtype()));
        List<Tensor> values = Program.of(grads).run(Map.of(x, Tensor.uniform(1, 0, 1, 64, 784),
                y, Tensor.arange(64).map(i -> i % 10)));
        assertTrue(values.stream().allMatch(v -> v.dtype() == DType.F32), "fed F64, computed in F32");
    }
}
