package leibniz.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** History.plot: one panel per curve, validation drawn when present, and XChart needed only to plot. */
class HistoryPlotTest {
    @TempDir
    Path dir;

    /** Five epochs of a falling loss and a rising accuracy, with or without validation values. */
    private static History history(boolean validation) {
        List<EpochRecord> epochs = new ArrayList<>();
        for (int e = 1; e <= 5; e++) {
            Optional<Evaluation> v = validation
                    ? Optional.of(new Evaluation(1.2 / e, Map.of("accuracy", 0.5 + 0.05 * e))) : Optional.empty();
            epochs.add(new EpochRecord(e, 10L * e, 10, 1.0 / e, Map.of("accuracy", 0.5 + 0.08 * e), v, 0.1, 8, 0.01));
        }
        return new History(epochs);
    }

    @Test
    void drawsALossPanelAndOnePanelPerMetricAndReplacesTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("curves.png"), "an older picture");
        assertEquals(file, history(true).plot(file, "run"));
        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(2 * Curves.WIDTH, image.getWidth());
        assertEquals(Curves.HEIGHT, image.getHeight());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void theValidationCurvesAreDrawnWhenTheHistoryHasThem() throws Exception {
        BufferedImage with = ImageIO.read(history(true).plot(dir.resolve("with.png")).toFile());
        BufferedImage without = ImageIO.read(history(false).plot(dir.resolve("without.png")).toFile());
        for (int panel = 0; panel < 2; panel++) {
            int x0 = panel * Curves.WIDTH;
            int[] a = with.getRGB(x0, 0, Curves.WIDTH, Curves.HEIGHT, null, 0, Curves.WIDTH);
            int[] b = without.getRGB(x0, 0, Curves.WIDTH, Curves.HEIGHT, null, 0, Curves.WIDTH);
            assertFalse(Arrays.equals(a, b), "panel " + panel);
        }
    }

    @Test
    void refusesAnEmptyHistoryAndNulls() {
        assertEquals("history: no epoch was trained", assertThrows(IllegalStateException.class,
                () -> new History(List.of()).plot(dir.resolve("x.png"))).getMessage());
        assertEquals("History.plot: the file and the title must not be null, got null and ",
                assertThrows(IllegalArgumentException.class, () -> history(false).plot(null)).getMessage());
        assertFalse(Files.exists(dir.resolve("x.png")));
    }

    @Test
    void withoutXChartOnlyPlottingFailsAndSaysWhichDependencyToAdd() throws Exception {
        // optim's classes alone, as a user who never added XChart has them.
        URL optim = History.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader bare = new URLClassLoader(new URL[] {optim}, ClassLoader.getPlatformClassLoader())) {
            Class<?> epochRecord = bare.loadClass(EpochRecord.class.getName());
            Object epoch = epochRecord.getConstructors()[0].newInstance(1, 1L, 1, 0.5, Map.of(), Optional.empty(), 0.1,
                    4, 0.0);
            Class<?> historyClass = bare.loadClass(History.class.getName());
            Object history = historyClass.getConstructor(List.class).newInstance(List.of(epoch));
            assertEquals(0.5, ((double[]) historyClass.getMethod("series", String.class).invoke(history, "loss"))[0]);
            InvocationTargetException e = assertThrows(InvocationTargetException.class,
                    () -> historyClass.getMethod("plot", Path.class).invoke(history, dir.resolve("c.png")));
            assertTrue(e.getCause() instanceof IllegalStateException, e.getCause().toString());
            assertEquals("History.plot needs XChart on the class path: add the dependency org.knowm.xchart:xchart "
                    + "(Leibniz is built with 3.8.8)", e.getCause().getMessage());
        }
    }
}
