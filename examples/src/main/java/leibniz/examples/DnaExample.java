package leibniz.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.util.SplittableRandom;
import leibniz.autograd.Node;
import leibniz.core.Tensor;
import leibniz.nn.Activation;
import leibniz.nn.Conv1d;
import leibniz.nn.GRU;
import leibniz.nn.Linear;
import leibniz.nn.MaxPool1d;
import leibniz.nn.Sequential;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Finding a binding site in DNA: generated sequences of {@code --length} bases, half with a planted copy
 * of the CREB site TGACGTCA carrying up to {@code --mutations} point mutations, one-hot encoded as
 * {@code [N, 4, L]}. A convolution whose filters span the motif, a ReLU, the maximum over positions (is
 * the site anywhere?) and a linear layer classify them; {@code --model gru} lets a GRU read the
 * convolution's pooled scores along the sequence instead of taking their maximum. 70% train, 15% validation, 15% test.
 */
@Command(name = "dna", description = "binding-site motif in generated DNA: Conv1d + global max pool, or Conv1d + GRU")
final class DnaExample implements Example {
    /** The two networks; lower case as typed on the command line. */
    enum Model { cnn, gru }

    @Mixin
    TrainingOptions training = new TrainingOptions(15, 32, 0.01, TrainingOptions.OptimizerName.adam);

    @Mixin
    RunOptions common = new RunOptions();

    @Option(names = "--model", paramLabel = "NAME", order = 10,
            description = "network: cnn (convolution + global max pool) or gru (convolution + GRU)")
    Model model = Model.cnn;

    @Option(names = "--sequences", paramLabel = "N", order = 11, description = "sequences generated, half with the motif")
    int sequences = 4000;

    @Option(names = "--length", paramLabel = "N", order = 12, description = "bases per sequence")
    int length = 100;

    @Option(names = "--mutations", paramLabel = "N", order = 13,
            description = "at most this many point mutations in a planted motif (0 to 8)")
    long mutations = 1;

    @Option(names = "--filters", paramLabel = "N", order = 14, description = "convolution filters (and GRU units)")
    int filters = 16;

    @Override
    public void run(PrintStream out) throws IOException {
        if (mutations < 0 || mutations > DnaData.MOTIF.length()) {
            throw new UsageException("--mutations: must be between 0 and " + DnaData.MOTIF.length() + ", got "
                    + mutations);
        }
        if (length < DnaData.MOTIF.length()) {
            throw new UsageException("--length: must be at least the motif's " + DnaData.MOTIF.length()
                    + " bases, got " + length);
        }
        // One-hot sequences: four numbers per base.
        Heap.requireData("--sequences " + sequences + " --length " + length, 4L * sequences * length);
        Heap.requireParameters("--filters " + filters,
                (long) filters * (4 * DnaData.MOTIF.length() + 3L * filters + 8));
        long seed = common.seed;
        DnaData.Sequences generated = DnaData.generate(sequences, length, (int) mutations, seed);
        Splits data = Splits.of(generated.dataset(), 0.15, 0.15, seed);
        training.batchSize(data.train().size(), "training examples");
        RunFolder folder = common.folder();
        SplittableRandom rng = new SplittableRandom(seed);
        boolean cnn = model == Model.cnn;
        Sequential network = cnn ? cnn(filters, rng) : gru(filters, rng);
        out.println("dna: " + sequences + " sequences of " + length + " bases, half with "
                + DnaData.MOTIF + " (up to " + mutations + " mutations); " + data.sizes() + "; model " + network);
        Classifier.train("dna", network, data, training, common, folder, out);
        if (cnn) {
            out.println("dna: the filter that votes most for the motif prefers " + learnedMotif(network)
                    + " (planted " + DnaData.MOTIF + ")");
        }
    }

    /**
     * One-hot DNA {@code [N, 4, L]} to two class scores: {@code filters} detectors of the motif's length
     * slid along the sequence, a ReLU, the strongest response anywhere, and a linear layer.
     */
    static Sequential cnn(int filters, SplittableRandom rng) {
        return Sequential.of(
                Conv1d.create(4, filters, DnaData.MOTIF.length(), 1, 0, rng),
                Activation.relu(),
                Activation.of("GlobalMaxPool", x -> x.max(2)),
                Linear.create(filters, 2, rng));
    }

    /**
     * A convolution and a recurrent layer in the style of DanQ (Quang and Xie, 2016): {@code filters} motif
     * detectors slid along one-hot DNA {@code [N, 4, L]}, a ReLU, the maximum in windows of 4 positions,
     * then a GRU reads the detector scores {@code [N, L', filters]} along the sequence and its last hidden
     * state goes to a linear layer. (A GRU on the raw bases has to discover the 8-mer through its gates and
     * stays at chance for many epochs.)
     */
    static Sequential gru(int filters, SplittableRandom rng) {
        return Sequential.of(
                Conv1d.create(4, filters, DnaData.MOTIF.length(), 1, 0, rng),
                Activation.relu(),
                MaxPool1d.create(4),
                Activation.of("PositionsFirst", x -> x.permute(0, 2, 1)),
                GRU.create(filters, filters, rng),
                Activation.of("LastStep", DnaExample::lastStep),
                Linear.create(filters, 2, rng));
    }

    /** The last time step {@code [N, H]} of hidden states {@code [N, T, H]}. */
    private static Node lastStep(Node h) {
        int steps = h.shape().dim(1);
        return h.slice(1, steps - 1, steps).squeeze(1);
    }

    /**
     * The consensus of the filter whose output the linear layer weighs most towards "motif present": at
     * each of its positions, the base with the largest weight.
     */
    static String learnedMotif(Sequential cnn) {
        Tensor w = cnn.parameters().get("0.weight").value();          // [filters, 4, k]
        Tensor head = cnn.parameters().get("3.weight").value();       // [2, filters]
        int filters = w.shape().dim(0);
        int best = 0;
        for (int f = 1; f < filters; f++) {
            if (head.get(1, f) - head.get(0, f) > head.get(1, best) - head.get(0, best)) {
                best = f;
            }
        }
        StringBuilder s = new StringBuilder();
        for (int j = 0; j < w.shape().dim(2); j++) {
            int base = 0;
            for (int b = 1; b < 4; b++) {
                if (w.get(best, b, j) > w.get(best, base, j)) {
                    base = b;
                }
            }
            s.append(DnaData.BASES.charAt(base));
        }
        return s.toString();
    }
}
