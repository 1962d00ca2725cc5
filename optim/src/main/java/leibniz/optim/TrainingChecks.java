package leibniz.optim;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import leibniz.autograd.Assign;
import leibniz.autograd.Lint;
import leibniz.autograd.NonFiniteException;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.autograd.Program;
import leibniz.core.DType;
import leibniz.core.Tensor;

/**
 * The trainer's diagnostics: {@link Lint} on the first batch, the online gradient check every
 * {@code every} steps, and the rerun in debug mode of a step whose loss is not finite. Warnings go to
 * {@code warn}; none of this ever stops training by itself.
 */
final class TrainingChecks {
    /** The name of the gradient check's metric in an epoch's record: the largest relative error of the epoch. */
    static final String METRIC = "grad_check";

    private final Lint lint;
    private final int every;
    private final double tolerance;
    private final long seed;
    private final Consumer<String> warn;
    private final Map<Program, Program[]> checks = new IdentityHashMap<>();
    private boolean linted;
    private long steps;
    private double worst = Double.NaN;

    /** No lint and no gradient check: a Spark executor's, whose driver checks. */
    static TrainingChecks none() {
        return new TrainingChecks(null, 0, 0, 0, w -> { });
    }

    /** {@code lint}: null for none; {@code every}: 0 for no gradient check. */
    TrainingChecks(Lint lint, int every, double tolerance, long seed, Consumer<String> warn) {
        this.lint = lint;
        this.every = every;
        this.tolerance = tolerance;
        this.seed = seed;
        this.warn = warn;
    }

    /** Called before each training step with its graph: lints the first, gradient-checks every {@code every}-th. */
    void beforeStep(Program step, Node loss, List<Node> grads, List<Parameter> parameters, Map<Node, Tensor> feeds) {
        if (!linted && lint != null) {
            linted = true;
            try {
                for (Lint.Warning w : lint.check(loss, parameters, feeds)) {
                    warn.accept("warning " + w);
                }
            } catch (RuntimeException e) {
                // Lint never stops training: a graph it cannot evaluate fails in the step, with the step's sentence.
                warn.accept("warning [lint] the checks of the first batch could not run: " + e.getMessage());
            }
        }
        if (every > 0 && steps % every == 0) {
            Program[] p = checks.computeIfAbsent(step, k -> programs(loss, grads));
            double error = directional(p, parameters, feeds);
            worst = Double.isNaN(worst) ? error : Math.max(worst, error);
        }
        steps++;
    }

    /**
     * The step's graph run again in debug mode, from the same parameter values, without assigning anything:
     * the report of the first op that brings in a NaN or infinity (or of an op of the user's whose VJP is
     * wrong), or null if the rerun finds none.
     */
    static RuntimeException rerun(Program step, Map<Node, Tensor> feeds) {
        List<Node> outputs = new ArrayList<>(step.outputs());
        for (Assign a : step.updates()) {
            outputs.add(a.value());
        }
        try {
            Program.of(outputs, List.of(), Program.Options.defaults().debug(true)).run(feeds);
            return null;
        } catch (NonFiniteException | IllegalStateException e) {
            return e;
        }
    }

    /** The metrics of the checks since the last call: the largest relative error, if any check ran. */
    Map<String, Double> metrics() {
        Map<String, Double> m = Double.isNaN(worst) ? Map.of() : Map.of(METRIC, worst);
        worst = Double.NaN;
        return m;
    }

    /** The loss and gradients, and the loss alone, without the step's assignments. */
    private static Program[] programs(Node loss, List<Node> grads) {
        List<Node> outputs = new ArrayList<>();
        outputs.add(loss);
        outputs.addAll(grads);
        Program.Options plain = Program.Options.defaults().debug(false);
        return new Program[] {Program.of(outputs, List.of(), plain), Program.of(List.of(loss), List.of(), plain)};
    }

    /**
     * The relative difference of the analytic directional derivative {@code <∇L, v>} along a random unit
     * direction v (random signs) and the central difference {@code (L(θ + εv) − L(θ − εv)) / 2ε}; the parameters are
     * restored before it returns. A difference above the tolerance is warned about.
     */
    private double directional(Program[] p, List<Parameter> parameters, Map<Node, Tensor> feeds) {
        List<Tensor> out = p[0].run(feeds);
        SplittableRandom rng = new SplittableRandom(seed * 31 + steps);
        List<Tensor> theta = Parameter.values(parameters);
        long n = 0;
        double size = 0;
        boolean f32 = false;
        for (Tensor t : theta) {
            n += t.size();
            for (double x : t.toArray()) {
                size += x * x;
            }
            f32 |= t.dtype() == DType.F32;
        }
        // Random signs ±1/√n: a unit direction that touches every element, cheaper to draw than a Gaussian one.
        double unit = 1 / Math.sqrt(n);
        List<Tensor> v = new ArrayList<>();
        double analytic = 0;
        for (int k = 0; k < theta.size(); k++) {
            double[] d = new double[theta.get(k).size()];
            double[] g = out.get(k + 1).toArray();
            for (int i = 0; i < d.length; i++) {
                d[i] = rng.nextBoolean() ? unit : -unit;
                analytic += g[i] * d[i];
            }
            v.add(Tensor.of(d, theta.get(k).shape()));
        }
        // A step that balances truncation (ε²) against rounding (ulp/ε) in the parameters' precision.
        double eps = (f32 ? 1e-2 : 1e-6) * Math.max(1, Math.sqrt(size));
        double plus;
        double minus;
        try {
            plus = lossAt(p[1], parameters, theta, v, eps, feeds);
            minus = lossAt(p[1], parameters, theta, v, -eps, feeds);
        } finally {
            for (int k = 0; k < theta.size(); k++) {
                parameters.get(k).set(theta.get(k));
            }
        }
        double numeric = (plus - minus) / (2 * eps);
        double scale = Math.max(Math.abs(analytic), Math.abs(numeric));
        double error = scale == 0 ? 0 : Math.abs(analytic - numeric) / scale;
        if (!(error <= tolerance)) {
            warn.accept(String.format(Locale.ROOT, "warning [gradient-check] step %d: along a random direction the"
                    + " loss changes at %.6g by its gradient and at %.6g by central differences (relative error"
                    + " %.3g, tolerance %.3g): a VJP may be wrong, or the loss not smooth here", steps, analytic,
                    numeric, error, tolerance));
        }
        return error;
    }

    private static double lossAt(Program loss, List<Parameter> parameters, List<Tensor> theta, List<Tensor> v,
            double eps, Map<Node, Tensor> feeds) {
        for (int k = 0; k < theta.size(); k++) {
            Tensor t = theta.get(k);
            parameters.get(k).set(t.add(v.get(k).mul(eps).to(t.dtype())));
        }
        return loss.run(feeds).get(0).item();
    }
}
