package leibniz.optim;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.core.Tensor;
import leibniz.optim.FlatObjective.Point;

/**
 * Limited-memory BFGS (Nocedal and Wright, Algorithm 7.5): the direction {@code d = −H ∇f} applies an
 * inverse-Hessian estimate built from the last m pairs {@code s = x₊ − x}, {@code y = ∇f₊ − ∇f} by the
 * two-loop recursion, with initial scaling {@code H₀ = (sᵀy / yᵀy) I}; the step length meets the strong
 * Wolfe conditions (c₁ = 1e-4, c₂ = 0.9). The first step tries {@code α = min(1, 1/‖∇f‖₁)}, later ones
 * α = 1. A pair with {@code sᵀy ≤ 0} is skipped, keeping H positive definite. Default history m = 10.
 * <pre>{@code
 * Minimizer.Result r = LBFGS.create().minimize(loss, params, 200, 1e-8);
 * }</pre>
 */
public final class LBFGS implements Minimizer {
    private static final double C2 = 0.9;
    private final int history;

    private LBFGS(int history) {
        this.history = Check.positiveCount("LBFGS", "history", history);
    }

    /** L-BFGS keeping the last 10 pairs. */
    public static LBFGS create() {
        return new LBFGS(10);
    }

    /** L-BFGS keeping the last {@code history} pairs. */
    public static LBFGS create(int history) {
        return new LBFGS(history);
    }

    /** The number of correction pairs kept. */
    public int history() {
        return history;
    }

    @Override
    public Result minimize(Node loss, List<Parameter> parameters, Map<Node, Tensor> feeds, int maxIterations,
            double gradTolerance) {
        FlatObjective f = FlatObjective.of("LBFGS", loss, parameters, feeds, maxIterations, gradTolerance, false);
        Point p = f.first();
        Deque<double[][]> pairs = new ArrayDeque<>();
        int iterations = 0;
        while (iterations < maxIterations && Vectors.norm(p.g()) > gradTolerance) {
            double[] d = direction(p.g(), pairs);
            double slope = Vectors.dot(p.g(), d);
            if (!(slope < 0)) {
                pairs.clear();
                d = Vectors.scaled(p.g(), -1);
                slope = -Vectors.dot(p.g(), p.g());
            }
            double alpha = pairs.isEmpty() ? Math.min(1, 1 / norm1(p.g())) : 1;
            Point next = LineSearch.strongWolfe(f, p, d, slope, alpha, C2);
            if (next == null) {
                if (pairs.isEmpty()) {
                    break;
                }
                // A stale curvature estimate can point nowhere useful: restart from steepest descent once.
                pairs.clear();
                continue;
            }
            next = f.accept(next, p, iterations + 1);
            double[] s = Vectors.minus(next.x(), p.x());
            double[] y = Vectors.minus(next.g(), p.g());
            double sy = Vectors.dot(s, y);
            if (sy > 1e-12 * Vectors.norm(s) * Vectors.norm(y)) {
                pairs.addLast(new double[][] {s, y, {1 / sy}});
                if (pairs.size() > history) {
                    pairs.removeFirst();
                }
            }
            p = next;
            iterations++;
        }
        return f.finish(iterations, p, gradTolerance);
    }

    /** {@code −H g} by the two-loop recursion over the pairs, oldest first in {@code pairs}. */
    private static double[] direction(double[] g, Deque<double[][]> pairs) {
        double[] q = g.clone();
        double[] a = new double[pairs.size()];
        int i = pairs.size();
        for (Iterator<double[][]> it = pairs.descendingIterator(); it.hasNext(); ) {
            double[][] pair = it.next();
            a[--i] = pair[2][0] * Vectors.dot(pair[0], q);
            Vectors.addTo(q, -a[i], pair[1]);
        }
        if (!pairs.isEmpty()) {
            double[][] last = pairs.getLast();
            double[] y = last[1];
            q = Vectors.scaled(q, 1 / (last[2][0] * Vectors.dot(y, y)));
        }
        for (double[][] pair : pairs) {
            double b = pair[2][0] * Vectors.dot(pair[1], q);
            Vectors.addTo(q, a[i++] - b, pair[0]);
        }
        return Vectors.scaled(q, -1);
    }

    private static double norm1(double[] g) {
        double s = 0;
        for (double v : g) {
            s += Math.abs(v);
        }
        return s;
    }
}
