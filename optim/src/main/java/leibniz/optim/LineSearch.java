package leibniz.optim;

import leibniz.optim.FlatObjective.Point;

/**
 * Line searches along a descent direction d from a point x: backtracking to the Armijo condition, and
 * the strong Wolfe search with zoom (Nocedal and Wright, Algorithms 3.5 and 3.6).
 */
final class LineSearch {
    /** Sufficient decrease: {@code f(x + αd) ≤ f(x) + c₁ α ∇fᵀd}. */
    static final double C1 = 1e-4;
    private static final int MAX_TRIALS = 40;

    private LineSearch() {
    }

    /** A trial step length with the point it reaches and the directional derivative there. */
    private record Trial(double alpha, Point p, double slope) {
    }

    /**
     * The first of α = 1, 1/2, 1/4, ... meeting the Armijo condition, or null if none of 40 does;
     * {@code slope} is {@code ∇f(x)ᵀd < 0}.
     */
    static Point backtracking(FlatObjective f, Point at, double[] d, double slope) {
        double alpha = 1;
        for (int i = 0; i < MAX_TRIALS; i++) {
            Point p = f.evaluate(Vectors.axpy(at.x(), alpha, d));
            if (p.f() <= at.f() + C1 * alpha * slope) {
                return p;
            }
            alpha /= 2;
        }
        return null;
    }

    /**
     * A step meeting the strong Wolfe conditions {@code f(x + αd) ≤ f + c₁ α ∇fᵀd} and
     * {@code |∇f(x + αd)ᵀd| ≤ c₂ |∇fᵀd|}, starting from {@code alpha} and doubling until the minimum along
     * d is bracketed, then zooming in by safeguarded cubic interpolation. If the zoom cannot meet the
     * curvature condition it returns the best point with sufficient decrease; null if there is none.
     */
    static Point strongWolfe(FlatObjective f, Point at, double[] d, double slope, double alpha, double c2) {
        Trial prev = new Trial(0, at, slope);
        for (int i = 0; i < MAX_TRIALS; i++) {
            Trial cur = trial(f, at, d, alpha);
            if (!decreases(cur, at, slope) || (i > 0 && cur.p().f() >= prev.p().f())) {
                return zoom(f, at, d, slope, c2, prev, cur);
            }
            if (Math.abs(cur.slope()) <= -c2 * slope) {
                return cur.p();
            }
            if (cur.slope() >= 0) {
                return zoom(f, at, d, slope, c2, cur, prev);
            }
            prev = cur;
            alpha *= 2;
        }
        return prev.alpha() > 0 ? prev.p() : null;
    }

    /** Narrows [lo, hi] where lo has sufficient decrease and the lowest loss so far (Algorithm 3.6). */
    private static Point zoom(FlatObjective f, Point at, double[] d, double slope, double c2, Trial lo, Trial hi) {
        for (int i = 0; i < MAX_TRIALS; i++) {
            double alpha = interpolate(lo, hi);
            Trial cur = trial(f, at, d, alpha);
            if (!decreases(cur, at, slope) || cur.p().f() >= lo.p().f()) {
                hi = cur;
            } else {
                if (Math.abs(cur.slope()) <= -c2 * slope) {
                    return cur.p();
                }
                if (cur.slope() * (hi.alpha() - lo.alpha()) >= 0) {
                    hi = lo;
                }
                lo = cur;
            }
            if (Math.abs(hi.alpha() - lo.alpha()) <= 1e-14 * Math.max(1, lo.alpha())) {
                break;
            }
        }
        return lo.alpha() > 0 ? lo.p() : null;
    }

    private static Trial trial(FlatObjective f, Point at, double[] d, double alpha) {
        Point p = f.evaluate(Vectors.axpy(at.x(), alpha, d));
        return new Trial(alpha, p, Vectors.dot(p.g(), d));
    }

    private static boolean decreases(Trial t, Point at, double slope) {
        // Written so that a NaN or infinite loss counts as no decrease.
        return t.p().f() <= at.f() + C1 * t.alpha() * slope;
    }

    /**
     * The minimizer of the cubic through both ends' values and slopes (Nocedal and Wright, eq. 3.59), kept
     * at least a tenth of the interval away from either end; bisection when the cubic has no minimizer.
     */
    private static double interpolate(Trial a, Trial b) {
        double lo = Math.min(a.alpha(), b.alpha());
        double hi = Math.max(a.alpha(), b.alpha());
        double mid = (lo + hi) / 2;
        double fa = a.p().f();
        double fb = b.p().f();
        if (!Double.isFinite(fa) || !Double.isFinite(fb)) {
            return mid;
        }
        double d1 = a.slope() + b.slope() - 3 * (fa - fb) / (a.alpha() - b.alpha());
        double disc = d1 * d1 - a.slope() * b.slope();
        if (disc < 0) {
            return mid;
        }
        double d2 = Math.signum(b.alpha() - a.alpha()) * Math.sqrt(disc);
        double alpha = b.alpha() - (b.alpha() - a.alpha()) * (b.slope() + d2 - d1) / (b.slope() - a.slope() + 2 * d2);
        double margin = 0.1 * (hi - lo);
        if (!Double.isFinite(alpha) || alpha < lo + margin || alpha > hi - margin) {
            return mid;
        }
        return alpha;
    }
}
