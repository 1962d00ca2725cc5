package leibniz.examples;

import leibniz.core.Tensor;
import org.apache.commons.math3.complex.Complex;
import org.apache.commons.math3.transform.DftNormalization;
import org.apache.commons.math3.transform.FastFourierTransformer;
import org.apache.commons.math3.transform.TransformType;

/**
 * The short-time Fourier transform of a signal as a log-magnitude spectrogram: frames of {@code frame}
 * samples every {@code hop} samples, each multiplied by a Hann window, transformed, and
 * {@code ln(|X[k]| + floor)} kept for the bins k = 0 .. frame/2. The transform is commons-math's FFT.
 */
final class Spectrogram {
    /** {@code X[k] = Σ_n x[n] e^(−2πi·kn/N)}, without scaling, as numpy.fft and torch.stft define it. */
    private static final FastFourierTransformer FFT = new FastFourierTransformer(DftNormalization.STANDARD);

    /** Keeps the logarithm finite in digital silence: about 80 dB below a full-scale sinusoid's peak bin. */
    static final double FLOOR = 1e-4;

    private Spectrogram() {
    }

    /** The number of frames of a signal of {@code samples}: {@code 1 + (samples − frame) / hop}. */
    static int frames(int samples, int frame, int hop) {
        if (frame < 2 || hop < 1 || samples < frame) {
            throw new IllegalArgumentException("spectrogram: a signal of " + samples + " samples, frame " + frame
                    + " and hop " + hop + " make no frame");
        }
        return 1 + (samples - frame) / hop;
    }

    /** The periodic Hann window {@code w[n] = sin²(πn/N)}, which tapers each frame to zero at its ends. */
    static double[] hann(int n) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            double s = Math.sin(Math.PI * i / n);
            w[i] = s * s;
        }
        return w;
    }

    /**
     * The spectrogram {@code [frame/2 + 1, frames]}: frequency bins down the rows (bin k is
     * {@code k · rate / frame} Hz), time across the columns, as the channels and length of a Conv1d input.
     */
    static Tensor logMagnitude(double[] signal, int frame, int hop) {
        int frames = frames(signal.length, frame, hop);
        int bins = frame / 2 + 1;
        double[] window = hann(frame);
        double[] out = new double[bins * frames];
        double[] x = new double[frame];
        for (int t = 0; t < frames; t++) {
            for (int n = 0; n < frame; n++) {
                x[n] = signal[t * hop + n] * window[n];
            }
            double[] m = magnitudes(x);
            for (int k = 0; k < bins; k++) {
                out[k * frames + t] = Math.log(m[k] + FLOOR);
            }
        }
        return Tensor.of(out, bins, frames);
    }

    /**
     * The magnitudes {@code |X[k]|} for k = 0 .. N/2 of a real signal of power-of-two length N; the bins above
     * N/2 of a real signal's spectrum mirror these (it is conjugate-symmetric).
     */
    static double[] magnitudes(double[] x) {
        Complex[] spectrum = FFT.transform(x, TransformType.FORWARD);
        double[] m = new double[x.length / 2 + 1];
        for (int k = 0; k < m.length; k++) {
            m[k] = spectrum[k].abs();
        }
        return m;
    }
}
