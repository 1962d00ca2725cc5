package leibniz.examples;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import leibniz.autograd.Node;
import leibniz.core.Tensor;
import leibniz.nn.Activation;
import leibniz.nn.Activations;
import leibniz.nn.Linear;
import leibniz.nn.Losses;
import leibniz.nn.Module;
import leibniz.nn.Sequential;
import leibniz.optim.Dataset;
import leibniz.optim.Evaluation;
import leibniz.optim.History;
import leibniz.optim.Metrics;
import leibniz.optim.Objective;
import leibniz.optim.Pass;
import leibniz.optim.Trainer;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The classic XOR problem, which no linear model solves: a 2-4-1 network (tanh hidden layer, sigmoid
 * output) trained with binary cross-entropy on the four corners of the unit square. The learned decision
 * boundary is drawn to {@code boundary.png}.
 */
@Command(name = "xor", description = "the XOR truth table: 2-4-1 network, decision boundary plot")
final class XorExample implements Example {
    private static final double[][] INPUTS = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
    private static final double[] TARGETS = {0, 1, 1, 0};

    @Mixin
    TrainingOptions training = new TrainingOptions(300, 4, 0.05, TrainingOptions.OptimizerName.adam);

    @Mixin
    RunOptions common = new RunOptions();

    @Option(names = "--hidden", paramLabel = "N", order = 10, description = "hidden tanh units")
    int hidden = 4;

    @Override
    public void run(PrintStream out) throws IOException {
        Heap.requireParameters("--hidden " + hidden, 4L * hidden + 1);
        int batchSize = training.batchSize(INPUTS.length, "rows of the truth table");
        RunFolder folder = common.folder();
        long start = System.nanoTime();
        Dataset table = Dataset.of(Tensor.matrix(INPUTS), Tensor.of(TARGETS, 4, 1));
        SplittableRandom rng = new SplittableRandom(common.seed);
        Module model = Sequential.of(Linear.create(2, hidden, rng), Activation.tanh(), Linear.create(hidden, 1, rng));
        out.println("xor: 4 rows; model " + model);

        // The loss works on the logits (exact where the sigmoid saturates); the metric sees probabilities.
        Objective objective = (x, y, training) -> {
            Node logits = model.forward(x);
            return Pass.of(Losses.binaryCrossEntropyWithLogits(logits, y), Activations.sigmoid(logits));
        };
        int epochs = training.epochs;
        Trainer trainer = Trainer.builder()
                .parameters(model.parameters()).objective(objective)
                .optimizer(training.optimizer()).learningRateSchedule(training.schedule())
                .epochs(epochs).batchSize(batchSize).metrics(Metrics.binaryAccuracy())
                .seed(common.seed).quiet().callbacks(EpochPrinter.tenLines("", epochs, out))
                .build();
        History history = trainer.fit(table);
        Evaluation end = trainer.evaluate(table);

        double[] p = probabilities(model, Tensor.matrix(INPUTS));
        for (int i = 0; i < 4; i++) {
            out.printf(Locale.ROOT, "  %d xor %d -> %.4f (target %d)%n", (int) INPUTS[i][0], (int) INPUTS[i][1], p[i],
                    (int) TARGETS[i]);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Evaluation> finals = new LinkedHashMap<>();
        finals.put("train", end);
        folder.writeJson("metrics.json", Report.metrics("xor", common.values(), history, finals, seconds));
        history.plot(folder.file("curves.png"), "xor");
        boundary(model, folder.file("boundary.png"));
        folder.saveModel("model.safetensors", model, Map.of("example", "xor", "model", model.toString()));
        out.printf(Locale.ROOT, "xor: accuracy %.2f, loss %.4f in %.1f s%n", end.metric("binary_accuracy"), end.loss(),
                seconds);
        out.println("wrote metrics.json, curves.png, boundary.png and model.safetensors to " + folder.dir());
    }

    private static double[] probabilities(Module model, Tensor x) {
        return Activations.sigmoid(model.forward(Node.constant(x))).value().toArray();
    }

    /** The plane around the unit square coloured by the predicted class, with the four corners on top. */
    static Path boundary(Module model, Path file) throws IOException {
        int n = 81;
        double lo = -0.5;
        double hi = 1.5;
        double[] grid = new double[n * n * 2];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                grid[(i * n + j) * 2] = lo + (hi - lo) * j / (n - 1);
                grid[(i * n + j) * 2 + 1] = lo + (hi - lo) * i / (n - 1);
            }
        }
        double[] p = probabilities(model, Tensor.of(grid, n * n, 2));
        XYChart c = Plots.chart("xor: decision boundary (p = 0.5)", "x1", "x2");
        c.getStyler().setMarkerSize(14);
        c.getStyler().setDecimalPattern("0.0#").setLegendPosition(Styler.LegendPosition.OutsideS)
                .setLegendLayout(Styler.LegendLayout.Horizontal);
        Marker cell = cell(600.0 / n);
        region(c, "predicted 0", grid, p, false, cell, new Color(190, 210, 255));
        region(c, "predicted 1", grid, p, true, cell, new Color(255, 210, 170));
        Plots.roundTicks(c, 0.01, 0.01);
        for (int target = 0; target <= 1; target++) {
            double[][] xy = corners(target);
            XYSeries s = Plots.points(c, "target " + target, xy[0], xy[1]);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(target == 0 ? new Color(30, 70, 200) : new Color(220, 90, 0));
        }
        return Plots.save(file, c);
    }

    private static void region(XYChart c, String name, double[] grid, double[] p, boolean positive, Marker cell,
            Color color) {
        int count = 0;
        for (double v : p) {
            count += (v >= 0.5) == positive ? 1 : 0;
        }
        if (count == 0) {
            return;
        }
        double[] x = new double[count];
        double[] y = new double[count];
        int k = 0;
        for (int i = 0; i < p.length; i++) {
            if ((p[i] >= 0.5) == positive) {
                x[k] = grid[2 * i];
                y[k++] = grid[2 * i + 1];
            }
        }
        XYSeries s = Plots.points(c, name, x, y);
        s.setMarker(cell);
        s.setMarkerColor(color);
    }

    private static double[][] corners(int target) {
        double[] x = new double[2];
        double[] y = new double[2];
        int k = 0;
        for (int i = 0; i < 4; i++) {
            if (TARGETS[i] == target) {
                x[k] = INPUTS[i][0];
                y[k++] = INPUTS[i][1];
            }
        }
        return new double[][] {x, y};
    }

    /** A filled square of a fixed size in pixels, whatever the chart's marker size: one cell of the grid. */
    private static Marker cell(double side) {
        return new Marker() {
            @Override
            public void paint(Graphics2D g, double x, double y, int markerSize) {
                g.fill(new Rectangle2D.Double(x - side / 2, y - side / 2, side + 1, side + 1));
            }
        };
    }
}
