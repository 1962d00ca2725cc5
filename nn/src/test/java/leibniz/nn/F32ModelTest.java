package leibniz.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import leibniz.autograd.Autograd;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.autograd.Program;
import leibniz.core.DType;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model converted with {@link Module#to} runs every layer in F32: outputs, losses and gradients stay
 * F32 (no layer brings an F64 constant of full shape that would promote them) and agree with the F64
 * twin built from the same seed to float precision.
 */
class F32ModelTest {
    @TempDir
    Path dir;

    /** A layer and an input shape for it. */
    private record Case(String name, Supplier<Module> model, int... input) {
    }

    private static List<Case> cases() {
        return List.of(
                new Case("mlp", () -> Sequential.of(Linear.create(5, 7, new SplittableRandom(1)), Activation.relu(),
                        Dropout.create(0.25, 3), Linear.create(7, 3, new SplittableRandom(2))), 4, 5),
                new Case("norms", () -> Sequential.of(BatchNorm1d.create(6), Activation.tanh(), LayerNorm.create(6)),
                        4, 6),
                new Case("rnn", () -> RNN.create(3, 4, new SplittableRandom(4)), 2, 5, 3),
                new Case("lstm", () -> LSTM.create(3, 4, new SplittableRandom(5)), 2, 5, 3),
                new Case("gru", () -> GRU.create(3, 4, new SplittableRandom(6)), 2, 5, 3),
                new Case("cnn", () -> Sequential.of(Conv2d.create(2, 3, 3, 1, 1, new SplittableRandom(7)),
                        BatchNorm2d.create(3), MaxPool2d.create(2), Flatten.create()), 2, 2, 6, 6),
                new Case("sequence norm", () -> BatchNorm1d.cumulative(3, 1e-5), 2, 3, 4),
                new Case("attention", () -> MultiHeadAttention.create(4, 2, true, new SplittableRandom(8)), 2, 3, 4));
    }

    @Test
    void everyLayerRunsForwardAndBackwardInF32AndAgreesWithItsF64Twin() {
        for (Case c : cases()) {
            Module wide = c.model().get();
            Module narrow = c.model().get().to(DType.F32);
            Tensor input = Tensor.normal(11, 0, 1, c.input());
            Result f64 = run(wide, input, DType.F64);
            Result f32 = run(narrow, input, DType.F32);
            assertEquals(DType.F32, f32.output.dtype(), c.name);
            assertTrue(f32.output.allClose(f64.output, 1e-4, 1e-4), c.name + ": " + f32.output + " vs " + f64.output);
            for (int i = 0; i < f64.grads.size(); i++) {
                Tensor g = f32.grads.get(i);
                assertEquals(DType.F32, g.dtype(), c.name + " gradient " + i);
                assertTrue(g.allClose(f64.grads.get(i), 1e-3, 1e-4), c.name + " gradient " + i + ": " + g + " vs "
                        + f64.grads.get(i));
            }
        }
    }

    private record Result(Tensor output, List<Tensor> grads) {
    }

    /** The training-mode output and the gradients of Σ output² with respect to every parameter. */
    private static Result run(Module model, Tensor input, DType type) {
        Node x = Node.placeholder("x", input.shape(), type);
        Node out = model.forward(x, Context.training());
        List<Parameter> params = new ArrayList<>(model.parameters().values());
        List<Node> outputs = new ArrayList<>(List.of(out));
        outputs.addAll(Autograd.gradients(out.square().sum(), params));
        List<Tensor> values = Program.of(outputs).run(Map.of(x, input));
        return new Result(values.get(0), values.subList(1, values.size()));
    }

    @Test
    void toConvertsParametersAndStatisticsButKeepsCountersInF64() {
        Module model = Sequential.of(Linear.create(3, 2, new SplittableRandom(1)), BatchNorm1d.create(2),
                Dropout.create(0.5, 1));
        assertSame(model, model.to(DType.F32));
        model.parameters().forEach((name, p) -> assertEquals(DType.F32, p.dtype(), name));
        model.buffers().forEach((name, b) -> assertEquals(b.shape().rank() == 0 ? DType.F64 : DType.F32, b.dtype(),
                name));
        assertEquals("to: a dtype is required",
                assertThrows(IllegalArgumentException.class, () -> model.to(null)).getMessage());
    }

    @Test
    void crossEntropyOfF32LogitsAgainstF64LabelsIsF32() {
        Node logits = Node.constant(Tensor.of(new float[] {2, 0, -1, 0.5f, 0.5f, 3}, 2, 3));
        Node labels = Node.constant(Tensor.vector(0, 2));
        Node loss = Losses.crossEntropy(logits, labels);
        assertEquals(DType.F32, loss.dtype());
        Tensor f64 = Losses.crossEntropy(logits.to(DType.F64), labels).value();
        assertEquals(f64.item(), loss.value().item(), 1e-6);
    }

    @Test
    void anF32ModelSavesAsF32AndLoadsIntoEitherType() throws IOException {
        Module model = Linear.create(3, 2, new SplittableRandom(9)).to(DType.F32);
        Path file = dir.resolve("m.safetensors");
        ModelFile.save(model, file);
        byte[] bytes = Files.readAllBytes(file);
        long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
        assertTrue(header.contains("\"weight\":{\"dtype\":\"F32\",\"shape\":[2,3]"), header);

        Module same = Linear.create(3, 2, new SplittableRandom(1)).to(DType.F32);
        ModelFile.load(same, file);
        assertEquals(model.parameters().get("weight").value(), same.parameters().get("weight").value());

        Module wide = Linear.create(3, 2, new SplittableRandom(1));
        ModelFile.load(wide, file);
        Tensor loaded = wide.parameters().get("weight").value();
        assertEquals(DType.F64, loaded.dtype());
        assertEquals(model.parameters().get("weight").value().to(DType.F64), loaded);
    }
}
