package leibniz.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import leibniz.autograd.Parameter;
import leibniz.core.DType;
import leibniz.core.Safetensors;
import leibniz.core.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that PyTorch wrote load into the Leibniz layer of the same name and architecture, which then
 * computes PyTorch's outputs (to 1e-12 in float64, 1e-6 in float32), and Leibniz saves the state back as
 * PyTorch wrote it: the same bytes, or for batch norm the same tensors (PyTorch's I64 count is an F64 here).
 * The files are test resources made by {@code leibniz/nn/torch/make_references.py}: for each case the
 * state ({@code <name>.safetensors}), the inputs ({@code <name>.in.safetensors}) and PyTorch's outputs
 * ({@code <name>.out.safetensors}).
 *
 * <p>The other direction, run by hand where PyTorch is installed: with {@code -Dleibniz.torch.out=DIR}, this
 * test also writes, for every case, the file of a Leibniz layer of its own (weights moved off their initial
 * values) and Leibniz's outputs, which {@code check_leibniz_files.py DIR} loads into PyTorch with
 * {@code load_state_dict(strict=True)} and compares with PyTorch's outputs.
 */
class TorchInteropTest {
    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> pyTorchsFilesLoadComputePyTorchsOutputsAndSaveBackUnchanged() {
        return TorchCases.all().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> fromPyTorch(c)));
    }

    private void fromPyTorch(TorchCases.Case c) throws Exception {
        Path torchFile = resource(c.name() + ".safetensors");
        Module m = c.fresh().get();
        ModelFile.load(m, torchFile);

        Path saved = dir.resolve(c.name() + ".safetensors");
        ModelFile.save(m, saved);
        Map<String, Tensor> theirs = Safetensors.read(torchFile).tensors();
        assertEquals(theirs, Safetensors.read(saved).tensors(), c.name() + ": names, types and values");
        if (theirs.keySet().stream().noneMatch(name -> name.endsWith("num_batches_tracked"))) {
            assertArrayEquals(Files.readAllBytes(torchFile), Files.readAllBytes(saved), c.name() + ": bytes");
        }

        Map<String, Tensor> outputs = c.run().apply(m, read(c.name() + ".in"));
        Map<String, Tensor> expected = read(c.name() + ".out");
        assertEquals(expected.keySet(), outputs.keySet(), c.name() + ": outputs");
        for (Map.Entry<String, Tensor> e : expected.entrySet()) {
            Tensor torch = e.getValue();
            Tensor ours = outputs.get(e.getKey());
            double tol = torch.dtype() == DType.F32 ? 1e-6 : 1e-12;
            assertTrue(torch.allClose(ours, tol, tol), () -> c.name() + ": '" + e.getKey() + "' is " + ours
                    + ", PyTorch computed " + torch);
        }
    }

    @TestFactory
    Stream<DynamicTest> leibnizFilesForPyTorchToCheck() {
        String out = System.getProperty("leibniz.torch.out");
        if (out == null) {
            return Stream.empty();
        }
        return TorchCases.all().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Module m = c.fresh().get();
            SplittableRandom rng = new SplittableRandom(c.name().hashCode());
            for (Parameter p : m.parameters().values()) {
                p.set(p.value().add(Tensor.uniform(rng, -0.5, 0.5, p.shape().dims()).to(p.dtype())));
            }
            Path folder = Files.createDirectories(Path.of(out));
            ModelFile.save(m, folder.resolve(c.name() + ".safetensors"));
            Safetensors.write(folder.resolve(c.name() + ".out.safetensors"), c.run().apply(m, read(c.name() + ".in")),
                    Map.of());
        }));
    }

    private static Map<String, Tensor> read(String name) throws IOException, URISyntaxException {
        return Safetensors.read(resource(name + ".safetensors")).tensors();
    }

    static Path resource(String file) throws URISyntaxException {
        URL url = TorchInteropTest.class.getResource("torch/" + file);
        if (url == null) {
            throw new IllegalArgumentException("no test resource leibniz/nn/torch/" + file);
        }
        return Path.of(url.toURI());
    }
}
