package leibniz.examples;

import java.awt.Color;
import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import leibniz.autograd.Autograd;
import leibniz.autograd.Node;
import leibniz.autograd.Op;
import leibniz.autograd.Parameter;
import leibniz.autograd.Program;
import leibniz.autograd.check.GradCheck;
import leibniz.autograd.check.GradCheckError;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import leibniz.nn.Losses;
import leibniz.optim.Minimizer;
import leibniz.optim.NewtonCG;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A new op with its derivative, {@link LogCosh}: compared with the same function composed from primitives
 * (which overflows), checked by {@link GradCheck} to first and second order at run time, shown to catch a
 * wrong derivative, and put to work as a robust loss: a line fitted to data with outliers by Newton-CG,
 * which needs the op's second derivative, next to the least-squares fit. The fits are drawn to {@code fit.png}.
 */
@Command(name = "custom-op",
        description = "a user-defined op (log cosh) with its VJP, gradient-checked, as a robust regression loss")
final class CustomOpExample implements Example {
    static final double[] SHOWN = {-1000, -20, -1, 0, 0.5, 3, 1000};
    private static final double SLOPE = 2;
    private static final double INTERCEPT = 1;

    @Mixin
    RunOptions common = new RunOptions();

    @Option(names = "--samples", paramLabel = "N", order = 10, description = "points of the line to fit")
    int samples = 100;

    @Option(names = "--outliers", paramLabel = "X", order = 11,
            description = "share of the points moved far off the line, below 1")
    double outliers = 0.1;

    /** Broken variants keep log cosh's value and shape; only their VJPs differ from {@link LogCosh}. */
    private interface LogCoshValue extends Op {
        @Override
        default Shape shape(Shape... in) {
            return in[0];
        }

        @Override
        default Tensor forward(Tensor... in) {
            return in[0].map(LogCosh::logcosh);
        }
    }

    /** A wrong formula that the first-order check must catch: the derivative of x²/2, log cosh near 0. */
    private record WrongFormula() implements LogCoshValue {
        @Override
        public String name() {
            return "logcosh-wrong-formula";
        }

        @Override
        public List<Node> vjp(Node out, Node g) {
            return List.of(g.mul(out.input(0)));
        }
    }

    /**
     * The right formula with tanh x detached, a constant to the engine, as if the VJP had been computed from
     * raw tensors: its first derivatives are right, its second are 0. Only the second-order check sees it.
     */
    private record FrozenDerivative() implements LogCoshValue {
        @Override
        public String name() {
            return "logcosh-frozen-derivative";
        }

        @Override
        public List<Node> vjp(Node out, Node g) {
            return List.of(g.mul(out.input(0).tanh().detach()));
        }
    }

    @Override
    public void run(PrintStream out) throws IOException {
        if (outliers >= 1) {
            throw new UsageException("--outliers: must be below 1, got " + outliers);
        }
        Heap.requireData("--samples " + samples, 2L * samples);
        RunFolder folder = common.folder();
        long start = System.nanoTime();
        long seed = common.seed;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("example", "custom-op");
        m.put("options", common.values());

        out.println("log cosh x as one op vs composed as log((exp(x) + exp(-x)) / 2):");
        Node x = Node.placeholder("x", SHOWN.length);
        Node op = LogCosh.logcosh(x);
        Node composed = x.exp().add(x.neg().exp()).mul(0.5).log();
        List<Tensor> v = Program.of(op, Autograd.grad(op.sum(), x).get(0), composed,
                Autograd.grad(composed.sum(), x).get(0)).run(Map.of(x, Tensor.vector(SHOWN)));
        out.printf(Locale.ROOT, "  %8s %16s %12s %16s %12s%n", "x", "op", "d/dx", "composed", "d/dx");
        for (int i = 0; i < SHOWN.length; i++) {
            out.printf(Locale.ROOT, "  %8.1f %16.10f %12.8f %16.10f %12.8f%n", SHOWN[i], v.get(0).get(i),
                    v.get(1).get(i), v.get(2).get(i), v.get(3).get(i));
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("x", SHOWN);
        values.put("op", v.get(0).toArray());
        values.put("op_gradient", v.get(1).toArray());
        m.put("values", values);

        Tensor inputs = Tensor.uniform(seed, -4, 4, 3, 4);
        out.println("GradCheck (central differences, eps 1e-6, atol 1e-5, rtol 1e-3) at " + inputs.shape()
                + " inputs uniform in [-4, 4]:");
        Map<String, Object> checks = new LinkedHashMap<>();
        checks.put("logcosh", check("logcosh, dx = g tanh x", new LogCosh(), inputs, out));
        checks.put("wrong_formula", check("wrong: dx = g x", new WrongFormula(), inputs, out));
        checks.put("frozen_derivative", check("wrong: dx = g detach(tanh x)", new FrozenDerivative(), inputs, out));
        m.put("gradcheck", checks);

        m.put("fit", fit(samples, outliers, seed, folder, out));
        double seconds = (System.nanoTime() - start) / 1e9;
        m.put("seconds", seconds);
        folder.writeJson("metrics.json", m);
        out.printf(Locale.ROOT, "custom-op: done in %.1f s%n", seconds);
        out.println("wrote metrics.json and fit.png to " + folder.dir());
    }

    /**
     * Checks {@code op} at {@code inputs} to first order and, if that passes, to second order (the derivative
     * of the VJP, which is only meaningful once the VJP itself is right); prints and returns the outcome.
     */
    static String check(String label, Op op, Tensor inputs, PrintStream out) {
        GradCheck check = GradCheck.of(xs -> Node.apply(op, xs.get(0)));
        String outcome;
        try {
            check.check(inputs);
            check.checkSecondOrder(inputs);
            outcome = "passed first and second order";
        } catch (GradCheckError e) {
            outcome = "FAILED " + e.getMessage();
        }
        out.printf(Locale.ROOT, "  %-30s %s%n", label + ":", outcome);
        return outcome;
    }

    /** y = 2x + 1 + noise, with a share of the points lifted by 10 to 20; lines fitted by two losses. */
    private static Map<String, Object> fit(int n, double outliers, long seed, RunFolder folder, PrintStream out)
            throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = rng.nextDouble(-2, 2);
            ys[i] = SLOPE * xs[i] + INTERCEPT + 0.3 * rng.nextGaussian()
                    + (rng.nextDouble() < outliers ? rng.nextDouble(10, 20) : 0);
        }
        Node x = Node.constant(Tensor.of(xs, n, 1));
        Node y = Node.constant(Tensor.of(ys, n, 1));
        out.printf(Locale.ROOT, "fitting y = a x + b to %d points of y = %.0fx + %.0f, %.0f%% moved up by 10 to 20, "
                + "by Newton-CG:%n", n, SLOPE, INTERCEPT, 100 * outliers);
        double[] squares = line(x, y, false, out);
        double[] robust = line(x, y, true, out);
        XYChart c = Plots.chart("custom-op: a line through outliers", "x", "y");
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        Plots.points(c, "data", xs, ys).setMarkerColor(Color.GRAY);
        double[] ends = {-2, 2};
        Plots.line(c, "true line", ends, at(ends, SLOPE, INTERCEPT)).setLineColor(Color.BLACK);
        Plots.line(c, "mean squared error", ends, at(ends, squares[0], squares[1])).setLineColor(new Color(200, 40, 40));
        Plots.line(c, "mean log cosh", ends, at(ends, robust[0], robust[1])).setLineColor(new Color(40, 80, 200));
        Plots.save(folder.file("fit.png"), c);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("true", new double[] {SLOPE, INTERCEPT});
        m.put("mse", squares);
        m.put("logcosh", robust);
        return m;
    }

    /** The slope and intercept minimizing the mean squared error or the mean log cosh of the residuals. */
    private static double[] line(Node x, Node y, boolean logcosh, PrintStream out) {
        Parameter a = Parameter.of("a", Tensor.zeros(1, 1));
        Parameter b = Parameter.of("b", Tensor.zeros(1));
        Node prediction = x.matmul(a.node()).add(b.node());
        Node loss = logcosh ? LogCosh.logcosh(prediction.sub(y)).mean() : Losses.mse(prediction, y);
        Minimizer.Result r = NewtonCG.create().minimize(loss, List.of(a, b), 50, 1e-10);
        double[] ab = {a.value().item(), b.value().item()};
        out.printf(Locale.ROOT, "  %-20s a = %.4f, b = %.4f  (%d iterations, |grad| %.1e)%n",
                logcosh ? "mean log cosh:" : "mean squared error:", ab[0], ab[1], r.iterations(), r.gradientNorm());
        return ab;
    }

    private static double[] at(double[] xs, double slope, double intercept) {
        return new double[] {slope * xs[0] + intercept, slope * xs[1] + intercept};
    }
}
