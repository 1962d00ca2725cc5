package leibniz.examples;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import leibniz.core.Tensor;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.style.HeatMapStyler;
import org.knowm.xchart.style.Styler;

/**
 * Spectrograms side by side as XChart heat maps in one PNG: time to the right, frequency up, the loudest
 * 80 dB of each panel mapped from black through purple and orange to pale yellow (an inferno-like scale).
 */
final class SpectrogramImage {
    /** The size of one panel in pixels. */
    static final int WIDTH = 420;
    static final int HEIGHT = 480;
    /** 80 dB in natural-log units of magnitude: ln(10^4). */
    static final double RANGE = Math.log(1e4);
    /** Black, purple, red, orange, pale yellow: the anchors of the colour scale, quietest first. */
    static final Color[] SCALE = {new Color(0, 0, 4), new Color(87, 16, 110), new Color(188, 55, 84),
        new Color(249, 142, 9), new Color(252, 255, 164)};

    private SpectrogramImage() {
    }

    /** A titled log-magnitude spectrogram {@code [bins, frames]}. */
    record Panel(String title, Tensor spectrogram) {
    }

    /** Draws one heat map per panel, in a row, each with a time axis in seconds and a frequency axis in kHz. */
    static Path save(Path file, List<Panel> panels) throws IOException {
        HeatMapChart[] charts = new HeatMapChart[panels.size()];
        for (int p = 0; p < charts.length; p++) {
            charts[p] = chart(panels.get(p));
        }
        return Plots.save(file, charts);
    }

    /** One panel: cell (t, k) coloured by the log magnitude of bin k in frame t, on the panel's 80 dB scale. */
    static HeatMapChart chart(Panel panel) {
        Tensor s = panel.spectrogram();
        int bins = s.shape().dim(0);
        int frames = s.shape().dim(1);
        HeatMapChart c = new HeatMapChartBuilder().width(WIDTH).height(HEIGHT).title(panel.title())
                .xAxisTitle("time (s)").yAxisTitle("frequency (kHz)").build();
        HeatMapStyler styler = c.getStyler();
        double top = s.max().item();
        styler.setRangeColors(SCALE).setMin(top - RANGE).setMax(top).setShowValue(false).setDrawBorder(false);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendVisible(false);
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setPlotGridLinesVisible(false);
        // Every frame and bin is a category of the heat map. XChart labels every few frames (each label the
        // frame's start), and every bin unless told otherwise: keep whole kilohertz, blank the others (with a
        // space: XChart cannot draw an empty label).
        double frameSeconds = (double) AudioExample.HOP / Vowels.RATE;
        double binHertz = (double) Vowels.RATE / AudioExample.FRAME;
        styler.setxAxisTickLabelsFormattingFunction(t -> String.format(Locale.ROOT, "%.2f", t * frameSeconds));
        styler.setyAxisTickLabelsFormattingFunction(k -> k * binHertz % 1000 == 0
                ? String.format(Locale.ROOT, "%.0f", k * binHertz / 1000) : " ");
        List<Integer> times = new ArrayList<>();
        for (int t = 0; t < frames; t++) {
            times.add(t);
        }
        List<Integer> frequencies = new ArrayList<>();
        for (int k = 0; k < bins; k++) {
            frequencies.add(k);
        }
        List<Number[]> cells = new ArrayList<>();
        for (int t = 0; t < frames; t++) {
            for (int k = 0; k < bins; k++) {
                cells.add(new Number[] {t, k, Math.max(s.get(k, t), top - RANGE)});
            }
        }
        c.addSeries(panel.title(), times, frequencies, cells);
        return c;
    }
}
