package leibniz.optim;

import java.util.List;
import java.util.Map;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.core.Tensor;
import leibniz.optim.FlatObjective.Point;

/**
 * Hessian-free Newton (truncated Newton-CG, Nocedal and Wright, Algorithm 7.1): each iteration solves
 * {@code (H + λI) p = −∇f} by conjugate gradients using only Hessian-vector products {@code H v} (the
 * gradient of {@code <∇f, v>}, never forming H), then steps by a backtracking (Armijo) line search from
 * α = 1. CG stops when the residual falls below {@code min(0.5, √‖∇f‖) ‖∇f‖}, after the maximum number of
 * CG iterations, or on negative curvature, where it returns the iterate so far ({@code −∇f} if that is
 * still zero). Defaults: damping λ = 0, at most 100 CG iterations.
 * <pre>{@code
 * Minimizer.Result r = NewtonCG.builder().damping(1e-3).build().minimize(loss, params, 50, 1e-8);
 * }</pre>
 */
public final class NewtonCG implements Minimizer {
    private final double damping;
    private final int maxCgIterations;

    private NewtonCG(Builder b) {
        this.damping = Check.nonNegative("NewtonCG", "damping", b.damping);
        this.maxCgIterations = Check.positiveCount("NewtonCG", "max CG iterations", b.maxCgIterations);
    }

    /** Newton-CG with the defaults. */
    public static NewtonCG create() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Result minimize(Node loss, List<Parameter> parameters, Map<Node, Tensor> feeds, int maxIterations,
            double gradTolerance) {
        FlatObjective f = FlatObjective.of("NewtonCG", loss, parameters, feeds, maxIterations, gradTolerance, true);
        Point p = f.first();
        int iterations = 0;
        while (iterations < maxIterations && Vectors.norm(p.g()) > gradTolerance) {
            double[] d = solve(f, p, iterations + 1);
            double slope = Vectors.dot(p.g(), d);
            if (!(slope < 0)) {
                d = Vectors.scaled(p.g(), -1);
                slope = -Vectors.dot(p.g(), p.g());
            }
            Point next = LineSearch.backtracking(f, p, d, slope);
            if (next == null) {
                break;
            }
            p = f.accept(next, p, iterations + 1);
            iterations++;
        }
        return f.finish(iterations, p, gradTolerance);
    }

    /** An approximate solution of {@code (H + λI) z = −g} by conjugate gradients started at z = 0. */
    private double[] solve(FlatObjective f, Point p, int iteration) {
        double[] g = p.g();
        double gnorm = Vectors.norm(g);
        double tolerance = Math.min(0.5, Math.sqrt(gnorm)) * gnorm;
        double[] z = new double[g.length];
        double[] r = g.clone();
        double[] d = Vectors.scaled(g, -1);
        double rr = Vectors.dot(r, r);
        for (int j = 0; j < maxCgIterations; j++) {
            double[] bd = Vectors.axpy(f.checkProduct(f.hessianTimes(p.x(), d), p, iteration), damping, d);
            double curvature = Vectors.dot(d, bd);
            if (curvature <= 0) {
                return j == 0 ? Vectors.scaled(g, -1) : z;
            }
            double a = rr / curvature;
            Vectors.addTo(z, a, d);
            Vectors.addTo(r, a, bd);
            double next = Vectors.dot(r, r);
            if (Math.sqrt(next) < tolerance) {
                break;
            }
            d = Vectors.axpy(Vectors.scaled(r, -1), next / rr, d);
            rr = next;
        }
        return z;
    }

    /** Settings for {@link NewtonCG}. */
    public static final class Builder {
        private double damping;
        private int maxCgIterations = 100;

        private Builder() {
        }

        /** Sets λ ≥ 0, added to the Hessian's diagonal: larger values give shorter, more gradient-like steps. */
        public Builder damping(double damping) {
            this.damping = damping;
            return this;
        }

        /** Sets the most CG iterations (Hessian-vector products) per Newton iteration. */
        public Builder maxCgIterations(int n) {
            this.maxCgIterations = n;
            return this;
        }

        /** The minimizer; refuses invalid settings. */
        public NewtonCG build() {
            return new NewtonCG(this);
        }
    }
}
