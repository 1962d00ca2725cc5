package leibniz.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import leibniz.autograd.Node;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import leibniz.nn.ModelFile;
import leibniz.optim.Dataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextExampleTest {
    @TempDir
    Path dir;

    @Test
    void twoEpochsOfASmallGruBeatTheUnigramPerplexityClearlyAndWriteASample() throws IOException {
        Path out = dir.resolve("text");
        Cli r = Cli.run("text", "--epochs", "2", "--hidden", "32", "--sample-length", "80", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("epoch 2/2: loss "), r.out());
        Map<String, Object> m = RunOutputs.metrics(out);
        double perplexity = RunOutputs.number(m, "validation_perplexity");
        double unigram = RunOutputs.number(m, "unigram_perplexity");
        assertTrue(unigram > 20 && unigram < 26, "unigram " + unigram);
        assertTrue(perplexity < 0.6 * unigram, "perplexity " + perplexity + " vs unigram " + unigram);
        assertEquals(Math.exp(RunOutputs.number(m, "final", "validation", "loss")), perplexity, 1e-12);
        assertEquals(2, RunOutputs.epochs(m).size());
        assertTrue(RunOutputs.object(RunOutputs.epochs(m).get(1)).get("validation_perplexity") instanceof Double);

        String sample = Files.readString(out.resolve("samples.txt"), StandardCharsets.UTF_8);
        assertTrue(sample.startsWith("Elizabeth"), sample);
        assertEquals("Elizabeth".length() + 80 + 1, sample.length());
        RunOutputs.assertPng(out.resolve("curves.png"), 2 * Plots.WIDTH, Plots.HEIGHT);
        CharText text = CharText.austen();
        Map<String, String> meta = ModelFile.load(CharModel.create("gru", text.size(), 16, 32,
                new SplittableRandom(1)), out.resolve("model.safetensors"));
        assertEquals(text.vocabulary(), meta.get("vocabulary"));
    }

    @Test
    void steppingOneCharacterAtATimeGivesTheLogitsOfTheLayer() {
        int[] ids = CharText.austen().encode("It is a truth", "test");
        for (String cell : new String[] {"gru", "lstm"}) {
            CharModel model = CharModel.create(cell, 70, 8, 12, new SplittableRandom(5));
            double[] row = new double[ids.length];
            for (int t = 0; t < ids.length; t++) {
                row[t] = ids[t];
            }
            Tensor all = model.forward(Node.constant(Tensor.of(row, 1, ids.length))).value();
            assertEquals(Shape.of(1, ids.length, 70), all.shape());
            CharModel.Stepper stepper = model.stepper();
            for (int t = 0; t < ids.length; t++) {
                Tensor step = stepper.next(ids[t]);
                Tensor expected = all.slice(1, t, t + 1).reshape(-1);
                assertTrue(step.allClose(expected, 1e-12), cell + ", step " + t);
            }
        }
    }

    @Test
    void theUnigramPerplexityIsTheExpOfTheMeanSmoothedSurprise() {
        // Counts with add-one smoothing: a 2 + 1 = 3, b 1 + 1 = 2, of 5. ln p: ln 3/5 and ln 2/5.
        double p = CharText.unigramPerplexity(new int[] {0, 0, 1}, new int[] {0, 1}, 2);
        assertEquals(5 / Math.sqrt(6), p, 1e-12);
        // A text that is one character over and over is perfectly predictable, up to the smoothing.
        assertEquals(3.0 / 2, CharText.unigramPerplexity(new int[] {0}, new int[] {0, 0, 0}, 2), 1e-12);
    }

    @Test
    void windowsPairEachCharacterWithTheNextAndDropTheRest() {
        Dataset d = CharText.windows(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 3);
        assertEquals(Tensor.matrix(new double[][] {{0, 1, 2}, {3, 4, 5}, {6, 7, 8}}), d.features());
        assertEquals(Tensor.matrix(new double[][] {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}), d.targets());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CharText.windows(new int[] {1, 2, 3}, 3));
        assertEquals("windows: 3 characters make no window of 3 plus the next character", e.getMessage());
    }

    @Test
    void theBundledTextIsAustensAndEncodesBothWays() {
        CharText text = CharText.austen();
        assertTrue(text.text().startsWith("PRIDE AND PREJUDICE\n\nBy Jane Austen"));
        assertTrue(text.text().length() > 60_000 && text.text().length() < 70_000);
        assertEquals(70, text.size());
        int[] ids = text.encode("Mr. Darcy", "test");
        StringBuilder back = new StringBuilder();
        for (int id : ids) {
            back.append(text.decode(id));
        }
        assertEquals("Mr. Darcy", back.toString());
    }

    @Test
    void lowTemperaturesPickTheLikeliestCharacterAndTemperatureOneSamplesTheSoftmax() {
        SplittableRandom rng = new SplittableRandom(9);
        double[] logits = {0.1, 2.0, 1.9, -3};
        for (int i = 0; i < 100; i++) {
            assertEquals(1, TextExample.draw(logits, 0.01, rng));
        }
        // softmax(0, ln 3) = (1/4, 3/4)
        int ones = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            ones += TextExample.draw(new double[] {0, Math.log(3)}, 1, rng);
        }
        assertEquals(0.75, (double) ones / n, 0.01);
    }

    @Test
    void aPrimeWithACharacterTheTextLacksIsAUsageError() {
        Path out = dir.resolve("bad");
        Cli r = Cli.run("text", "--prime", "Darcy#", "--out", out.toString());
        assertEquals(2, r.status());
        assertEquals("leibniz-examples: --prime: the character '#' does not occur in the text", r.message());
        assertTrue(Files.notExists(out));
    }
}
