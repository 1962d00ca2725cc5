package leibniz.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import leibniz.autograd.Assign;
import leibniz.autograd.Autograd;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.autograd.PerSample;
import leibniz.autograd.Program;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import leibniz.nn.Losses;
import leibniz.nn.Module;
import leibniz.optim.DataLoader;
import leibniz.optim.Dataset;
import leibniz.optim.Metrics;
import org.knowm.xchart.XYChart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Differentially private SGD (Abadi et al. 2016, as Opacus runs it) on the bundled 8x8 digits, beside plain
 * SGD from the same initial weights on the same batches: each step takes the gradient of every example of
 * the batch separately ({@link PerSample#gradients}, one batched graph), scales each to norm at most C, sums
 * them, adds Gaussian noise of standard deviation σC to every coordinate and divides by the batch size. The
 * noise hides any one example's contribution; the price is accuracy, which the two runs show side by side,
 * and the guarantee is (ε, δ)-differential privacy with ε from the RDP accountant ({@link PrivacyAccountant}).
 * Batches are the shuffled training rows cut into equal parts, the last partial batch dropped each epoch
 * (the accountant assumes Poisson sampling at rate B/N; shuffling is the usual stand-in).
 */
@Command(name = "dpsgd", description = {"differentially private SGD on the digits: per-example clipping and "
        + "Gaussian noise, beside plain SGD"})
final class DpSgdExample implements Example {
    @Option(names = "--epochs", paramLabel = "N", order = 1, description = "passes over the training data")
    int epochs = 30;

    @Option(names = "--batch-size", paramLabel = "N", order = 2, description = "examples per step")
    int batchSize = 64;

    @Option(names = "--lr", paramLabel = "X", order = 3, description = "learning rate of both runs")
    double lr = 0.5;

    @Option(names = "--clip", paramLabel = "C", order = 4, description = "bound C on each example's gradient norm")
    double clip = 1.0;

    @Option(names = "--noise", paramLabel = "SIGMA", order = 5, converter = Values.NonNegative.class,
            description = "noise multiplier σ: the noise added to the sum of clipped gradients has deviation σC")
    double noise = 1.0;

    @Option(names = "--delta", paramLabel = "X", order = 6,
            description = "δ of the (ε, δ) guarantee reported; below 1 / the number of training examples")
    double delta = 1e-5;

    @Option(names = "--hidden", paramLabel = "N", order = 10, description = "hidden ReLU units")
    int hidden = 64;

    @Mixin
    RunOptions common = new RunOptions();

    @Override
    public void run(PrintStream out) throws IOException {
        if (delta >= 1) {
            throw new UsageException("--delta must be below 1, got " + delta);
        }
        long seed = common.seed;
        Splits data = Splits.of(BundledData.digits().data(), 0.15, 0.15, seed);
        TrainingOptions.batchSize(batchSize, data.train().size(), "training examples");
        Heap.requireParameters("--hidden " + hidden, (long) batchSize * (65L * hidden + (hidden + 1) * 10L));
        RunFolder folder = common.folder();
        long start = System.nanoTime();
        Module privateModel = Networks.mlp(64, hidden, 10, new SplittableRandom(seed));
        Module plainModel = Networks.mlp(64, hidden, 10, new SplittableRandom(seed));
        out.println("dpsgd: " + data.sizes() + "; model " + privateModel + "; clip C " + format(clip) + ", noise σ "
                + format(noise) + ", " + batchSize + " examples per step, " + data.train().size() / batchSize
                + " steps an epoch");
        Run dp = new Run(privateModel, true);
        Run plain = new Run(plainModel, false);
        DataLoader batches = DataLoader.of(data.train(), batchSize).shuffled(seed + 1).dropLast(true);
        SplittableRandom draws = new SplittableRandom(seed + 2);
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (Dataset d : batches.batches(epoch)) {
                dp.step(d, draws);
                plain.step(d, draws);
            }
            dp.evaluate(data.test());
            plain.evaluate(data.test());
            if (epoch == epochs - 1 || epochs <= 10 || (epoch + 1) % Math.max(1, epochs / 10) == 0) {
                out.printf(Locale.ROOT, "  epoch %3d  DP-SGD loss %.4f test accuracy %.4f   SGD loss %.4f test "
                        + "accuracy %.4f%n", epoch + 1, dp.losses.get(epoch), dp.accuracies.get(epoch),
                        plain.losses.get(epoch), plain.accuracies.get(epoch));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int steps = epochs * (data.train().size() / batchSize);
        double q = batchSize / (double) data.train().size();
        double epsilon = PrivacyAccountant.epsilon(q, noise, steps, delta);
        double dpAccuracy = dp.accuracies.get(epochs - 1);
        double plainAccuracy = plain.accuracies.get(epochs - 1);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("example", "dpsgd");
        metrics.put("options", common.values());
        Map<String, Object> privacy = new LinkedHashMap<>();
        privacy.put("epsilon", epsilon);
        privacy.put("delta", delta);
        privacy.put("sampling_rate", q);
        privacy.put("steps", steps);
        metrics.put("privacy", privacy);
        metrics.put("dpsgd", dp.record());
        metrics.put("sgd", plain.record());
        metrics.put("seconds", seconds);
        folder.writeJson("metrics.json", metrics);
        plot(folder, dp, plain);
        folder.saveModel("model.safetensors", privateModel, Map.of("example", "dpsgd", "model",
                privateModel.toString(), "clip", format(clip), "noise", format(noise)));
        out.printf(Locale.ROOT, "dpsgd: test accuracy %.4f with DP-SGD (C %s, σ %s), %.4f with plain SGD, in %.1f s%n",
                dpAccuracy, format(clip), format(noise), plainAccuracy, seconds);
        out.printf(Locale.ROOT, "dpsgd: privacy ε = %.2f at δ = %s (RDP accountant, sampling rate %.4f, %d steps)%n",
                epsilon, new BigDecimal(delta).round(MathContext.DECIMAL32).stripTrailingZeros().toPlainString(), q,
                steps);
        out.println("wrote metrics.json, curves.png and model.safetensors (the DP-SGD model) to " + folder.dir());
    }

    /** One training run: its model, its step program, and its loss and test accuracy per epoch. */
    private final class Run {
        private final Module model;
        private final Node x = Node.placeholder("x", batchSize, 64);
        private final Node y = Node.placeholder("labels", batchSize);
        private final List<Node> noises = new ArrayList<>();
        private final Program step;
        private final List<Double> losses = new ArrayList<>();
        private final List<Double> accuracies = new ArrayList<>();
        private double epochLoss;
        private int epochSteps;

        /**
         * The step {@code w ← w − lr · g} for every parameter, where g is the mean gradient of the batch, or
         * for DP-SGD {@code (Σ_b clip_C(g_b) + N(0, σ²C²)) / B}.
         */
        Run(Module model, boolean dp) {
            this.model = model;
            List<Parameter> ps = new ArrayList<>(model.parameters().values());
            Node loss = Losses.crossEntropy(model.forward(x), y);
            List<Node> grads;
            if (dp) {
                List<Node> perExample = PerSample.gradients(ex -> Losses.crossEntropy(model.forward(ex.get(0)),
                        ex.get(1)), ps, List.of(x, y));
                grads = new ArrayList<>();
                List<Node> clipped = PerSample.clip(perExample, clip);
                for (int i = 0; i < ps.size(); i++) {
                    Node n = Node.placeholder("noise " + i, ps.get(i).shape());
                    noises.add(n);
                    grads.add(clipped.get(i).sum(0).add(n).div(batchSize));
                }
            } else {
                grads = Autograd.gradients(loss, ps);
            }
            List<Assign> updates = new ArrayList<>();
            for (int i = 0; i < ps.size(); i++) {
                Parameter p = ps.get(i);
                updates.add(new Assign(p, p.node().sub(grads.get(i), Node.scalar(lr))));
            }
            step = Program.of(List.of(loss), updates);
        }

        /** One step on a batch, with fresh noise from {@code draws} for DP-SGD. */
        void step(Dataset batch, SplittableRandom draws) {
            Map<Node, Tensor> feeds = new HashMap<>();
            feeds.put(x, batch.features());
            feeds.put(y, batch.targets());
            for (Node n : noises) {
                Shape s = n.shape();
                feeds.put(n, Tensor.normal(draws, 0, noise * clip, s.dims()));
            }
            epochLoss += step.run(feeds).get(0).item();
            epochSteps++;
        }

        /** Closes an epoch: its mean training loss, and the accuracy on {@code test}. */
        void evaluate(Dataset test) {
            losses.add(epochLoss / epochSteps);
            epochLoss = 0;
            epochSteps = 0;
            Tensor logits = model.forward(Node.constant(test.features())).value();
            accuracies.add(Metrics.accuracy().value(logits, test.targets()));
        }

        Map<String, Object> record() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("train_loss", losses);
            m.put("test_accuracy", accuracies);
            return m;
        }
    }

    private void plot(RunFolder folder, Run dp, Run plain) throws IOException {
        double[] e = Plots.epochs(epochs);
        XYChart c = Plots.chart("dpsgd: test accuracy", "epoch", "accuracy");
        Plots.line(c, "DP-SGD (C " + format(clip) + ", σ " + format(noise) + ")", e, values(dp.accuracies));
        Plots.line(c, "SGD", e, values(plain.accuracies));
        Plots.save(folder.file("curves.png"), c);
    }

    private static double[] values(List<Double> list) {
        return list.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : Double.toString(v);
    }
}
