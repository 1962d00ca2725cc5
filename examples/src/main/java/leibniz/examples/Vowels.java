package leibniz.examples;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Spoken-vowel-like sounds from a source-filter model, as in Klatt's formant synthesizer: a pulse train at
 * the pitch f0 (the vocal folds) through three resonators in cascade at the vowel's formant frequencies
 * F1, F2, F3 (the vocal tract). Each sound gets a random pitch with vibrato, a random vocal-tract length
 * (all formants scaled together, as between speakers), a random duration, onset and loudness, and white
 * noise at a random signal-to-noise ratio.
 */
final class Vowels {
    /** Samples per second: telephone quality, enough for the first three formants. */
    static final int RATE = 8000;

    /**
     * The five vowels with the average formants of men measured by Peterson and Barney (1952), in Hz, for
     * the words heed, head, hod, hawed and who'd.
     */
    static final List<Vowel> VOWELS = List.of(
            new Vowel("i", "heed", 270, 2290, 3010),
            new Vowel("e", "head", 530, 1840, 2480),
            new Vowel("a", "hod", 730, 1090, 2440),
            new Vowel("o", "hawed", 570, 840, 2410),
            new Vowel("u", "who'd", 300, 870, 2240));

    /** Formant bandwidths in Hz: how sharp each resonance is. */
    private static final double[] BANDWIDTHS = {60, 90, 120};

    private Vowels() {
    }

    /** A vowel: its name, the word it was measured in, and its formants F1, F2, F3 in Hz. */
    record Vowel(String name, String word, double f1, double f2, double f3) {
        double[] formants() {
            return new double[] {f1, f2, f3};
        }
    }

    /** A synthesized sound and the pitch it was made with. */
    record Sound(double[] samples, double f0) {
    }

    /** One utterance of {@code vowel}, {@code samples} long (at {@link #RATE}), its parameters drawn from {@code rng}. */
    static Sound synthesize(Vowel vowel, int samples, SplittableRandom rng) {
        double f0 = rng.nextDouble(85, 255);             // from a low male to a high female voice
        double tract = rng.nextDouble(0.88, 1.15);       // shorter vocal tracts have higher formants
        double seconds = rng.nextDouble(0.15, 0.4);
        int length = Math.min(samples, (int) (seconds * RATE));
        int onset = rng.nextInt(samples - length + 1);
        double vibratoRate = rng.nextDouble(4, 7);
        double vibratoPhase = rng.nextDouble(2 * Math.PI);

        // The source: one unit pulse each time the phase of the (slightly wavering) pitch passes a whole cycle.
        double[] x = new double[length];
        double phase = rng.nextDouble();
        for (int n = 0; n < length; n++) {
            double f = f0 * (1 + 0.02 * Math.sin(2 * Math.PI * vibratoRate * n / RATE + vibratoPhase));
            phase += f / RATE;
            if (phase >= 1) {
                phase -= 1;
                x[n] = 1;
            }
        }
        double[] formants = vowel.formants();
        for (int i = 0; i < formants.length; i++) {
            double f = Math.min(formants[i] * tract * rng.nextDouble(0.95, 1.05), 0.45 * RATE);
            x = resonate(x, f, BANDWIDTHS[i]);
        }
        envelope(x, (int) (0.02 * RATE));
        scaleToRms(x, 1);

        double loudness = rng.nextDouble(0.05, 0.5);
        double snrDb = rng.nextDouble(5, 25);
        double noise = loudness / Math.pow(10, snrDb / 20);
        double[] out = new double[samples];
        for (int n = 0; n < samples; n++) {
            out[n] = noise * rng.nextGaussian() + (n >= onset && n < onset + length ? loudness * x[n - onset] : 0);
        }
        return new Sound(out, f0);
    }

    /**
     * Klatt's digital resonator, a two-pole filter {@code y[n] = A·x[n] + B·y[n−1] + C·y[n−2]} with
     * {@code C = −e^(−2π·bw/rate)}, {@code B = 2e^(−π·bw/rate)·cos(2π·f/rate)}, {@code A = 1 − B − C}: a peak
     * at {@code f} Hz of width {@code bw} Hz, unit gain at 0 Hz.
     */
    static double[] resonate(double[] x, double f, double bw) {
        double c = -Math.exp(-2 * Math.PI * bw / RATE);
        double b = 2 * Math.exp(-Math.PI * bw / RATE) * Math.cos(2 * Math.PI * f / RATE);
        double a = 1 - b - c;
        double[] y = new double[x.length];
        double y1 = 0;
        double y2 = 0;
        for (int n = 0; n < x.length; n++) {
            y[n] = a * x[n] + b * y1 + c * y2;
            y2 = y1;
            y1 = y[n];
        }
        return y;
    }

    /** Fades in and out over {@code ramp} samples with half a Hann window, so the sound starts without a click. */
    private static void envelope(double[] x, int ramp) {
        int r = Math.min(ramp, x.length / 2);
        for (int n = 0; n < r; n++) {
            double g = 0.5 - 0.5 * Math.cos(Math.PI * n / r);
            x[n] *= g;
            x[x.length - 1 - n] *= g;
        }
    }

    private static void scaleToRms(double[] x, double rms) {
        double sum = 0;
        for (double v : x) {
            sum += v * v;
        }
        double current = Math.sqrt(sum / Math.max(1, x.length));
        if (current > 0) {
            for (int n = 0; n < x.length; n++) {
                x[n] *= rms / current;
            }
        }
    }
}
