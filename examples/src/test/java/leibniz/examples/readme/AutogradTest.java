package leibniz.examples.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import leibniz.autograd.Autograd;
import leibniz.autograd.Dot;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.core.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** README, "Automatic differentiation": derivatives, Hessians, and the graph export. */
class AutogradTest {
    @TempDir
    java.nio.file.Path dir;

    @BeforeEach
    void useTheTemporaryFolder() {
        Path.folder = dir;
    }

    @Test
    void derivativesAreAsCommented() throws IOException {
        Node t = Parameter.of("t", Tensor.scalar(3)).node();
        Node dy  = Autograd.grad(t.pow(3), t).get(0);            // 3t² = 27
        Node d2y = Autograd.grad(dy, t).get(0);                  // 6t  = 18

        Node x = Parameter.of("x", Tensor.vector(1, 2)).node();
        Node f = x.pow(3).sum().add(x.mul(x).sum().square());    // f = Σ xᵢ³ + (x·x)²
        Node g = Autograd.grad(f, x).get(0);                     // 3x² + 4(x·x)x = [23, 52]
        Node h = Autograd.hessian(f, x);                         // [[34, 16], [16, 64]]
        Node hv = Autograd.hvp(f, x, Node.constant(Tensor.vector(1, 0)));  // H·[1, 0] = [34, 16], no Hessian built

        Files.writeString(Path.of("f.dot"), Dot.export(List.of(f), List.of(g)));

        assertEquals(27, dy.value().item(), 1e-12);
        assertEquals(18, d2y.value().item(), 1e-12);
        assertEquals(1 + 8 + 25, f.value().item(), 1e-12);
        assertTrue(g.value().allClose(Tensor.vector(23, 52), 1e-12), g.value().toString());
        assertTrue(h.value().allClose(Tensor.matrix(new double[][] {{34, 16}, {16, 64}}), 1e-12), h.value().toString());
        assertTrue(hv.value().allClose(Tensor.vector(34, 16), 1e-12), hv.value().toString());
        String dot = Files.readString(dir.resolve("f.dot"));
        assertTrue(dot.startsWith("digraph"), dot);
        assertTrue(dot.contains("cluster") && dot.contains("dashed"), "the gradient graph is a dashed cluster");
    }

    /**
     * Stands in for {@link java.nio.file.Path} in the snippet, whose {@code Path.of("f.dot")} then writes
     * into the test's temporary folder instead of the working directory.
     */
    static final class Path {
        static java.nio.file.Path folder;

        static java.nio.file.Path of(String name) {
            return folder.resolve(name);
        }
    }
}
