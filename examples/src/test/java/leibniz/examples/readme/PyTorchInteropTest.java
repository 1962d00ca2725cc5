package leibniz.examples.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import leibniz.core.Safetensors;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import leibniz.nn.Activation;
import leibniz.nn.Dropout;
import leibniz.nn.Linear;
import leibniz.nn.ModelFile;
import leibniz.nn.Module;
import leibniz.nn.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README, "PyTorch interop": the file Leibniz saves holds PyTorch's names and shapes, and a file PyTorch saved
 * for the same MLP ({@code mlp_f32.safetensors}, written by {@code safetensors.torch.save_file} in nn's test
 * resources, see {@code make_references.py} there) loads. nn's {@code TorchInteropTest} checks the values
 * every layer computes from such files.
 */
class PyTorchInteropTest {
    @TempDir
    java.nio.file.Path dir;

    @Test
    void theFileHoldsPyTorchsStateDictAndPyTorchsFileLoads() throws IOException {
        Path.folder = dir;
        java.nio.file.Path torchFile = pytorchsMlp();
        Files.copy(torchFile, dir.resolve("from_torch.safetensors"));
        var rng = new SplittableRandom(42);

        Module mlp = Sequential.of(Linear.create(4, 8, rng), Activation.tanh(), Dropout.create(0.5, 1),
                Linear.create(8, 3, rng));
        ModelFile.save(mlp, Path.of("model.safetensors"));       // 0.bias [8], 0.weight [8, 4], 3.bias [3], 3.weight [3, 8]

        Map<String, Shape> shapes = new LinkedHashMap<>();
        Safetensors.read(dir.resolve("model.safetensors")).tensors().forEach((k, t) -> shapes.put(k, t.shape()));
        assertEquals(Map.of("0.bias", Shape.of(8), "0.weight", Shape.of(8, 4), "3.bias", Shape.of(3),
                "3.weight", Shape.of(3, 8)), shapes);
        assertEquals("[0.bias, 0.weight, 3.bias, 3.weight]", shapes.keySet().toString());

        ModelFile.load(mlp, Path.of("from_torch.safetensors"));  // strict as PyTorch's: the same names and shapes

        Map<String, Tensor> torch = Safetensors.read(torchFile).tensors();
        mlp.parameters().forEach((name, p) -> assertEquals(torch.get(name).to(p.dtype()), p.value(), name));
    }

    /** The file PyTorch wrote for this MLP, among nn's test resources. */
    private static java.nio.file.Path pytorchsMlp() {
        String file = "nn/src/test/resources/leibniz/nn/torch/mlp_f32.safetensors";
        for (java.nio.file.Path p = java.nio.file.Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve(file))) {
                return p.resolve(file);
            }
        }
        throw new IllegalStateException("no " + file + " above " + java.nio.file.Path.of("").toAbsolutePath());
    }

    /** Stands in for {@link java.nio.file.Path} in the snippets: {@code Path.of(name)} names a file in the test's folder. */
    static final class Path {
        static java.nio.file.Path folder;

        static java.nio.file.Path of(String name) {
            return folder.resolve(name);
        }
    }
}
