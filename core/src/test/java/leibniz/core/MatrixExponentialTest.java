package leibniz.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * e^A against values computed by mpmath at 40 digits ({@code expm_reference.txt}, made by the script
 * beside it) for random non-symmetric matrices of 1-norm 0.005 to about 40: every Padé degree and up to
 * six squarings. PyTorch 2.13's {@code matrix_exp} is within 5e-14 of the same values.
 */
class MatrixExponentialTest {
    @Test
    void matchesExactValuesToFloat64Precision() throws IOException {
        List<String> lines;
        try (InputStream in = getClass().getResourceAsStream("expm_reference.txt")) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("#")).toList();
        }
        assertTrue(lines.size() == 54, "18 cases of three lines, got " + lines.size() + " lines");
        for (int i = 0; i < lines.size(); i += 3) {
            int n = Integer.parseInt(lines.get(i).trim());
            double[] a = numbers(lines.get(i + 1));
            double[] exact = numbers(lines.get(i + 2));
            double[] got = LinearAlgebra.matrixExp(Tensor.of(a, n, n)).toArray();
            double err = 0;
            double scale = 0;
            for (int k = 0; k < exact.length; k++) {
                err = Math.max(err, Math.abs(exact[k] - got[k]));
                scale = Math.max(scale, Math.abs(exact[k]));
            }
            double relative = err / scale;
            assertTrue(relative <= 1e-13, "case " + i / 3 + " (n = " + n + "): relative error " + relative);
        }
    }

    private static double[] numbers(String line) {
        return Arrays.stream(line.trim().split(" ")).mapToDouble(Double::parseDouble).toArray();
    }
}
