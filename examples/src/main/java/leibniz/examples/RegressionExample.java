package leibniz.examples;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import leibniz.autograd.Node;
import leibniz.core.Tensor;
import leibniz.nn.Linear;
import leibniz.nn.Losses;
import leibniz.nn.Regularizers;
import leibniz.optim.Dataset;
import leibniz.optim.Evaluation;
import leibniz.optim.History;
import leibniz.optim.Metric;
import leibniz.optim.Objective;
import leibniz.optim.Pass;
import leibniz.optim.Trainer;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Over-fitting and its cures: a few noisy samples of {@code sin(πx)} fitted by a degree-15 polynomial
 * (a linear layer on Legendre features), trained three times with the mean squared error alone, plus an
 * L1 penalty (which drives coefficients to zero) and plus an L2 penalty (which shrinks them all). The
 * weight norms, the number of near-zero weights and the validation errors are printed side by side, and
 * the three fits drawn to {@code fits.png}.
 */
@Command(name = "regression", description = "noisy curve, polynomial fit with none/L1/L2 regularization")
final class RegressionExample implements Example {
    private static final double NOISE = 0.2;
    /** A weight counts as zero below this: gradient steps on |w| hover around 0 rather than land on it. */
    private static final double ZERO = 1e-2;
    private static final Color[] COLORS = {new Color(200, 40, 40), new Color(30, 140, 60), new Color(40, 80, 200)};
    private static final BasicStroke DASHED =
            new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0);

    @Mixin
    TrainingOptions training = new TrainingOptions(600, 8, 0.01, TrainingOptions.OptimizerName.adam);

    @Mixin
    RunOptions common = new RunOptions();

    @Option(names = "--degree", paramLabel = "N", order = 10, description = "degree of the polynomial")
    int degree = 15;

    @Option(names = "--samples", paramLabel = "N", order = 11, description = "noisy training samples")
    int samples = 16;

    @Option(names = "--l1", paramLabel = "X", order = 12, description = "L1 penalty weight")
    double l1 = 0.01;

    @Option(names = "--l2", paramLabel = "X", order = 13, description = "L2 penalty weight")
    double l2 = 0.01;

    /** One of the three trainings: its name, penalty and result. */
    private record Fit(String name, Linear model, History history, Map<String, Evaluation> finals) {
    }

    @Override
    public void run(PrintStream out) throws IOException {
        Heap.requireData("--samples " + samples + " --degree " + degree, ((long) samples + 400) * degree);
        int batchSize = training.batchSize(samples, "training samples");
        RunFolder folder = common.folder();
        long start = System.nanoTime();
        long seed = common.seed;
        Dataset train = samples(samples, degree, seed);
        Dataset validation = samples(200, degree, seed + 1);
        Dataset test = samples(200, degree, seed + 2);
        out.printf(Locale.ROOT, "regression: y = sin(pi x) + N(0, %.2f^2), %d training samples, degree %d%n", NOISE,
                train.size(), degree);

        List<Fit> fits = new ArrayList<>();
        for (String penalty : List.of("none", "l1", "l2")) {
            Linear model = Linear.create(degree, 1, new SplittableRandom(seed));
            // Only the weights are penalized: the bias (the mean level) is no sign of over-fitting.
            Objective objective = (x, y, training) -> {
                Node prediction = model.forward(x);
                Node loss = Losses.mse(prediction, y);
                Node reg = switch (penalty) {
                    case "l1" -> Regularizers.l1(l1, List.of(model.weight()));
                    case "l2" -> Regularizers.l2(l2, List.of(model.weight()));
                    default -> Node.scalar(0);
                };
                return Pass.of(loss.add(reg), prediction);
            };
            int epochs = training.epochs;
            Trainer trainer = Trainer.builder()
                    .parameters(model.parameters()).objective(objective)
                    .optimizer(training.optimizer()).learningRateSchedule(training.schedule())
                    .epochs(epochs).batchSize(batchSize).validation(validation)
                    .metrics(Metric.of("mse", (p, t) -> p.sub(t).square().mean().item()))
                    .seed(seed).quiet().callbacks(EpochPrinter.tenLines(penalty + ": ", epochs, out))
                    .build();
            History history = trainer.fit(train);
            Map<String, Evaluation> finals = new LinkedHashMap<>();
            finals.put("train", trainer.evaluate(train));
            finals.put("validation", trainer.evaluate(validation));
            finals.put("test", trainer.evaluate(test));
            fits.add(new Fit(penalty, model, history, finals));
        }
        table(fits, out);
        Fit best = fits.get(0);
        for (Fit f : fits) {
            if (f.finals.get("validation").metric("mse") < best.finals.get("validation").metric("mse")) {
                best = f;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        folder.writeJson("metrics.json", metrics(common.values(), fits, best, seconds));
        Plots.save(folder.file("curves.png"), curves(fits));
        Plots.save(folder.file("fits.png"), fitChart(train, fits, degree));
        folder.saveModel("model.safetensors", best.model,
                Map.of("example", "regression", "model", best.model.toString(), "regularization", best.name));
        out.printf(Locale.ROOT, "regression: best validation mse %.4f with %s regularization in %.1f s%n",
                best.finals.get("validation").metric("mse"), best.name, seconds);
        out.println("wrote metrics.json, curves.png, fits.png and model.safetensors (the " + best.name
                + " fit) to " + folder.dir());
    }

    /** {@code n} points x uniform in [-1, 1], y = sin(πx) + noise, with features P₁(x)..P_d(x). */
    static Dataset samples(int n, int degree, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextDouble(-1, 1);
            y[i] = Math.sin(Math.PI * x[i]) + NOISE * rng.nextGaussian();
        }
        return Dataset.of(legendre(x, degree), Tensor.of(y, n, 1));
    }

    /**
     * The Legendre polynomials P₁..P_d at each x, {@code [n, d]}, by Bonnet's recursion
     * {@code (k+1) P_{k+1} = (2k+1) x P_k − k P_{k−1}}. They are orthogonal on [-1, 1], which keeps gradient
     * descent well conditioned where the plain powers x^k would not be.
     */
    static Tensor legendre(double[] x, int degree) {
        double[] f = new double[x.length * degree];
        for (int i = 0; i < x.length; i++) {
            double before = 1;
            double now = x[i];
            for (int k = 1; k <= degree; k++) {
                f[i * degree + k - 1] = now;
                double next = ((2 * k + 1) * x[i] * now - k * before) / (k + 1);
                before = now;
                now = next;
            }
        }
        return Tensor.of(f, x.length, degree);
    }

    private static void table(List<Fit> fits, PrintStream out) {
        out.printf(Locale.ROOT, "%-22s", "");
        fits.forEach(f -> out.printf(Locale.ROOT, "%10s", f.name));
        out.println();
        for (String split : List.of("train", "validation", "test")) {
            out.printf(Locale.ROOT, "%-22s", split + " mse");
            fits.forEach(f -> out.printf(Locale.ROOT, "%10.4f", f.finals.get(split).metric("mse")));
            out.println();
        }
        row(out, "|w|_1", fits, w -> w.abs().sum().item());
        row(out, "|w|_2", fits, w -> Math.sqrt(w.square().sum().item()));
        out.printf(Locale.ROOT, "%-22s", "weights |w| < " + ZERO);
        fits.forEach(f -> out.printf(Locale.ROOT, "%10s", nearZero(f.model) + "/" + f.model.weight().shape().size()));
        out.println();
    }

    private static void row(PrintStream out, String label, List<Fit> fits,
            ToDoubleFunction<Tensor> f) {
        out.printf(Locale.ROOT, "%-22s", label);
        fits.forEach(fit -> out.printf(Locale.ROOT, "%10.4f", f.applyAsDouble(fit.model.weight().value())));
        out.println();
    }

    private static int nearZero(Linear model) {
        int n = 0;
        for (double w : model.weight().value().toArray()) {
            n += Math.abs(w) < ZERO ? 1 : 0;
        }
        return n;
    }

    private static Map<String, Object> metrics(Map<String, Object> options, List<Fit> fits, Fit best,
            double seconds) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("example", "regression");
        m.put("options", options);
        Map<String, Object> runs = new LinkedHashMap<>();
        for (Fit f : fits) {
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("epochs", Report.epochs(f.history));
            Map<String, Object> end = new LinkedHashMap<>();
            f.finals.forEach((split, e) -> end.put(split, Report.evaluation(e)));
            run.put("final", end);
            Tensor w = f.model.weight().value();
            run.put("weight_l1_norm", w.abs().sum().item());
            run.put("weight_l2_norm", Math.sqrt(w.square().sum().item()));
            run.put("near_zero_weights", nearZero(f.model));
            run.put("weights", w.toArray());
            runs.put(f.name, run);
        }
        m.put("runs", runs);
        m.put("saved_model", best.name);
        m.put("seconds", seconds);
        return m;
    }

    private static XYChart curves(List<Fit> fits) {
        XYChart c = Plots.chart("regression: validation mse", "epoch", "mse (log scale)");
        c.getStyler().setYAxisLogarithmic(true);
        c.getStyler().setYAxisMin(0.01).setYAxisMax(1.0);
        for (int i = 0; i < fits.size(); i++) {
            Fit f = fits.get(i);
            double[] x = Plots.epochs(f.history.epochs().size());
            Plots.line(c, f.name + " train", x, f.history.series("mse")).setLineColor(COLORS[i])
                    .setLineStyle(DASHED);
            Plots.line(c, f.name + " validation", x, f.history.series("val_mse")).setLineColor(COLORS[i]);
        }
        Plots.roundTicks(c, 1.5, 0.1);
        return c;
    }

    private static XYChart fitChart(Dataset train, List<Fit> fits, int degree) {
        XYChart c = Plots.chart("regression: degree-" + degree + " fits", "x", "y");
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        int n = 201;
        double[] x = new double[n];
        double[] truth = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = -1 + 2.0 * i / (n - 1);
            truth[i] = Math.sin(Math.PI * x[i]);
        }
        Plots.line(c, "sin(pi x)", x, truth).setLineColor(Color.BLACK).setLineStyle(DASHED);
        Tensor features = legendre(x, degree);
        for (int i = 0; i < fits.size(); i++) {
            Fit f = fits.get(i);
            Plots.line(c, f.name, x, f.model.forward(Node.constant(features)).value().toArray())
                    .setLineColor(COLORS[i]);
        }
        double[] sx = train.features().slice(1, 0, 1).toArray(); // P₁(x) = x
        Plots.points(c, "training samples", sx, train.targets().toArray()).setMarkerColor(Color.DARK_GRAY);
        return c;
    }
}
