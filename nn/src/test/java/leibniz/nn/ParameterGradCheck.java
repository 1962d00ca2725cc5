package leibniz.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import leibniz.autograd.Autograd;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.autograd.Program;
import leibniz.autograd.check.GradCheck;
import leibniz.core.Tensor;

/**
 * Gradient checks through whole layers: with respect to the input (by {@link GradCheck}, which feeds
 * it as a placeholder) and with respect to every parameter (central differences taken by setting the
 * parameter to {@code value ± ε eⱼ} and re-running the graph), both on a random projection of the output.
 */
final class ParameterGradCheck {
    private static final double EPS = 1e-6;
    private static final double ATOL = 1e-5;
    private static final double RTOL = 1e-3;

    private ParameterGradCheck() {
    }

    /** Checks {@code f}'s gradient with respect to its input {@code x} and to {@code parameters}. */
    static void check(Function<Node, Node> f, Tensor x, Collection<Parameter> parameters) {
        GradCheck.of(xs -> f.apply(xs.get(0))).check(x);
        checkParameters(f.apply(Node.constant(x)), parameters);
    }

    /** Checks a module's gradient with respect to its input and all its parameters, in an evaluation pass. */
    static void check(Module m, Tensor x) {
        check(m::forward, x, m.parameters().values());
    }

    /** Checks the gradient of {@code <r, out>} with respect to each parameter, for a random r. */
    static void checkParameters(Node out, Collection<Parameter> parameters) {
        SplittableRandom rng = new SplittableRandom(7);
        double[] r = new double[out.shape().size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = rng.nextDouble(-1, 1);
        }
        Node y = out.mul(Node.constant(Tensor.of(r, out.shape()))).sum();
        List<Parameter> ps = new ArrayList<>(parameters);
        List<Tensor> analytic = Program.of(Autograd.gradients(y, ps)).run();
        Program forward = Program.of(y);
        for (int p = 0; p < ps.size(); p++) {
            Parameter param = ps.get(p);
            Tensor original = param.value();
            double[] v = original.toArray();
            double[] a = analytic.get(p).toArray();
            try {
                for (int j = 0; j < v.length; j++) {
                    double vj = v[j];
                    v[j] = vj + EPS;
                    param.set(Tensor.of(v, original.shape()));
                    double plus = forward.run().get(0).item();
                    v[j] = vj - EPS;
                    param.set(Tensor.of(v, original.shape()));
                    double minus = forward.run().get(0).item();
                    v[j] = vj;
                    double numeric = (plus - minus) / (2 * EPS);
                    boolean ok = Math.abs(numeric - a[j]) <= ATOL + RTOL * Math.abs(numeric);
                    assertTrue(ok, "parameter '" + param.name() + "' element " + j + ": numeric " + numeric
                            + " vs analytic " + a[j]);
                }
            } finally {
                param.set(original);
            }
        }
    }
}
