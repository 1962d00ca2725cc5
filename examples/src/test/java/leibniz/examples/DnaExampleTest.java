package leibniz.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import leibniz.nn.ModelFile;
import leibniz.optim.Dataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DnaExampleTest {
    @TempDir
    Path dir;

    @Test
    void theDefaultConvolutionFindsTheMotifWithNinetyFivePercentTestAccuracy() throws IOException {
        Path out = dir.resolve("cnn");
        Cli r = Cli.run("dna", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        Map<String, Object> m = RunOutputs.assertClassificationOutputs(out, 15);
        double test = RunOutputs.number(m, "final", "test", "accuracy");
        assertTrue(test >= 0.95, "test accuracy " + test);
        ModelFile.load(DnaExample.cnn(16, new SplittableRandom(0)), out.resolve("model.safetensors"));

        // The filter the classifier trusts most spells the planted site, give or take a base.
        String prefix = "prefers ";
        int at = r.out().indexOf(prefix);
        assertTrue(at >= 0, r.out());
        String learned = r.out().substring(at + prefix.length(), at + prefix.length() + DnaData.MOTIF.length());
        assertTrue(distance(learned, DnaData.MOTIF) <= 1, learned);
    }

    @Test
    void aShortConvolutionPlusGruRunLearns() throws IOException {
        Path out = dir.resolve("gru");
        Cli r = Cli.run("dna", "--model", "gru", "--sequences", "2000", "--epochs", "5", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        Map<String, Object> m = RunOutputs.assertClassificationOutputs(out, 5);
        double test = RunOutputs.number(m, "final", "test", "accuracy");
        assertTrue(test >= 0.9, "test accuracy " + test);
        ModelFile.load(DnaExample.gru(16, new SplittableRandom(0)), out.resolve("model.safetensors"));
    }

    @Test
    void halfTheSequencesCarryTheMotifWithinTheAllowedMutations() {
        DnaData.Sequences s = DnaData.generate(200, 60, 2, 11);
        int[] exactByMutations = new int[3];
        for (int i = 0; i < 200; i++) {
            assertEquals(i % 2, s.labels()[i]);
            assertEquals(60, s.sequences()[i].length());
            assertTrue(s.sequences()[i].chars().allMatch(c -> DnaData.BASES.indexOf(c) >= 0));
            if (s.labels()[i] == 1) {
                int best = bestMatch(s.sequences()[i]);
                assertTrue(best <= 2, "sequence " + i + " is " + best + " bases from the motif");
                exactByMutations[best]++;
            }
        }
        // Mutation counts 0, 1, 2 are equally likely: each bucket holds about a third of the 100 sites.
        for (int k = 0; k < 3; k++) {
            assertTrue(exactByMutations[k] > 15, "sites with " + k + " mismatches: " + exactByMutations[k]);
        }
        DnaData.Sequences exact = DnaData.generate(20, 30, 0, 3);
        for (int i = 1; i < 20; i += 2) {
            assertTrue(exact.sequences()[i].contains(DnaData.MOTIF));
        }
    }

    @Test
    void aMutationChangesExactlyThatManyDistinctPositions() {
        SplittableRandom rng = new SplittableRandom(4);
        for (int k = 0; k <= 8; k++) {
            String m = new String(DnaData.mutate(DnaData.MOTIF.toCharArray(), k, rng));
            assertEquals(k, distance(m, DnaData.MOTIF), m);
        }
    }

    @Test
    void theOneHotEncodingHasOneChannelPerBase() {
        DnaData.Sequences s = new DnaData.Sequences(new String[] {"ACGT", "TTAG"}, new int[] {0, 1});
        Dataset d = s.dataset();
        assertEquals(Shape.of(2, 4, 4), d.features().shape());
        assertEquals(Tensor.matrix(new double[][] {{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}}),
                d.features().slice(0, 0, 1).reshape(4, 4));
        assertEquals(Tensor.matrix(new double[][] {{0, 0, 1, 0}, {0, 0, 0, 0}, {0, 0, 0, 1}, {1, 1, 0, 0}}),
                d.features().slice(0, 1, 2).reshape(4, 4));
        assertEquals(Tensor.vector(0, 1), d.targets());
    }

    @Test
    void badSettingsAreRefusedWithAMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DnaData.generate(10, 5, 1, 0));
        assertEquals("dna: needs at least 2 sequences of at least 8 bases, got 10 of 5", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DnaData.generate(10, 50, 9, 0));
        assertEquals("dna: mutations must be between 0 and 8, got 9", e.getMessage());
        Cli r = Cli.run("dna", "--mutations", "-1", "--out", dir.resolve("bad").toString());
        assertEquals(2, r.status());
        assertEquals("leibniz-examples: --mutations: must be between 0 and 8, got -1", r.message());
    }

    /** The fewest mismatches between the motif and any window of {@code s}. */
    private static int bestMatch(String s) {
        int best = DnaData.MOTIF.length();
        for (int p = 0; p + DnaData.MOTIF.length() <= s.length(); p++) {
            best = Math.min(best, distance(s.substring(p, p + DnaData.MOTIF.length()), DnaData.MOTIF));
        }
        return best;
    }

    private static int distance(String a, String b) {
        int d = 0;
        for (int i = 0; i < a.length(); i++) {
            d += a.charAt(i) == b.charAt(i) ? 0 : 1;
        }
        return d;
    }
}
