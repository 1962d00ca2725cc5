package leibniz.examples;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Line and scatter charts drawn with XChart and saved as PNG, several side by side in one image. */
final class Plots {
    static final int WIDTH = 640;
    static final int HEIGHT = 480;

    private Plots() {
    }

    /** An empty chart with a title, axis labels and the legend inside the plot. */
    static XYChart chart(String title, String xLabel, String yLabel) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setPlotGridLinesVisible(true);
        // XChart's default of 74 px crowds epoch numbers and fractions; fewer, rounder ticks read better.
        c.getStyler().setXAxisTickMarkSpacingHint(80);
        c.getStyler().setYAxisTickMarkSpacingHint(60);
        return c;
    }

    /** Adds a line without markers. */
    static XYSeries line(XYChart c, String name, double[] x, double[] y) {
        XYSeries s = c.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        return s;
    }

    /** Adds points without a line. */
    static XYSeries points(XYChart c, String name, double[] x, double[] y) {
        XYSeries s = c.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        return s;
    }

    /**
     * Makes XChart place round ticks (0, 50, 100) on both axes. When every x (or y) of the chart lies
     * on one evenly spaced grid, as epochs 1..n or a sampled plane do, XChart labels every k-th data
     * value instead (1, 31, 61, ...); one invisible point at {@code (x, y)}, inside the plotted range
     * and off that grid, turns this off.
     */
    static void roundTicks(XYChart c, double x, double y) {
        XYSeries s = c.addSeries(" ", new double[] {x}, new double[] {y});
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.NONE);
        s.setShowInLegend(false);
    }

    /** 1, 2, ..., n: the epoch numbers of a curve. */
    static double[] epochs(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i + 1;
        }
        return x;
    }

    /** Draws the charts side by side into one PNG. */
    static Path save(Path file, Chart<?, ?>... charts) throws IOException {
        int width = 0;
        int height = 0;
        for (Chart<?, ?> c : charts) {
            width += c.getWidth();
            height = Math.max(height, c.getHeight());
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            int x = 0;
            for (Chart<?, ?> c : charts) {
                g.drawImage(BitmapEncoder.getBufferedImage(c), x, 0, null);
                x += c.getWidth();
            }
        } finally {
            g.dispose();
        }
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException(file + ": no PNG writer available");
        }
        return file;
    }
}
