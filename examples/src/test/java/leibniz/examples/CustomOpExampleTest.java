package leibniz.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import leibniz.autograd.Node;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The custom-op run: the checks it prints, and the robust fit beating least squares on outliers. */
class CustomOpExampleTest {
    @TempDir
    Path dir;

    @Test
    void theRunChecksTheOpCatchesBothWrongVjpsAndFitsThroughOutliers() throws IOException {
        Path out = dir.resolve("custom-op");
        Cli r = Cli.run("custom-op", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("   1000.0   999.3068528194   1.00000000         Infinity          NaN"), r.out());
        Map<String, Object> m = RunOutputs.metrics(out);
        Map<String, Object> checks = RunOutputs.object(m.get("gradcheck"));
        assertEquals("passed first and second order", checks.get("logcosh"));
        assertTrue(((String) checks.get("wrong_formula")).startsWith("FAILED gradcheck: input 0, element [0, 0]: "));
        assertTrue(((String) checks.get("frozen_derivative")).startsWith("FAILED gradgradcheck: input 0, "));

        List<Object> robust = RunOutputs.list(RunOutputs.object(m.get("fit")).get("logcosh"));
        List<Object> squares = RunOutputs.list(RunOutputs.object(m.get("fit")).get("mse"));
        assertEquals(2, (Double) robust.get(0), 0.1);
        assertEquals(1, (Double) robust.get(1), 0.1);
        assertTrue(Math.abs((Double) squares.get(1) - 1) > 0.5, "least squares intercept " + squares.get(1));
        RunOutputs.assertPng(out.resolve("fit.png"), Plots.WIDTH, Plots.HEIGHT);
    }

    @Test
    void theOpTakesOneInput() {
        Node a = Node.constant(Tensor.zeros(2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Node.apply(new LogCosh(), a, a));
        assertEquals("logcosh: takes one input, got 2", e.getMessage());
    }

    @Test
    void outliersMustBeAShareBelowOne() {
        Cli r = Cli.run("custom-op", "--outliers", "1", "--out", dir.resolve("no").toString());
        assertEquals(2, r.status());
        assertEquals("leibniz-examples: --outliers: must be below 1, got 1.0", r.message());
    }
}
