package leibniz.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import leibniz.nn.ModelFile;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapSeries;
import org.junit.jupiter.api.io.TempDir;

class AudioExampleTest {
    @TempDir
    Path dir;

    @Test
    void aSmallRunTellsTheFiveVowelsApartAndDrawsTheirSpectrograms() throws IOException {
        Path out = dir.resolve("audio");
        Cli r = Cli.run("audio", "--per-class", "60", "--epochs", "4", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        Map<String, Object> m = RunOutputs.assertClassificationOutputs(out, 4);
        double test = RunOutputs.number(m, "final", "test", "accuracy");
        assertTrue(test >= 0.9, "test accuracy " + test);
        RunOutputs.assertPng(out.resolve("spectrograms.png"), 5 * SpectrogramImage.WIDTH, SpectrogramImage.HEIGHT);
        ModelFile.load(AudioExample.model(129, 32, 5, new SplittableRandom(0)), out.resolve("model.safetensors"));
    }

    @Test
    void utterancesAreMeanFreeSpectrogramsInterleavedByVowel() {
        AudioExample.Utterances u = AudioExample.utterances(3, 8);
        assertEquals(Shape.of(15, 129, 30), u.data().features().shape());
        assertEquals(Tensor.vector(0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4), u.data().targets());
        Tensor means = u.data().features().reshape(15, -1).mean(1);
        assertTrue(means.abs().max().item() < 1e-9, means.toString());
        assertEquals(5, u.examples().size());
        assertTrue(u.examples().get(0).title().startsWith("/i/ (heed), f0 "), u.examples().get(0).title());
    }

    @Test
    void theLoudestBandOfAVowelLiesAtItsFirstFormants() {
        // The loudest bin of /a/ (F1 730 Hz) lies well above that of /i/ (F1 270 Hz), whatever the pitch.
        SplittableRandom rng = new SplittableRandom(2);
        for (int trial = 0; trial < 5; trial++) {
            double a = loudestFrequency(Vowels.synthesize(Vowels.VOWELS.get(2), 4000, rng).samples());
            double i = loudestFrequency(Vowels.synthesize(Vowels.VOWELS.get(0), 4000, rng).samples());
            assertTrue(a > 450 && a < 1300, "/a/ peaks at " + a + " Hz");
            assertTrue(i < 450, "/i/ peaks at " + i + " Hz");
        }
    }

    /** The frequency of the loudest bin of the summed spectrogram. */
    private static double loudestFrequency(double[] samples) {
        Tensor power = Spectrogram.logMagnitude(samples, 256, 128).exp().square().sum(1);
        return power.argmax().item() * Vowels.RATE / 256.0;
    }

    @Test
    void eachHeatMapShowsItsLoudest80DbOnTheInfernoScaleWithTimeAcrossAndFrequencyUp() {
        // ln-magnitudes [bins 3, frames 2]; -20 lies more than 80 dB (ln 10^4 = 9.21) below the peak 3.
        Tensor s = Tensor.matrix(new double[][] {{0, -20}, {3, 1}, {2, 2.5}});
        HeatMapChart c = SpectrogramImage.chart(new SpectrogramImage.Panel("/a/", s));
        assertEquals(3, c.getStyler().getMax());
        assertEquals(3 - Math.log(1e4), c.getStyler().getMin(), 1e-12);
        assertArrayEquals(new Color[] {new Color(0, 0, 4), new Color(87, 16, 110), new Color(188, 55, 84),
            new Color(249, 142, 9), new Color(252, 255, 164)}, c.getStyler().getRangeColors());
        HeatMapSeries series = c.getHeatMapSeries();
        assertEquals(List.of(0, 1), series.getXData());
        assertEquals(List.of(0, 1, 2), series.getYData());
        Map<String, Double> cells = new HashMap<>();
        for (Number[] v : series.getHeatData()) {
            cells.put(v[0] + "," + v[1], v[2].doubleValue());
        }
        assertEquals(Map.of("0,0", 0.0, "1,0", 3 - Math.log(1e4), "0,1", 3.0, "1,1", 1.0, "0,2", 2.0, "1,2", 2.5),
                cells);
    }
}
