package leibniz.examples;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import leibniz.autograd.Linalg;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.autograd.Program;
import leibniz.core.Tensor;
import leibniz.optim.LBFGS;
import leibniz.optim.Minimizer;
import org.knowm.xchart.XYChart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Gaussian-process regression (Rasmussen and Williams 2006, ch. 2 and 5): noisy samples of
 * {@code sin(x) + 0.3 sin(3x)} at scattered points, a squared-exponential kernel
 * {@code k(x, x') = σ_f² exp(−(x − x')²/2ℓ²)} plus noise {@code σ_n²}, whose length-scale and two variances
 * are fitted by minimizing the negative log marginal likelihood (their eq. 2.30)
 * {@code ½ yᵀK⁻¹y + Σ ln Lᵢᵢ + (n/2) ln 2π}, K = L·Lᵀ, with L-BFGS. Every term is a graph op (Cholesky,
 * triangular solves, the log-determinant from L's diagonal), so the gradient comes from reverse mode. The
 * posterior mean and its ±2σ band are drawn to {@code posterior.png}.
 */
@Command(name = "gp",
        description = "Gaussian-process regression, kernel hyperparameters fitted by L-BFGS on the marginal likelihood")
final class GpExample implements Example {
    static final double NOISE = 0.2;

    @Mixin
    RunOptions common = new RunOptions();

    @Option(names = "--points", paramLabel = "N", order = 10, description = "noisy training samples")
    int points = 40;

    @Option(names = "--iterations", paramLabel = "N", order = 11, description = "L-BFGS iterations at most")
    int iterations = 100;

    /** The hyperparameters as their logarithms, so that any real value is a valid kernel: ln ℓ, ln σ_f², ln σ_n². */
    record Hyper(Parameter logLength, Parameter logSignal, Parameter logNoise) {
        static Hyper of(double length, double signal, double noise) {
            return new Hyper(Parameter.of("log_length", Tensor.scalar(Math.log(length))),
                    Parameter.of("log_signal", Tensor.scalar(Math.log(signal))),
                    Parameter.of("log_noise", Tensor.scalar(Math.log(noise))));
        }

        List<Parameter> all() {
            return List.of(logLength, logSignal, logNoise);
        }

        double length() {
            return Math.exp(logLength.value().item());
        }

        double signal() {
            return Math.exp(logSignal.value().item());
        }

        double noise() {
            return Math.exp(logNoise.value().item());
        }
    }

    /** σ_f² exp(−(aᵢ − bⱼ)²/2ℓ²) for column vectors a [n, 1] and b [m, 1]: the [n, m] cross-covariance. */
    static Node kernel(Node a, Node b, Hyper h) {
        Node d2 = a.sub(b.transpose()).square();
        Node twoL2 = h.logLength().node().mul(2).exp().mul(2);
        return h.logSignal().node().exp().mul(d2.div(twoL2).neg().exp());
    }

    /** K = k(x, x) + σ_n² I for the training inputs x [n, 1]. */
    static Node covariance(Node x, Hyper h) {
        int n = x.shape().dim(0);
        return kernel(x, x, h).add(Node.constant(Tensor.eye(n)).mul(h.logNoise().node().exp()));
    }

    /** −ln p(y | x, θ) = ½ yᵀK⁻¹y + Σ ln Lᵢᵢ + (n/2) ln 2π with K = L·Lᵀ; y is [n, 1]. */
    static Node negLogMarginalLikelihood(Node x, Node y, Hyper h) {
        Node l = Linalg.cholesky(covariance(x, h));
        Node alpha = Linalg.choleskySolve(l, y);
        Node fit = y.mul(alpha).sum().mul(0.5);
        Node logDet = Linalg.diagonal(l).log().sum();
        return fit.add(logDet).add(0.5 * y.shape().dim(0) * Math.log(2 * Math.PI));
    }

    /** Inputs x in [−5, 5] (sorted) and targets sin x + 0.3 sin 3x + N(0, NOISE²), as [n, 1] tensors. */
    static Tensor[] data(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextDouble(-5, 5);
        }
        java.util.Arrays.sort(x);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = truth(x[i]) + NOISE * gaussian(rng);
        }
        return new Tensor[] {Tensor.of(x, n, 1), Tensor.of(y, n, 1)};
    }

    static double truth(double x) {
        return Math.sin(x) + 0.3 * Math.sin(3 * x);
    }

    private static double gaussian(SplittableRandom rng) {
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    /**
     * The posterior mean K*ᵀK⁻¹y and the variance of f, σ_f² − ‖L⁻¹K*‖² per test point (R&amp;W Algorithm 2.1),
     * at the test inputs {@code xs} [m, 1]: {mean [m], variance [m]}.
     */
    static Tensor[] posterior(Node x, Node y, Node xs, Hyper h) {
        Node l = Linalg.cholesky(covariance(x, h));
        Node cross = kernel(x, xs, h);
        Node mean = cross.matmul(Linalg.choleskySolve(l, y), true, false).reshape(-1);
        Node v = Linalg.triangularSolve(l, cross, false);
        Node variance = h.logSignal().node().exp().sub(v.square().sum(0));
        List<Tensor> out = Program.of(List.of(mean, variance)).run();
        return new Tensor[] {out.get(0), out.get(1)};
    }

    @Override
    public void run(PrintStream out) throws IOException {
        if (points < 2) {
            throw new UsageException("--points: must be at least 2, got " + points);
        }
        if (iterations < 1) {
            throw new UsageException("--iterations: must be at least 1, got " + iterations);
        }
        // The kernel matrix and the n × n intermediates of its Cholesky factor and gradient.
        Heap.requireData("--points " + points, 8L * points * points);
        RunFolder folder = common.folder();
        long start = System.nanoTime();
        int n = points;
        Tensor[] xy = data(n, common.seed);
        Node x = Node.constant(xy[0]);
        Node y = Node.constant(xy[1]);
        Hyper h = Hyper.of(1, 1, 1);
        Node nll = negLogMarginalLikelihood(x, y, h);
        double before = nll.value().item();
        Minimizer.Result r = LBFGS.create().minimize(nll, h.all(), iterations, 1e-6);
        out.printf(Locale.ROOT, "gp: %d samples of sin x + 0.3 sin 3x with noise sd %.2f%n", n, NOISE);
        out.printf(Locale.ROOT, "-log marginal likelihood %.4f -> %.4f in %d L-BFGS iterations (gradient norm %.1e)%n",
                before, r.loss(), r.iterations(), r.gradientNorm());
        out.printf(Locale.ROOT, "fitted length-scale %.4f, signal sd %.4f, noise sd %.4f (data made with noise sd %.2f)%n",
                h.length(), Math.sqrt(h.signal()), Math.sqrt(h.noise()), NOISE);

        Tensor grid = Tensor.linspace(-6, 6, 241);
        Tensor[] post = posterior(x, y, Node.constant(grid.reshape(-1, 1)), h);
        Plots.save(folder.file("posterior.png"), chart(xy, grid, post));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("example", "gp");
        m.put("options", common.values());
        m.put("neg_log_marginal_likelihood", Map.of("start", before, "fitted", r.loss()));
        m.put("iterations", r.iterations());
        m.put("length_scale", h.length());
        m.put("signal_sd", Math.sqrt(h.signal()));
        m.put("noise_sd", Math.sqrt(h.noise()));
        m.put("seconds", (System.nanoTime() - start) / 1e9);
        folder.writeJson("metrics.json", m);
        out.println("wrote metrics.json and posterior.png to " + folder.dir());
    }

    private static XYChart chart(Tensor[] xy, Tensor grid, Tensor[] post) {
        XYChart c = Plots.chart("Gaussian-process posterior", "x", "y");
        double[] g = grid.toArray();
        double[] mean = post[0].toArray();
        double[] var = post[1].toArray();
        double[] lo = new double[g.length];
        double[] hi = new double[g.length];
        double[] truth = new double[g.length];
        for (int i = 0; i < g.length; i++) {
            double sd = Math.sqrt(Math.max(var[i], 0));
            lo[i] = mean[i] - 2 * sd;
            hi[i] = mean[i] + 2 * sd;
            truth[i] = truth(g[i]);
        }
        BasicStroke dashed = new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {5, 4}, 0);
        Plots.line(c, "mean + 2 sd", g, hi).setLineColor(new Color(120, 150, 220)).setLineStyle(dashed);
        Plots.line(c, "posterior mean", g, mean).setLineColor(new Color(40, 80, 200));
        Plots.line(c, "mean - 2 sd", g, lo).setLineColor(new Color(120, 150, 220)).setLineStyle(dashed);
        Plots.line(c, "sin x + 0.3 sin 3x", g, truth).setLineColor(new Color(30, 140, 60));
        Plots.points(c, "samples", xy[0].toArray(), xy[1].toArray()).setMarkerColor(new Color(200, 40, 40));
        return c;
    }
}
