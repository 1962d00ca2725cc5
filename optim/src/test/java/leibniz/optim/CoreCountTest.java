package leibniz.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import leibniz.autograd.Assign;
import leibniz.autograd.Autograd;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.autograd.Program;
import leibniz.core.DType;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The same training gives the same bits on 1, 2 and 4 cores: each fork runs it with another
 * {@code -XX:ActiveProcessorCount} on the pure-Java BLAS, whose products are large enough to split, in
 * compiled programs whose fused loops split across the cores and whose updates run in place.
 */
class CoreCountTest {
    @Test
    void trainingGivesTheSameBitsOnAnyNumberOfCores() throws Exception {
        List<String> results = new ArrayList<>();
        for (int cores : new int[] {1, 2, 4}) {
            results.add(fork(cores));
        }
        assertTrue(results.get(0).length() > 1000, results.get(0));
        assertEquals(results.get(0), results.get(1), "1 core vs 2 cores");
        assertEquals(results.get(0), results.get(2), "1 core vs 4 cores");
    }

    private static String fork(int cores) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "-XX:ActiveProcessorCount=" + cores, "-Dleibniz.blas=java",
                "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), CoreCountTest.class.getName());
        Path log = Files.createTempFile("cores", ".log");
        try {
            Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "fork with " + cores + " cores timed out");
            assertEquals(0, p.exitValue(), () -> out + readQuietly(log));
            return out;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static String readQuietly(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /**
     * Five SGD steps of a 512-256-1 tanh network on 256 rows; prints the final weights' bits. Its
     * products (256×512×256 forward, 512×256×256 for the weight gradient) split into row blocks.
     */
    public static void main(String[] args) {
        Parameter w1 = Parameter.of("w1", Tensor.normal(1, 0, 0.05, 512, 256));
        Parameter w2 = Parameter.of("w2", Tensor.normal(2, 0, 0.05, 256, 1));
        Dataset data = Dataset.of(Tensor.normal(3, 0, 1, 256, 512), Tensor.normal(4, 0, 1, 256, 1));
        Objective mlp = (x, y, training) -> {
            Node out = x.matmul(w1.node()).tanh().matmul(w2.node());
            return Pass.of(out.sub(y).square().mean(), out);
        };
        Trainer.builder().parameters(Map.of("w1", w1, "w2", w2)).objective(mlp).optimizer(Sgd.create(0.1))
                .epochs(5).batchSize(256).seed(1).quiet().build().fit(data);
        StringBuilder bits = new StringBuilder();
        for (Parameter p : List.of(w1, w2)) {
            for (double v : p.value().toArray()) {
                bits.append(Long.toHexString(Double.doubleToRawLongBits(v))).append(' ');
            }
        }
        for (DType type : DType.values()) {
            bits.append(wideLayer(type));
        }
        System.out.print(bits);
    }

    /**
     * Three SGD steps of a 512-1024 sigmoid layer on a batch of 64, as one program updating its weights in
     * place: products with too few rows to split by rows split by columns, and the fused loops of the
     * activation and its gradient (64 × 1024 elements) split across the cores.
     */
    private static String wideLayer(DType type) {
        Parameter w = Parameter.of("w", Tensor.normal(5, 0, 0.05, 512, 1024).to(type));
        Node x = Node.placeholder("x", Shape.of(64, 512), type);
        Node loss = x.matmul(w.node()).sigmoid().square().mean();
        Program step = Program.of(List.of(loss), List.of(new Assign(w, w.node().sub(
                Autograd.grad(loss, w.node()).get(0).mul(0.5)))));
        Tensor batch = Tensor.normal(6, 0, 1, 64, 512).to(type);
        StringBuilder bits = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            bits.append(Long.toHexString(Double.doubleToRawLongBits(step.run(Map.of(x, batch)).get(0).item())))
                    .append(' ');
        }
        for (double v : w.value().toArray()) {
            bits.append(Long.toHexString(Double.doubleToRawLongBits(v))).append(' ');
        }
        return bits.toString();
    }
}
