package leibniz.examples;

import java.awt.Color;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import leibniz.autograd.Autograd;
import leibniz.autograd.Dot;
import leibniz.autograd.Node;
import leibniz.autograd.Program;
import leibniz.core.Tensor;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Higher-order derivatives, each checked against a closed form ({@link ClosedForms}): the first four
 * derivatives of {@code sin(x)·e^(−x²/2)} and of {@code tanh x} by repeated reverse mode; the Hessian of
 * Rosenbrock's function and a Hessian-vector product; and the forces {@code F = −∇U} of a Lennard-Jones
 * cluster, which then drive a velocity-Verlet simulation whose energy stays put (explicit Euler's drifts,
 * for contrast). The graph of f and its gradient is written to {@code graph.dot}, the energies to
 * {@code energy.png}.
 */
@Command(name = "calculus",
        description = "higher derivatives, Hessians, forces from a potential, energy-conserving dynamics")
final class CalculusExample implements Example {
    static final double[] POINTS = {-1.5, -0.3, 0.5, 2.0};
    static final double[] ROSENBROCK_AT = {-1.2, 1.0, 0.8, 1.1};
    static final double[] DIRECTION = {1.0, -2.0, 0.5, 3.0};

    @Mixin
    RunOptions common = new RunOptions();

    @Option(names = "--steps", paramLabel = "N", order = 10, description = "time steps of the simulation")
    int steps = 4000;

    @Option(names = "--dt", paramLabel = "X", order = 11, description = "time step, in Lennard-Jones units")
    double dt = 0.005;

    @Override
    public void run(PrintStream out) throws IOException {
        Heap.requireData("--steps " + steps, 8 * (steps + 1L));
        RunFolder folder = common.folder();
        long start = System.nanoTime();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("example", "calculus");
        m.put("options", common.values());

        out.println("f(x) = sin(x) exp(-x^2/2): four derivatives by reverse mode vs the Leibniz rule");
        double[][] f = derivatives(x -> x.sin().mul(x.square().mul(-0.5).exp()), POINTS, 4);
        m.put("sin_gauss", table(f, ClosedForms::sinGaussDerivative, out));
        out.println("tanh x: four derivatives by reverse mode vs polynomials in tanh x");
        double[][] t = derivatives(Node::tanh, POINTS, 4);
        m.put("tanh", table(t, ClosedForms::tanhDerivative, out));

        double[][] h = rosenbrockHessian(ROSENBROCK_AT);
        double[][] exact = ClosedForms.rosenbrockHessian(ROSENBROCK_AT);
        out.println("Rosenbrock in 4-D at " + vector(ROSENBROCK_AT) + ": Hessian by reverse mode (closed form "
                + "differs by at most " + sci(maxDiff(h, exact)) + ")");
        for (double[] row : h) {
            out.println("  " + vector(row));
        }
        double[] hv = rosenbrockHvp(ROSENBROCK_AT, DIRECTION);
        double[] hTimesV = times(exact, DIRECTION);
        out.println("Hessian-vector product with v = " + vector(DIRECTION) + ", no Hessian formed: " + vector(hv)
                + "; H v = " + vector(hTimesV) + " (differs by " + sci(maxDiff(new double[][] {hv},
                new double[][] {hTimesV})) + ")");
        m.put("rosenbrock", record("point", ROSENBROCK_AT, "hessian", h, "hessian_max_error", maxDiff(h, exact),
                "hvp", hv, "hvp_max_error", maxDiff(new double[][] {hv}, new double[][] {hTimesV})));

        m.put("lennard_jones", dynamics(common.seed, steps, dt, folder, out));

        Node x = Node.placeholder("x", 1);
        Node y = x.sin().mul(x.square().mul(-0.5).exp()).sum();
        Files.writeString(folder.file("graph.dot"), Dot.export(List.of(y), Autograd.grad(y, x)),
                StandardCharsets.UTF_8);
        double seconds = (System.nanoTime() - start) / 1e9;
        m.put("seconds", seconds);
        folder.writeJson("metrics.json", m);
        out.printf(Locale.ROOT, "calculus: done in %.1f s%n", seconds);
        out.println("wrote metrics.json, energy.png and graph.dot (render: dot -Tsvg graph.dot) to " + folder.dir());
    }

    /**
     * {@code d[n][i]}: the n-th derivative (n = 0..order) of the elementwise {@code f} at {@code points[i]}.
     * Because f acts elementwise, the gradient of {@code Σᵢ f⁽ⁿ⁾(xᵢ)} is the vector of the {@code f⁽ⁿ⁺¹⁾(xᵢ)}:
     * each derivative is one more reverse pass over the graph of the one before, all run by one program.
     */
    static double[][] derivatives(UnaryOperator<Node> f, double[] points, int order) {
        Node x = Node.placeholder("x", points.length);
        List<Node> ds = new ArrayList<>(List.of(f.apply(x)));
        for (int n = 1; n <= order; n++) {
            ds.add(Autograd.grad(ds.get(n - 1).sum(), x).get(0));
        }
        List<Tensor> values = Program.of(ds).run(Map.of(x, Tensor.vector(points)));
        double[][] d = new double[order + 1][];
        for (int n = 0; n <= order; n++) {
            d[n] = values.get(n).toArray();
        }
        return d;
    }

    /** Rosenbrock's function of a vector node, {@code Σᵢ 100(xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)²}, with shifted slices. */
    static Node rosenbrock(Node x) {
        int n = x.shape().dim(0);
        Node a = x.slice(0, 0, n - 1);
        Node b = x.slice(0, 1, n);
        return b.sub(a.square()).square().mul(100).add(a.neg().add(1).square()).sum();
    }

    /** The Hessian of Rosenbrock at {@code at}, by {@link Autograd#hessian}: one reverse pass per row. */
    static double[][] rosenbrockHessian(double[] at) {
        Node x = Node.placeholder("x", at.length);
        Tensor h = Program.of(Autograd.hessian(rosenbrock(x), x)).run(Map.of(x, Tensor.vector(at))).get(0);
        double[][] rows = new double[at.length][];
        for (int i = 0; i < at.length; i++) {
            rows[i] = h.slice(0, i, i + 1).toArray();
        }
        return rows;
    }

    /** {@code H v}, as the gradient of {@code <∇f, v>} ({@link Autograd#hvp}). */
    static double[] rosenbrockHvp(double[] at, double[] v) {
        Node x = Node.placeholder("x", at.length);
        Node hv = Autograd.hvp(rosenbrock(x), x, Node.constant(Tensor.vector(v)));
        return Program.of(hv).run(Map.of(x, Tensor.vector(at))).get(0).toArray();
    }

    /** The force check and the two simulations; draws {@code energy.png}. */
    private static Map<String, Object> dynamics(long seed, int steps, double dt, RunFolder folder, PrintStream out)
            throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        Tensor x0 = LennardJones.hexagon(0.05, rng);
        Tensor v0 = LennardJones.velocities(7, 0.3, rng);
        LennardJones lj = new LennardJones(7, 2);
        List<Tensor> uf = lj.evaluate(x0);
        double[][] positions = rows(x0);
        double forceError = maxDiff(rows(uf.get(1)), ClosedForms.lennardJonesForces(positions));
        double energyError = Math.abs(uf.get(0).item() - ClosedForms.lennardJonesEnergy(positions));
        out.printf(Locale.ROOT, "Lennard-Jones cluster of 7 in the plane: U = %.6f, F = -grad U by reverse mode "
                + "vs the analytic force: max difference %s%n", uf.get(0).item(), sci(forceError));

        LennardJones.Trajectory verlet = lj.integrate(x0, v0, steps, dt, true);
        LennardJones.Trajectory euler = lj.integrate(x0, v0, steps, dt, false);
        out.printf(Locale.ROOT, "%d steps of dt = %s: total energy %.6f -> %.6f with velocity Verlet "
                + "(largest relative drift %s), -> %.6f with explicit Euler (drift %s)%n", steps, dt,
                verlet.total()[0], verlet.total()[steps], sci(verlet.drift()), euler.total()[steps],
                sci(euler.drift()));
        Plots.save(folder.file("energy.png"), energyChart(verlet, euler));

        return record("energy", uf.get(0).item(), "energy_error", energyError, "force_max_error", forceError,
                "initial_energy", verlet.total()[0], "verlet_relative_drift", verlet.drift(),
                "euler_relative_drift", euler.drift());
    }

    /** Prints autograd and closed form side by side for each point; returns the values and the largest error. */
    private static Map<String, Object> table(double[][] d, Derivative exact, PrintStream out) {
        int order = d.length - 1;
        out.printf(Locale.ROOT, "  %6s  %-9s", "x", "");
        for (int n = 1; n <= order; n++) {
            out.printf(Locale.ROOT, " %20s", "f" + "'".repeat(n));
        }
        out.println();
        double worst = 0;
        List<Object> rows = new ArrayList<>();
        for (int i = 0; i < d[0].length; i++) {
            double x = POINTS[i];
            double[] autograd = new double[order];
            double[] closed = new double[order];
            for (int n = 1; n <= order; n++) {
                autograd[n - 1] = d[n][i];
                closed[n - 1] = exact.at(n, x);
                worst = Math.max(worst, Math.abs(autograd[n - 1] - closed[n - 1]));
            }
            out.printf(Locale.ROOT, "  %6.2f  %-9s%s%n", x, "autograd", columns(autograd));
            out.printf(Locale.ROOT, "  %6s  %-9s%s%n", "", "closed", columns(closed));
            rows.add(record("x", x, "autograd", autograd, "closed_form", closed));
        }
        out.println("  largest difference " + sci(worst));
        return record("points", rows, "max_error", worst);
    }

    /** A JSON object of key, value, key, value, ... in that order. */
    private static Map<String, Object> record(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            Object v = keysAndValues[i + 1];
            m.put((String) keysAndValues[i], v instanceof double[][] rows ? List.of((Object[]) rows) : v);
        }
        return m;
    }

    /** The n-th derivative of a function at x, in closed form. */
    private interface Derivative {
        double at(int n, double x);
    }

    private static XYChart energyChart(LennardJones.Trajectory verlet, LennardJones.Trajectory euler) {
        XYChart c = Plots.chart("Lennard-Jones cluster: energy", "time", "energy");
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS).setLegendLayout(Styler.LegendLayout.Horizontal);
        Plots.line(c, "kinetic (Verlet)", verlet.time(), verlet.kinetic()).setLineColor(new Color(230, 160, 0));
        Plots.line(c, "potential (Verlet)", verlet.time(), verlet.potential()).setLineColor(new Color(40, 80, 200));
        Plots.line(c, "total (Verlet)", verlet.time(), verlet.total()).setLineColor(Color.BLACK).setLineWidth(2.5f);
        Plots.line(c, "total (Euler)", euler.time(), euler.total()).setLineColor(new Color(200, 40, 40))
                .setLineWidth(2.5f);
        return c;
    }

    private static double[][] rows(Tensor t) {
        int n = t.shape().dim(0);
        double[][] r = new double[n][];
        for (int i = 0; i < n; i++) {
            r[i] = t.slice(0, i, i + 1).toArray();
        }
        return r;
    }

    private static double maxDiff(double[][] a, double[][] b) {
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                worst = Math.max(worst, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return worst;
    }

    private static double[] times(double[][] h, double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < h.length; i++) {
            for (int j = 0; j < v.length; j++) {
                out[i] += h[i][j] * v[j];
            }
        }
        return out;
    }

    private static String columns(double[] values) {
        StringBuilder s = new StringBuilder();
        for (double v : values) {
            s.append(String.format(Locale.ROOT, " %20.15f", v));
        }
        return s.toString();
    }

    private static String vector(double[] v) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            s.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.6g", v[i]));
        }
        return s.append(']').toString();
    }

    private static String sci(double v) {
        return String.format(Locale.ROOT, "%.1e", v);
    }
}
