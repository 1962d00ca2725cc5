package leibniz.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import leibniz.core.Tensor;
import leibniz.nn.Activation;
import leibniz.nn.Conv1d;
import leibniz.nn.Linear;
import leibniz.nn.Sequential;
import leibniz.optim.Dataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Recognising vowels from sound: synthesized utterances of five vowels (random pitch, speaker, length,
 * loudness and noise; see {@link Vowels}) become log-magnitude spectrograms (short-time Fourier transform,
 * Hann window, computed here), whose frequency bins are the channels of a convolution over time. A ReLU,
 * the strongest response over time and a linear layer name the vowel. One spectrogram per vowel is drawn
 * to {@code spectrograms.png}.
 */
@Command(name = "audio", description = "five synthesized vowels from spectrograms: Conv1d over time")
final class AudioExample implements Example {
    /** Half a second at 8 kHz. */
    static final int SAMPLES = 4000;
    /** 32 ms frames, the usual analysis window of speech, every 16 ms. */
    static final int FRAME = 256;
    static final int HOP = 128;

    @Mixin
    TrainingOptions training = new TrainingOptions(10, 32, 0.003, TrainingOptions.OptimizerName.adam);

    @Mixin
    RunOptions common = new RunOptions();

    @Option(names = "--per-class", paramLabel = "N", order = 10, description = "utterances synthesized per vowel")
    int perClass = 150;

    @Option(names = "--filters", paramLabel = "N", order = 11, description = "convolution filters")
    int filters = 32;

    @Override
    public void run(PrintStream out) throws IOException {
        int bins = FRAME / 2 + 1;
        int classes = Vowels.VOWELS.size();
        Heap.requireData("--per-class " + perClass, (long) perClass * classes * bins
                * Spectrogram.frames(SAMPLES, FRAME, HOP));
        Heap.requireParameters("--filters " + filters, (long) filters * (3L * bins + 1 + classes) + classes);
        long seed = common.seed;
        Utterances all = utterances(perClass, seed);
        Splits data = Splits.of(all.data(), 0.15, 0.15, seed);
        training.batchSize(data.train().size(), "training examples");
        RunFolder folder = common.folder();
        Sequential model = model(bins, filters, classes, new SplittableRandom(seed));
        out.printf(Locale.ROOT, "audio: %d vowels x %d utterances of %.2f s at %d Hz; spectrograms %s; %s; model %s%n",
                classes, perClass, (double) SAMPLES / Vowels.RATE, Vowels.RATE,
                all.data().features().shape().without(0), data.sizes(), model);
        Classifier.train("audio", model, data, training, common, folder, out);
        SpectrogramImage.save(folder.file("spectrograms.png"), all.examples());
        out.println("wrote spectrograms.png, one utterance per vowel, to " + folder.dir());
    }

    /**
     * Log-magnitude spectrograms {@code [bins, frames]} to class scores: a convolution over time with the
     * {@code bins} frequencies as input channels (each filter a spectral shape over three frames), a
     * ReLU, the maximum over time (the vowel can be anywhere in the recording) and a linear layer.
     */
    static Sequential model(int bins, int filters, int classes, SplittableRandom rng) {
        return Sequential.of(
                Conv1d.create(bins, filters, 3, 1, 1, rng),
                Activation.relu(),
                Activation.of("GlobalMaxPool", x -> x.max(2)),
                Linear.create(filters, classes, rng));
    }

    /** The data set and, for the picture, the first utterance of each vowel. */
    record Utterances(Dataset data, List<SpectrogramImage.Panel> examples) {
    }

    /**
     * {@code perClass} utterances of each vowel, interleaved: features {@code [N, bins, frames]}, each
     * spectrogram minus its own mean, so that loudness (a constant added to a log spectrum) does not
     * matter; labels {@code [N]} in the order of {@link Vowels#VOWELS}.
     */
    static Utterances utterances(int perClass, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int classes = Vowels.VOWELS.size();
        List<Tensor> features = new ArrayList<>();
        double[] labels = new double[perClass * classes];
        List<SpectrogramImage.Panel> examples = new ArrayList<>();
        for (int i = 0; i < perClass; i++) {
            for (int c = 0; c < classes; c++) {
                Vowels.Vowel v = Vowels.VOWELS.get(c);
                Vowels.Sound s = Vowels.synthesize(v, SAMPLES, rng);
                Tensor spectrogram = Spectrogram.logMagnitude(s.samples(), FRAME, HOP);
                features.add(spectrogram.sub(spectrogram.mean()));
                labels[i * classes + c] = c;
                if (i == 0) {
                    examples.add(new SpectrogramImage.Panel(String.format(Locale.ROOT, "/%s/ (%s), f0 %.0f Hz",
                            v.name(), v.word(), s.f0()), spectrogram));
                }
            }
        }
        Tensor x = Tensor.stack(0, features.toArray(new Tensor[0]));
        return new Utterances(Dataset.of(x, Tensor.of(labels, labels.length)), examples);
    }
}
