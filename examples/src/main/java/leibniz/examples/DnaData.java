package leibniz.examples;

import java.util.SplittableRandom;
import leibniz.core.Tensor;
import leibniz.optim.Dataset;

/**
 * Synthetic DNA for a binding-site task: random sequences over A, C, G, T (each base equally likely), half
 * of them with a copy of a motif planted at a random position, the copy carrying up to
 * {@code maxMutations} point mutations at random positions of the motif. The label says whether a motif was
 * planted. A random sequence of length 100 holds an exact copy of a given 8-mer by chance with probability
 * about 93 / 4⁸ ≈ 0.14%, so the labels are almost, but not quite, noise free, as in real assays.
 */
final class DnaData {
    /** The alphabet, in the order of the one-hot channels. */
    static final String BASES = "ACGT";

    /** The cAMP response element, the palindromic site bound by the transcription factor CREB. */
    static final String MOTIF = "TGACGTCA";

    private DnaData() {
    }

    /** The generated sequences as text, and their labels (1 where the motif was planted). */
    record Sequences(String[] sequences, int[] labels) {
        /** One-hot features {@code [N, 4, L]} (channel = base in {@link #BASES} order) and labels {@code [N]}. */
        Dataset dataset() {
            int n = sequences.length;
            int length = sequences[0].length();
            double[] ids = new double[n * length];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                for (int t = 0; t < length; t++) {
                    ids[i * length + t] = BASES.indexOf(sequences[i].charAt(t));
                }
                y[i] = labels[i];
            }
            Tensor oneHot = Tensor.oneHot(Tensor.of(ids, n, length), 4).permute(0, 2, 1);
            return Dataset.of(oneHot, Tensor.of(y, n));
        }
    }

    /**
     * {@code n} sequences of {@code length} bases, alternately without (even rows) and with (odd rows) the
     * motif, which carries a number of point mutations drawn uniformly from 0 to {@code maxMutations}.
     */
    static Sequences generate(int n, int length, int maxMutations, long seed) {
        if (n < 2 || length < MOTIF.length()) {
            throw new IllegalArgumentException("dna: needs at least 2 sequences of at least " + MOTIF.length()
                    + " bases, got " + n + " of " + length);
        }
        if (maxMutations < 0 || maxMutations > MOTIF.length()) {
            throw new IllegalArgumentException("dna: mutations must be between 0 and " + MOTIF.length() + ", got "
                    + maxMutations);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        String[] sequences = new String[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            char[] s = new char[length];
            for (int t = 0; t < length; t++) {
                s[t] = BASES.charAt(rng.nextInt(4));
            }
            labels[i] = i % 2;
            if (labels[i] == 1) {
                char[] site = mutate(MOTIF.toCharArray(), rng.nextInt(maxMutations + 1), rng);
                System.arraycopy(site, 0, s, rng.nextInt(length - site.length + 1), site.length);
            }
            sequences[i] = new String(s);
        }
        return new Sequences(sequences, labels);
    }

    /** {@code site} with {@code k} distinct positions each changed to one of the three other bases. */
    static char[] mutate(char[] site, int k, SplittableRandom rng) {
        char[] out = site.clone();
        // A partial Fisher-Yates shuffle picks k distinct positions.
        int[] positions = new int[site.length];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = i;
        }
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(positions.length - i);
            int p = positions[j];
            positions[j] = positions[i];
            positions[i] = p;
            int old = BASES.indexOf(out[p]);
            out[p] = BASES.charAt((old + 1 + rng.nextInt(3)) % 4);
        }
        return out;
    }
}
