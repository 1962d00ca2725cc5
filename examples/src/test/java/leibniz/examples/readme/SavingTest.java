package leibniz.examples.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.SplittableRandom;
import leibniz.autograd.Parameter;
import leibniz.core.Safetensors;
import leibniz.core.Tensor;
import leibniz.nn.Activation;
import leibniz.nn.Linear;
import leibniz.nn.ModelFile;
import leibniz.nn.Sequential;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** README, "Saving and loading". */
class SavingTest {
    @TempDir
    java.nio.file.Path dir;

    @BeforeEach
    void useTheTemporaryFolder() {
        Path.folder = dir;
    }

    @Test
    void aModelRoundTripsAndAMismatchIsRefusedWithTheCommentedMessage() throws IOException {
        Sequential model = Sequential.of(Linear.create(2, 3, new SplittableRandom(1)), Activation.tanh());
        Tensor saved = model.parameters().get("0.weight").value();

        ModelFile.save(model, Path.of("model.safetensors"));              // atomic: temp file + fsync + rename
        Map<String, String> meta = ModelFile.load(model, Path.of("model.safetensors"));   // all or nothing
        // load: model.safetensors: '0.weight' has shape [2, 3], the model expects [3, 2]
        Safetensors.Contents c = Safetensors.read(Path.of("model.safetensors"));          // each tensor in its own type

        assertEquals(Map.of(), meta);
        assertEquals(saved, c.tensors().get("0.weight"));
        assertEquals(model.parameters().get("0.bias").value(), c.tensors().get("0.bias"));

        Sequential other = Sequential.of(Linear.create(3, 2, new SplittableRandom(2)), Activation.tanh());
        ModelFile.save(other, dir.resolve("model.safetensors"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelFile.load(model, dir.resolve("model.safetensors")));
        assertEquals("load: model.safetensors: '0.weight' has shape [2, 3], the model expects [3, 2]",
                e.getMessage());
        assertEquals(saved, model.parameters().get("0.weight").value(), "a failed load changes nothing");
    }

    @Test
    void anF32FileLoadsAsF32AndConvertsIntoAnF64Model() throws IOException {
        byte[] header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}"
                .getBytes(StandardCharsets.UTF_8);
        ByteBuffer file = ByteBuffer.allocate(8 + header.length + 8).order(ByteOrder.LITTLE_ENDIAN);
        file.putLong(header.length).put(header).putFloat(0.5f).putFloat(-2.25f);
        Files.write(dir.resolve("f32.safetensors"), file.array());
        assertEquals(Tensor.of(new float[] {0.5f, -2.25f}, 2),
                Safetensors.read(dir.resolve("f32.safetensors")).tensors().get("w"));

        Parameter w = Parameter.of("w", Tensor.zeros(2));
        Parameter.setAll(Map.of("w", w), Safetensors.read(dir.resolve("f32.safetensors")).tensors(), "load: ",
                "the model");
        assertEquals(Tensor.vector(0.5, -2.25), w.value(), "loading converts to the parameter's type");
    }

    /**
     * Stands in for {@link java.nio.file.Path} in the snippet, whose {@code Path.of("model.safetensors")}
     * then names a file in the test's temporary folder instead of the working directory.
     */
    static final class Path {
        static java.nio.file.Path folder;

        static java.nio.file.Path of(String name) {
            return folder.resolve(name);
        }
    }
}
