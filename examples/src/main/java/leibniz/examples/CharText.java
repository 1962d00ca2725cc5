package leibniz.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.TreeSet;
import leibniz.core.Tensor;
import leibniz.optim.Dataset;

/**
 * A text as a sequence of character ids: the vocabulary is the text's distinct characters in code-point
 * order, and id i stands for the i-th of them.
 */
record CharText(String text, String vocabulary) {
    /** The bundled excerpt of Jane Austen's Pride and Prejudice (chapters 1 to 8, public domain). */
    static final String AUSTEN = "pride-and-prejudice.txt";

    /** A text and the vocabulary of its own characters. */
    static CharText of(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("text: the text is empty");
        }
        TreeSet<Character> chars = new TreeSet<>();
        for (char c : text.toCharArray()) {
            chars.add(c);
        }
        StringBuilder vocabulary = new StringBuilder();
        chars.forEach(vocabulary::append);
        return new CharText(text, vocabulary.toString());
    }

    /** The bundled text, read from the class path. */
    static CharText austen() {
        String path = "/leibniz/examples/data/" + AUSTEN;
        try (InputStream in = CharText.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("bundled data " + path + " is missing from the class path");
            }
            return of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundled data " + path, e);
        }
    }

    /** The number of distinct characters. */
    int size() {
        return vocabulary.length();
    }

    /** The ids of the characters of {@code s}; {@code what} names it in the error for an unknown character. */
    int[] encode(String s, String what) {
        int[] ids = new int[s.length()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = vocabulary.indexOf(s.charAt(i));
            if (ids[i] < 0) {
                throw new IllegalArgumentException(what + ": the character '" + s.charAt(i)
                        + "' does not occur in the text");
            }
        }
        return ids;
    }

    /** The whole text as ids. */
    int[] ids() {
        return encode(text, "text");
    }

    /** The character of id {@code id}. */
    char decode(int id) {
        return vocabulary.charAt(id);
    }

    /**
     * The non-overlapping windows of {@code ids} as next-character pairs: features {@code [N, length]} hold
     * ids t..t+length-1 of each window and targets {@code [N, length]} the ids one further, t+1..t+length.
     */
    static Dataset windows(int[] ids, int length) {
        int n = (ids.length - 1) / length;
        if (n < 1) {
            throw new IllegalArgumentException("windows: " + ids.length + " characters make no window of "
                    + length + " plus the next character");
        }
        double[] x = new double[n * length];
        double[] y = new double[n * length];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < length; t++) {
                x[i * length + t] = ids[i * length + t];
                y[i * length + t] = ids[i * length + t + 1];
            }
        }
        return Dataset.of(Tensor.of(x, n, length), Tensor.of(y, n, length));
    }

    /**
     * The perplexity {@code exp(−mean ln p(c))} of the characters {@code test} under the unigram model of
     * {@code train}: each character drawn independently with its frequency in {@code train}, add-one
     * smoothed so an unseen character does not make it infinite. The baseline a sequence model must beat.
     */
    static double unigramPerplexity(int[] train, int[] test, int vocabulary) {
        double[] counts = new double[vocabulary];
        Arrays.fill(counts, 1);
        for (int id : train) {
            counts[id]++;
        }
        double total = train.length + vocabulary;
        double nll = 0;
        for (int id : test) {
            nll -= Math.log(counts[id] / total);
        }
        return Math.exp(nll / test.length);
    }
}
