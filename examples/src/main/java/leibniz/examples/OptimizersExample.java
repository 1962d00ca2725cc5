package leibniz.examples;

import java.awt.Color;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import leibniz.autograd.Autograd;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.autograd.Program;
import leibniz.core.Tensor;
import leibniz.optim.Adam;
import leibniz.optim.LBFGS;
import leibniz.optim.Minimizer;
import leibniz.optim.NewtonCG;
import leibniz.optim.Optimizer;
import leibniz.optim.Sgd;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Five optimizers on one {@link LogisticProblem}, each from the same start until the full-batch gradient
 * norm ‖∇f‖ falls to {@code --tolerance}: gradient descent with step 1/L, mini-batch SGD, full-batch Adam,
 * L-BFGS and Newton-CG. A table gives the iterations, the loss-and-gradient evaluations (mini-batches counted
 * as fractions of the full batch) and the wall time of each; {@code loss.png} plots {@code f − f*} against
 * the iteration on log scales, f* being the minimum that Newton-CG finds at a tolerance 10⁴ times tighter.
 */
@Command(name = "optimizers",
        description = "logistic regression by GD, SGD, Adam, L-BFGS and Newton-CG: iterations to a tolerance")
final class OptimizersExample implements Example {
    private static final Color[] COLORS = {new Color(120, 120, 120), new Color(230, 160, 0), new Color(30, 140, 60),
            new Color(40, 80, 200), new Color(200, 40, 40)};

    @Option(names = "--batch-size", paramLabel = "N", order = 1, description = "rows per SGD step")
    int batchSize = 50;

    @Mixin
    RunOptions common = new RunOptions();

    @Option(names = "--samples", paramLabel = "N", order = 10, description = "rows of the generated data")
    int samples = 1000;

    @Option(names = "--features", paramLabel = "N", order = 11, description = "features per row")
    int features = 20;

    @Option(names = "--correlation", paramLabel = "X", order = 12,
            description = "correlation between any two features, below 1")
    double correlation = 0.9;

    @Option(names = "--l2", paramLabel = "X", order = 13, description = "L2 penalty lambda")
    double l2 = 1e-3;

    @Option(names = "--tolerance", paramLabel = "X", order = 14,
            description = "stop when the full-batch gradient norm is this small")
    double tolerance = 1e-6;

    @Option(names = "--max-iterations", paramLabel = "N", order = 15, description = "the most iterations of any method")
    int maxIterations = 20000;

    @Option(names = "--sgd-lr", paramLabel = "X", order = 16, description = "SGD learning rate")
    double sgdLr = 0.05;

    @Option(names = "--adam-lr", paramLabel = "X", order = 17, description = "Adam learning rate")
    double adamLr = 0.01;

    /** One method's run: its counts at the tolerance (or at the end) and its curve of loss by iteration. */
    record Run(String method, int iterations, double evaluations, double seconds, double loss, double gradientNorm,
            boolean converged, double[] curveIterations, double[] curveLoss) {
    }

    @Override
    public void run(PrintStream out) throws IOException {
        if (correlation >= 1) {
            throw new UsageException("--correlation: must be below 1, got " + correlation);
        }
        TrainingOptions.batchSize(batchSize, samples, "rows of --samples");
        Heap.requireData("--samples " + samples + " --features " + features, (long) samples * features);
        RunFolder folder = common.folder();
        long start = System.nanoTime();
        long seed = common.seed;
        LogisticProblem problem = LogisticProblem.generate(samples, features, correlation, l2, seed);
        int max = maxIterations;
        double smoothness = problem.smoothness();
        out.printf(Locale.ROOT, "optimizers: logistic regression, %d rows x %d features (correlation %.2f), "
                + "L = %.4g, until |grad f| <= %.0e%n", problem.size(), features, correlation,
                smoothness, tolerance);

        // The reference minimum, from Newton-CG pushed well past the tolerance.
        problem.restart();
        double fStar = NewtonCG.create().minimize(problem.fullLoss(), problem.parameters(), 100, tolerance * 1e-4)
                .loss();

        List<Run> runs = new ArrayList<>();
        runs.add(firstOrder("gradient descent", Sgd.create(1 / smoothness), problem, problem.size(), max, tolerance,
                seed));
        runs.add(firstOrder("SGD (batch " + batchSize + ")", Sgd.create(sgdLr), problem, batchSize, max, tolerance,
                seed));
        runs.add(firstOrder("Adam", Adam.create(adamLr), problem, problem.size(), max, tolerance, seed));
        runs.add(secondOrder("L-BFGS", LBFGS.create(), problem, max, tolerance));
        runs.add(secondOrder("Newton-CG", NewtonCG.create(), problem, max, tolerance));
        table(runs, fStar, out);

        double seconds = (System.nanoTime() - start) / 1e9;
        folder.writeJson("metrics.json", metrics(common.values(), smoothness, fStar, runs, seconds));
        Plots.save(folder.file("loss.png"), chart(runs, fStar));
        out.printf(Locale.ROOT, "optimizers: done in %.1f s%n", seconds);
        out.println("wrote metrics.json and loss.png to " + folder.dir());
    }

    /**
     * A first-order optimizer stepping on batches of {@code batch} rows: one prepared program computes the
     * batch loss, its gradient and the update. With the full batch its outputs are the loss and gradient
     * norm at the current point; with mini-batches a second program measures them after every epoch.
     */
    static Run firstOrder(String method, Optimizer optimizer, LogisticProblem problem, int batch, int max,
            double tolerance, long seed) {
        problem.restart();
        int n = problem.size();
        int d = problem.features().shape().dim(1);
        List<Parameter> params = problem.parameters();
        Node x = Node.placeholder("x", batch, d);
        Node y = Node.placeholder("y", batch, 1);
        Node loss = problem.loss(x, y);
        List<Node> grads = Autograd.gradients(loss, params);
        Program step = Program.of(List.of(loss, norm(grads)), optimizer.step(params, grads));
        Node full = problem.fullLoss();
        Program monitor = Program.of(full, norm(Autograd.gradients(full, params)));
        boolean fullBatch = batch == n;
        int perEpoch = n / batch;
        SplittableRandom rng = new SplittableRandom(seed);
        List<double[]> curve = new ArrayList<>();
        long start = System.nanoTime();
        int iteration = 0;
        double[] now = fullBatch ? null : values(monitor.run());
        while (true) {
            if (fullBatch) {
                now = values(step.run(Map.of(x, problem.features(), y, problem.labels())));
            }
            curve.add(new double[] {iteration, now[0]});
            if (now[1] <= tolerance || iteration >= max) {
                break;
            }
            if (!fullBatch) {
                Tensor order = Tensor.of(permutation(n, rng), n);
                for (int k = 0; k < perEpoch && iteration < max; k++) {
                    Tensor rows = order.slice(0, k * batch, (k + 1) * batch);
                    step.run(Map.of(x, problem.features().indexSelect(0, rows),
                            y, problem.labels().indexSelect(0, rows)));
                    iteration++;
                }
                now = values(monitor.run());
            } else {
                iteration++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double evaluations = fullBatch ? iteration + 1 : (double) iteration * batch / n;
        return new Run(method, iteration, evaluations, seconds, now[0], now[1], now[1] <= tolerance,
                column(curve, 0), column(curve, 1));
    }

    /**
     * A {@link Minimizer} run to the tolerance. The minimizers report no progress between iterations, so the
     * curve comes from reruns limited to k = 0, 1, 2, ... iterations: they are deterministic, so the k-th
     * rerun ends exactly at the k-th iterate of the full run.
     */
    static Run secondOrder(String method, Minimizer minimizer, LogisticProblem problem, int max, double tolerance) {
        Node loss = problem.fullLoss();
        problem.restart();
        long start = System.nanoTime();
        Minimizer.Result r = minimizer.minimize(loss, problem.parameters(), max, tolerance);
        double seconds = (System.nanoTime() - start) / 1e9;
        double[] ks = new double[r.iterations() + 1];
        double[] fs = new double[r.iterations() + 1];
        for (int k = 0; k <= r.iterations(); k++) {
            problem.restart();
            ks[k] = k;
            fs[k] = minimizer.minimize(loss, problem.parameters(), k, tolerance).loss();
        }
        return new Run(method, r.iterations(), r.evaluations(), seconds, r.loss(), r.gradientNorm(), r.converged(),
                ks, fs);
    }

    /** {@code ‖g‖₂} over all the gradients together. */
    private static Node norm(List<Node> grads) {
        Node sum = Node.scalar(0);
        for (Node g : grads) {
            sum = sum.add(g.square().sum());
        }
        return sum.sqrt();
    }

    private static double[] values(List<Tensor> out) {
        return new double[] {out.get(0).item(), out.get(1).item()};
    }

    /** 0..n−1 shuffled (Fisher-Yates), as doubles for a gather. */
    private static double[] permutation(int n, SplittableRandom rng) {
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            double t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static double[] column(List<double[]> rows, int c) {
        return rows.stream().mapToDouble(r -> r[c]).toArray();
    }

    private static void table(List<Run> runs, double fStar, PrintStream out) {
        out.printf(Locale.ROOT, "%-18s %10s %12s %9s %10s %10s  %s%n", "method", "iterations", "evaluations",
                "seconds", "f - f*", "|grad f|", "reached");
        for (Run r : runs) {
            out.printf(Locale.ROOT, "%-18s %10d %12s %9.3f %10.2e %10.2e  %s%n", r.method, r.iterations,
                    r.evaluations == Math.rint(r.evaluations) ? Long.toString((long) r.evaluations)
                            : String.format(Locale.ROOT, "%.1f", r.evaluations),
                    r.seconds, Math.max(r.loss - fStar, 0), r.gradientNorm, r.converged ? "yes" : "no");
        }
        out.println("(evaluations: loss and gradient over the full batch; Newton-CG also takes Hessian-vector "
                + "products, not counted here)");
    }

    private static Map<String, Object> metrics(Map<String, Object> options, double smoothness, double fStar,
            List<Run> runs, double seconds) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("example", "optimizers");
        m.put("options", options);
        m.put("smoothness_L", smoothness);
        m.put("optimum_loss", fStar);
        List<Object> table = new ArrayList<>();
        for (Run r : runs) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("method", r.method);
            row.put("iterations", r.iterations);
            row.put("evaluations", r.evaluations);
            row.put("seconds", r.seconds);
            row.put("loss", r.loss);
            row.put("gap", r.loss - fStar);
            row.put("gradient_norm", r.gradientNorm);
            row.put("converged", r.converged);
            row.put("curve_iterations", r.curveIterations);
            row.put("curve_loss", r.curveLoss);
            table.add(row);
        }
        m.put("runs", table);
        m.put("seconds", seconds);
        return m;
    }

    /** f − f* against the iteration, both on log scales (iteration k drawn at k + 1, so the start shows). */
    private static XYChart chart(List<Run> runs, double fStar) {
        XYChart c = Plots.chart("optimizers: logistic regression", "iteration + 1", "f - f* (log scale)");
        c.getStyler().setYAxisLogarithmic(true).setXAxisLogarithmic(true);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideSW);
        for (int i = 0; i < runs.size(); i++) {
            Run r = runs.get(i);
            double[] x = new double[r.curveIterations.length];
            double[] y = new double[x.length];
            for (int k = 0; k < x.length; k++) {
                x[k] = r.curveIterations[k] + 1;
                // Rounding leaves f − f* at 0 or a hair below once converged: draw it at the floor.
                y[k] = Math.max(r.curveLoss[k] - fStar, 1e-16);
            }
            Plots.line(c, r.method, x, y).setLineColor(COLORS[i % COLORS.length]).setLineWidth(2f);
        }
        return c;
    }
}
