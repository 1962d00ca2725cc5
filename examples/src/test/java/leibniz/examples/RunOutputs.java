package leibniz.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/** Checks on the files a run writes, shared by the example tests. */
final class RunOutputs {
    private RunOutputs() {
    }

    /** metrics.json, parsed by Jackson: objects as maps, arrays as lists, numbers as Integer, Long or Double. */
    static Map<String, Object> metrics(Path out) throws IOException {
        return object(new ObjectMapper().readValue(out.resolve("metrics.json").toFile(), Object.class));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object v) {
        return (Map<String, Object>) v;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object v) {
        return (List<Object>) v;
    }

    /** A number at a path of keys, e.g. {@code number(m, "final", "test", "accuracy")}. */
    static double number(Map<String, Object> m, String... keys) {
        Object v = m;
        for (String k : keys) {
            v = RunOutputs.object(v).get(k);
        }
        return ((Number) v).doubleValue();
    }

    /** The per-epoch records of a classification run. */
    static List<Object> epochs(Map<String, Object> m) {
        return RunOutputs.list(m.get("epochs"));
    }

    /** The image decodes as a PNG of the given size. */
    static void assertPng(Path file, int width, int height) throws IOException {
        assertTrue(Files.size(file) > 1000, file + " is too small to be a chart");
        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(width, image.getWidth(), file.toString());
        assertEquals(height, image.getHeight(), file.toString());
    }

    /** The standard outputs of a classification run: metrics with every epoch, curves, model. */
    static Map<String, Object> assertClassificationOutputs(Path out, int epochs) throws IOException {
        Map<String, Object> m = metrics(out);
        assertEquals(epochs, epochs(m).size());
        Map<String, Object> last = RunOutputs.object(epochs(m).get(epochs - 1));
        assertEquals(epochs, last.get("epoch"));
        for (String key : List.of("train_loss", "train_accuracy", "validation_loss", "validation_accuracy")) {
            assertTrue(last.get(key) instanceof Double, key);
        }
        for (String split : List.of("train", "validation", "test")) {
            double acc = number(m, "final", split, "accuracy");
            assertTrue(acc >= 0 && acc <= 1, split);
            assertTrue(number(m, "final", split, "loss") >= 0, split);
        }
        assertPng(out.resolve("curves.png"), 2 * Plots.WIDTH, Plots.HEIGHT);  // History.plot: loss and accuracy
        assertTrue(Files.size(out.resolve("model.safetensors")) > 0);
        return m;
    }
}
