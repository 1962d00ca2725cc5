package leibniz.examples;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import leibniz.core.Tensor;

/**
 * Spectrograms drawn side by side as a heat map PNG: time to the right, frequency up, the loudest 80 dB of
 * each panel mapped from black through purple and orange to pale yellow (an inferno-like scale).
 */
final class SpectrogramImage {
    /** Pixels per frame and per frequency bin. */
    static final int FRAME_WIDTH = 8;
    static final int BIN_HEIGHT = 2;
    private static final int LEFT = 56;
    private static final int TOP = 30;
    private static final int BOTTOM = 34;
    private static final int GAP = 16;
    /** 80 dB in natural-log units of magnitude: ln(10^4). */
    private static final double RANGE = Math.log(1e4);
    private static final int[][] SCALE = {{0, 0, 4}, {87, 16, 110}, {188, 55, 84}, {249, 142, 9}, {252, 255, 164}};

    private SpectrogramImage() {
    }

    /** A titled log-magnitude spectrogram {@code [bins, frames]}. */
    record Panel(String title, Tensor spectrogram) {
    }

    /** The width of an image of {@code panels} spectrograms of {@code frames} frames. */
    static int width(int panels, int frames) {
        return LEFT + panels * (frames * FRAME_WIDTH + GAP);
    }

    /** The height of an image of spectrograms of {@code bins} bins. */
    static int height(int bins) {
        return TOP + bins * BIN_HEIGHT + BOTTOM;
    }

    /** Draws the panels in a row, with a frequency axis (0 to the Nyquist frequency) and a time axis. */
    static Path save(Path file, List<Panel> panels) throws IOException {
        int bins = panels.get(0).spectrogram().shape().dim(0);
        int frames = panels.get(0).spectrogram().shape().dim(1);
        BufferedImage image = new BufferedImage(width(panels.size(), frames), height(bins), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.setColor(Color.BLACK);
            double nyquist = Vowels.RATE / 2.0;
            for (int khz = 0; khz * 1000 <= nyquist; khz++) {
                int y = TOP + (int) Math.round((1 - khz * 1000 / nyquist) * (bins - 1) * BIN_HEIGHT);
                g.drawString(khz + " kHz", 6, y + 4);
                g.drawLine(LEFT - 6, y, LEFT - 2, y);
            }
            double seconds = (double) AudioExample.SAMPLES / Vowels.RATE;
            for (int p = 0; p < panels.size(); p++) {
                int x0 = LEFT + p * (frames * FRAME_WIDTH + GAP);
                paint(image, panels.get(p).spectrogram(), x0);
                g.setColor(Color.BLACK);
                g.drawString(panels.get(p).title(), x0, TOP - 10);
                int y = TOP + bins * BIN_HEIGHT + 16;
                g.drawString("0 s", x0, y);
                String end = String.format(Locale.ROOT, "%.1f s", seconds);
                g.drawString(end, x0 + frames * FRAME_WIDTH - g.getFontMetrics().stringWidth(end), y);
            }
        } finally {
            g.dispose();
        }
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException(file + ": no PNG writer available");
        }
        return file;
    }

    private static void paint(BufferedImage image, Tensor s, int x0) {
        int bins = s.shape().dim(0);
        int frames = s.shape().dim(1);
        double top = s.max().item();
        for (int k = 0; k < bins; k++) {
            for (int t = 0; t < frames; t++) {
                int rgb = color((s.get(k, t) - (top - RANGE)) / RANGE);
                for (int dx = 0; dx < FRAME_WIDTH; dx++) {
                    for (int dy = 0; dy < BIN_HEIGHT; dy++) {
                        // Bin 0 (0 Hz) at the bottom.
                        image.setRGB(x0 + t * FRAME_WIDTH + dx, TOP + (bins - 1 - k) * BIN_HEIGHT + dy, rgb);
                    }
                }
            }
        }
    }

    /** The colour of {@code v} in [0, 1] (clamped), interpolated linearly between the anchors of the scale. */
    static int color(double v) {
        double u = Math.max(0, Math.min(1, v)) * (SCALE.length - 1);
        int i = Math.min((int) u, SCALE.length - 2);
        double f = u - i;
        int rgb = 0;
        for (int c = 0; c < 3; c++) {
            int value = (int) Math.round(SCALE[i][c] + f * (SCALE[i + 1][c] - SCALE[i][c]));
            rgb = (rgb << 8) | value;
        }
        return rgb;
    }
}
