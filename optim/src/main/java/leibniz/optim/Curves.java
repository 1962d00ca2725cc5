package leibniz.optim;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The learning curves of a {@link History} drawn with XChart: one panel for the loss and one per metric,
 * training and validation per epoch, side by side in one PNG. Only {@link History#plot} touches this
 * class, so XChart stays an optional dependency.
 */
final class Curves {
    /** The size of one panel in pixels. */
    static final int WIDTH = 640;
    static final int HEIGHT = 480;

    private Curves() {
    }

    static Path save(History history, Path file, String title) throws IOException {
        List<XYChart> charts = new ArrayList<>();
        charts.add(panel(history, title, "loss"));
        for (String metric : history.last().metrics().keySet()) {
            charts.add(panel(history, title, metric));
        }
        BufferedImage image = new BufferedImage(WIDTH * charts.size(), HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            for (int i = 0; i < charts.size(); i++) {
                g.drawImage(BitmapEncoder.getBufferedImage(charts.get(i)), i * WIDTH, 0, null);
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "png", png)) {
            throw new IOException("History.plot: " + file + ": this JVM has no PNG writer");
        }
        // A temporary file renamed over the target: a crash never leaves half a picture.
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.write(tmp, png.toByteArray());
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return file;
    }

    /** The training curve of {@code name} and, with a validation set, the validation curve. */
    private static XYChart panel(History history, String title, String name) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(title.isEmpty() ? name : title + ": " + name).xAxisTitle("epoch").yAxisTitle(name).build();
        XYStyler s = c.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        // XChart's default of 74 px crowds epoch numbers and fractions; fewer, rounder ticks read better.
        s.setXAxisTickMarkSpacingHint(80);
        s.setYAxisTickMarkSpacingHint(60);
        double[] train = history.series(name);
        // The legend goes in the corner the curves leave empty: top right over falling curves, bottom right
        // under rising ones.
        s.setLegendPosition(train[train.length - 1] <= train[0] ? Styler.LegendPosition.InsideNE
                : Styler.LegendPosition.InsideSE);
        double[] epochs = new double[train.length];
        for (int i = 0; i < epochs.length; i++) {
            epochs[i] = history.epochs().get(i).epoch();
        }
        line(c, "train", epochs, train);
        if (history.last().validation().isPresent()) {
            line(c, "validation", epochs, history.series("val_" + name));
        }
        // When every x lies on one evenly spaced grid (epochs 1..n), XChart labels every k-th epoch (1, 31,
        // 61, ...) instead of round numbers; one invisible point off that grid turns this off.
        XYSeries off = c.addSeries(" ", new double[] {epochs[0] + 0.5}, new double[] {train[train.length - 1]});
        off.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        off.setMarker(SeriesMarkers.NONE);
        off.setShowInLegend(false);
        return c;
    }

    private static void line(XYChart c, String name, double[] x, double[] y) {
        XYSeries s = c.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
    }
}
