package leibniz.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import leibniz.autograd.Node;
import leibniz.core.Tensor;
import leibniz.nn.Context;
import leibniz.nn.Losses;
import leibniz.optim.Callback;
import leibniz.optim.Clipping;
import leibniz.optim.Dataset;
import leibniz.optim.Evaluation;
import leibniz.optim.History;
import leibniz.optim.Metrics;
import leibniz.optim.Objective;
import leibniz.optim.Pass;
import leibniz.optim.Trainer;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A character-level language model of Jane Austen (the first eight chapters of Pride and Prejudice,
 * bundled): embedding, GRU (or LSTM) and a linear layer predict every next character of windows of
 * {@code --length} characters, trained with cross-entropy and Adam on the first 90% of the text. The last
 * 10% measures the perplexity {@code exp(mean cross-entropy)}, per epoch, against the unigram baseline;
 * then the model writes new text from {@code --prime} at {@code --temperature} to {@code samples.txt}.
 */
@Command(name = "text",
        description = "character-level language model of Pride and Prejudice (bundled): GRU or LSTM")
final class TextExample implements Example {
    /** The recurrent layers; lower case as typed on the command line. */
    enum Cell { gru, lstm }

    @Mixin
    TrainingOptions training = new TrainingOptions(6, 32, 0.02, TrainingOptions.OptimizerName.adam);

    @Mixin
    RunOptions common = new RunOptions();

    @Option(names = "--cell", paramLabel = "NAME", order = 10, description = "recurrent layer: gru or lstm")
    Cell cell = Cell.gru;

    @Option(names = "--hidden", paramLabel = "N", order = 11, description = "hidden units of the recurrent layer")
    int hidden = 64;

    @Option(names = "--embedding", paramLabel = "N", order = 12, description = "size of the character vectors")
    int embedding = 16;

    @Option(names = "--length", paramLabel = "N", order = 13,
            description = "characters per training window (truncated back-propagation)")
    int length = 32;

    @Option(names = "--prime", paramLabel = "TEXT", order = 14, description = "text the generated samples start from")
    String prime = "Elizabeth";

    @Option(names = "--temperature", paramLabel = "X", order = 15,
            description = "sampling temperature: below 1 safer, above 1 wilder")
    double temperature = 0.7;

    @Option(names = "--sample-length", paramLabel = "N", order = 16, description = "characters generated per sample")
    int sampleLength = 300;

    @Override
    public void run(PrintStream out) throws IOException {
        long start = System.nanoTime();
        long seed = common.seed;
        CharText text = CharText.austen();
        // Checked before training so a typo in --prime does not cost a minute.
        try {
            text.encode(prime, "--prime");
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Heap.requireParameters("--hidden " + hidden + " --embedding " + embedding,
                4L * hidden * (embedding + hidden + 2) + (hidden + 1L + embedding) * text.size());
        int[] ids = text.ids();
        // A contiguous cut: windows from the end of the text were never seen, not even overlapping.
        int cut = ids.length * 9 / 10;
        int[] trainIds = Arrays.copyOfRange(ids, 0, cut);
        int[] validationIds = Arrays.copyOfRange(ids, cut, ids.length);
        if (length >= validationIds.length) {
            throw new UsageException("--length " + length + " is longer than the validation text of "
                    + validationIds.length + " characters; give at most " + (validationIds.length - 1));
        }
        Dataset train = CharText.windows(trainIds, length);
        Dataset validation = CharText.windows(validationIds, length);
        // The baseline scores exactly the characters the model predicts: the targets of the validation windows.
        double unigram = CharText.unigramPerplexity(trainIds, Arrays.copyOfRange(validationIds, 1,
                1 + validation.size() * length), text.size());

        int batchSize = training.batchSize(train.size(), "training windows");
        RunFolder folder = common.folder();
        CharModel model = CharModel.create(cell.name(), text.size(), embedding, hidden, new SplittableRandom(seed));
        out.printf(Locale.ROOT, "text: %d characters, vocabulary %d; %d training and %d validation windows of %d;"
                + " model %s%n", ids.length, text.size(), train.size(), validation.size(), length, model);
        out.printf(Locale.ROOT, "text: unigram baseline perplexity %.2f on the validation text%n", unigram);

        int epochs = training.epochs;
        Trainer trainer = Trainer.builder()
                .parameters(model.parameters())
                .objective(nextCharacter(model))
                .optimizer(training.optimizer())
                .learningRateSchedule(training.schedule())
                // Recurrent nets have rare huge gradients (long products of Jacobians); clipping tames them.
                .clipping(g -> Clipping.byGlobalNorm(g, 5))
                .epochs(epochs).batchSize(batchSize)
                .metrics(Metrics.accuracy())
                .validation(validation)
                .seed(seed)
                .quiet().callbacks(perplexityPrinter(epochs, out))
                .build();
        History history = trainer.fit(train);
        Evaluation end = trainer.evaluate(validation);
        double perplexity = Math.exp(end.loss());

        String sample = sample(model, text, prime, sampleLength, temperature, new SplittableRandom(seed));
        double seconds = (System.nanoTime() - start) / 1e9;
        out.println("text: sample at temperature " + temperature + ":");
        out.println(sample);

        Map<String, Evaluation> finals = new LinkedHashMap<>();
        finals.put("train", trainer.evaluate(train));
        finals.put("validation", end);
        Map<String, Object> metrics = Report.metrics("text", common.values(), history, finals, seconds);
        metrics.put("epochs", withPerplexity(Report.epochs(history)));
        metrics.put("validation_perplexity", perplexity);
        metrics.put("unigram_perplexity", unigram);
        folder.writeJson("metrics.json", metrics);
        Files.writeString(folder.file("samples.txt"), sample + "\n", StandardCharsets.UTF_8);
        history.plot(folder.file("curves.png"), "text");
        Plots.save(folder.file("perplexity.png"), perplexityChart(history, unigram));
        folder.saveModel("model.safetensors", model, Map.of("example", "text", "model", model.toString(),
                "vocabulary", text.vocabulary()));
        out.printf(Locale.ROOT, "text: validation perplexity %.2f (unigram baseline %.2f), next-character accuracy"
                + " %.3f in %.1f s%n", perplexity, unigram, end.metric("accuracy"), seconds);
        out.println("wrote metrics.json, curves.png, perplexity.png, samples.txt and model.safetensors to "
                + folder.dir());
    }

    /** The mean cross-entropy of the logits at every position against the next character. */
    static Objective nextCharacter(CharModel model) {
        return (x, y, training) -> {
            Node logits = model.forward(x, training ? Context.training() : Context.evaluation());
            return Pass.of(Losses.crossEntropy(logits, y), logits);
        };
    }

    /**
     * Text written by the model: it reads {@code prime} from the zero state, then repeatedly draws the next
     * character from {@code softmax(logits / temperature)} and reads it back in. Returns the prime and
     * the {@code count} characters after it.
     */
    static String sample(CharModel model, CharText text, String prime, int count, double temperature,
            RandomGenerator rng) {
        int[] primeIds = text.encode(prime, "--prime");
        if (primeIds.length == 0) {
            throw new IllegalArgumentException("sample: the prime is empty");
        }
        CharModel.Stepper stepper = model.stepper();
        Tensor logits = null;
        for (int id : primeIds) {
            logits = stepper.next(id);
        }
        StringBuilder s = new StringBuilder(prime);
        for (int i = 0; i < count; i++) {
            int next = draw(logits.toArray(), temperature, rng);
            s.append(text.decode(next));
            logits = stepper.next(next);
        }
        return s.toString();
    }

    /** An index drawn with probability {@code exp(l_i / T) / Σ_j exp(l_j / T)}. */
    static int draw(double[] logits, double temperature, RandomGenerator rng) {
        double max = Arrays.stream(logits).max().orElseThrow();
        double[] p = new double[logits.length];
        double total = 0;
        for (int i = 0; i < p.length; i++) {
            // Shifting by the maximum keeps exp from overflowing; the shift cancels in the ratio.
            p[i] = Math.exp((logits[i] - max) / temperature);
            total += p[i];
        }
        double u = rng.nextDouble() * total;
        for (int i = 0; i < p.length; i++) {
            u -= p[i];
            if (u < 0) {
                return i;
            }
        }
        return p.length - 1;
    }

    private static List<Map<String, Object>> withPerplexity(List<Map<String, Object>> rows) {
        for (Map<String, Object> row : rows) {
            row.put("train_perplexity", Math.exp((Double) row.get("train_loss")));
            row.put("validation_perplexity", Math.exp((Double) row.get("validation_loss")));
        }
        return rows;
    }

    private static Callback perplexityPrinter(int epochs, PrintStream out) {
        return (trainer, r) -> {
            double val = r.validation().orElseThrow().loss();
            out.printf(Locale.ROOT, "epoch %d/%d: loss %.4f (perplexity %.2f), validation perplexity %.2f,"
                    + " next-character accuracy %.3f [%.1f s]%n", r.epoch(), epochs, r.loss(), Math.exp(r.loss()),
                    Math.exp(val), r.validation().orElseThrow().metric("accuracy"), r.seconds());
            return false;
        };
    }

    private static XYChart perplexityChart(History history, double unigram) {
        XYChart c = Plots.chart("text: perplexity", "epoch", "perplexity");
        // The baseline runs along the top, where an inside legend would hide it.
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS).setLegendLayout(Styler.LegendLayout.Horizontal);
        double[] x = Plots.epochs(history.epochs().size());
        Plots.line(c, "train", x, Arrays.stream(history.series("loss")).map(Math::exp).toArray());
        Plots.line(c, "validation", x, Arrays.stream(history.series("val_loss")).map(Math::exp).toArray());
        double[] flat = new double[x.length];
        Arrays.fill(flat, unigram);
        Plots.line(c, "unigram baseline", x, flat);
        Plots.roundTicks(c, 1.5, unigram);
        return c;
    }
}
