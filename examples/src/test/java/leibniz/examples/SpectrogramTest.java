package leibniz.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;

/** The spectrum (commons-math's FFT) against the defining sum, the Hann window, and the spectrogram's shape and peaks. */
class SpectrogramTest {
    @Test
    void theMagnitudesAreThoseOfTheNaiveDftForEveryPowerOfTwoUpTo512() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int n = 1; n <= 512; n *= 2) {
            double[] re = new double[n];
            for (int i = 0; i < n; i++) {
                re[i] = rng.nextDouble(-1, 1);
            }
            double[][] expected = dft(re, new double[n]);
            double[] m = Spectrogram.magnitudes(re);
            assertEquals(n / 2 + 1, m.length);
            for (int k = 0; k < m.length; k++) {
                assertEquals(Math.hypot(expected[0][k], expected[1][k]), m[k], 1e-10 * n, "n " + n + ", k " + k);
            }
        }
    }

    /** X[k] = Σ_n x[n] (cos(2πkn/N) − i sin(2πkn/N)), straight from the definition. */
    private static double[][] dft(double[] re, double[] im) {
        int n = re.length;
        double[][] out = new double[2][n];
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < n; j++) {
                double a = -2 * Math.PI * k * j / n;
                out[0][k] += re[j] * Math.cos(a) - im[j] * Math.sin(a);
                out[1][k] += re[j] * Math.sin(a) + im[j] * Math.cos(a);
            }
        }
        return out;
    }

    @Test
    void aCosineOnABinHasHalfItsLengthThereAndNothingElsewhere() {
        int n = 64;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = Math.cos(2 * Math.PI * 5 * i / n);
        }
        double[] m = Spectrogram.magnitudes(x);
        assertEquals(n / 2 + 1, m.length);
        for (int k = 0; k < m.length; k++) {
            assertEquals(k == 5 ? n / 2.0 : 0, m[k], 1e-9, "bin " + k);
        }
    }

    @Test
    void theHannWindowStartsAtZeroPeaksAtOneInTheMiddleAndAveragesOneHalf() {
        double[] w = Spectrogram.hann(256);
        assertEquals(0, w[0], 0);
        assertEquals(1, w[128], 1e-15);
        assertEquals(w[1], w[255], 1e-15);
        double sum = 0;
        for (double v : w) {
            sum += v;
        }
        assertEquals(128, sum, 1e-9);
    }

    @Test
    void theSpectrogramOfHalfASecondHas129BinsAnd30FramesAndAToneSitsInItsBin() {
        double[] tone = new double[AudioExample.SAMPLES];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = Math.sin(2 * Math.PI * 1000 * i / Vowels.RATE);
        }
        Tensor s = Spectrogram.logMagnitude(tone, AudioExample.FRAME, AudioExample.HOP);
        assertEquals(Shape.of(129, 30), s.shape());
        assertEquals(30, Spectrogram.frames(4000, 256, 128));
        // 1000 Hz is bin 1000 · 256 / 8000 = 32; a Hann-windowed sine of amplitude 1 peaks at N/4 = 64.
        Tensor peaks = s.argmax(0);
        for (int t = 0; t < 30; t++) {
            assertEquals(32, peaks.get(t), "frame " + t);
            assertEquals(Math.log(64 + Spectrogram.FLOOR), s.get(32, t), 1e-9);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Spectrogram.logMagnitude(new double[100], 256, 128));
        assertEquals("spectrogram: a signal of 100 samples, frame 256 and hop 128 make no frame", e.getMessage());
    }

    @Test
    void aResonatorPassesZeroHertzUnchangedAndRingsAtItsFrequency() {
        double[] step = new double[4000];
        Arrays.fill(step, 1);
        double[] y = Vowels.resonate(step, 700, 90);
        assertEquals(1, y[y.length - 1], 1e-9);

        double[] impulse = new double[1024];
        impulse[0] = 1;
        double[] m = Spectrogram.magnitudes(Vowels.resonate(impulse, 700, 90));
        int peak = 0;
        for (int k = 1; k < m.length; k++) {
            peak = m[k] > m[peak] ? k : peak;
        }
        // Bins are 8000 / 1024 ≈ 7.8 Hz apart.
        assertEquals(700, peak * (double) Vowels.RATE / 1024, 8);
    }
}
