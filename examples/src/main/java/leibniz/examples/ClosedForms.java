package leibniz.examples;

/**
 * Derivatives worked out by hand, to check the ones autograd derives: independent formulas in plain
 * {@code double} arithmetic, with no graph anywhere.
 */
final class ClosedForms {
    private ClosedForms() {
    }

    /** {@code f(x) = sin(x)·e^(−x²/2)}. */
    static double sinGauss(double x) {
        return Math.sin(x) * Math.exp(-x * x / 2);
    }

    /**
     * The n-th derivative of {@code sin(x)·e^(−x²/2)} by the Leibniz rule {@code (uv)⁽ⁿ⁾ = Σₖ C(n,k) u⁽ᵏ⁾ v⁽ⁿ⁻ᵏ⁾}
     * with {@code sin⁽ᵏ⁾(x) = sin(x + kπ/2)} and {@code (e^(−x²/2))⁽ᵐ⁾ = (−1)ᵐ Heₘ(x) e^(−x²/2)}, Heₘ the
     * probabilists' Hermite polynomials.
     */
    static double sinGaussDerivative(int n, double x) {
        double sum = 0;
        long binomial = 1;
        for (int k = 0; k <= n; k++) {
            int m = n - k;
            sum += binomial * Math.sin(x + k * Math.PI / 2) * (m % 2 == 0 ? 1 : -1) * hermite(m, x);
            binomial = binomial * (n - k) / (k + 1);
        }
        return sum * Math.exp(-x * x / 2);
    }

    /** {@code Heₘ(x)} by the recurrence {@code Heₘ₊₁ = x·Heₘ − m·Heₘ₋₁}, He₀ = 1, He₁ = x. */
    static double hermite(int m, double x) {
        double before = 1;
        double now = x;
        if (m == 0) {
            return before;
        }
        for (int k = 1; k < m; k++) {
            double next = x * now - k * before;
            before = now;
            now = next;
        }
        return now;
    }

    /**
     * The n-th derivative of tanh (n = 0..4) as a polynomial in t = tanh x: {@code 1 − t²},
     * {@code −2t(1 − t²)}, {@code −2(1 − t²)(1 − 3t²)}, {@code 8t(1 − t²)(2 − 3t²)}.
     */
    static double tanhDerivative(int n, double x) {
        double t = Math.tanh(x);
        double s = 1 - t * t;
        return switch (n) {
            case 0 -> t;
            case 1 -> s;
            case 2 -> -2 * t * s;
            case 3 -> -2 * s * (1 - 3 * t * t);
            case 4 -> 8 * t * s * (2 - 3 * t * t);
            default -> throw new IllegalArgumentException("tanhDerivative: order " + n + " is not one of 0..4");
        };
    }

    /** Rosenbrock's function in n dimensions, {@code Σᵢ 100(xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)²}. */
    static double rosenbrock(double[] x) {
        double f = 0;
        for (int i = 0; i + 1 < x.length; i++) {
            f += 100 * Math.pow(x[i + 1] - x[i] * x[i], 2) + Math.pow(1 - x[i], 2);
        }
        return f;
    }

    /**
     * Its Hessian, tridiagonal: {@code ∂²f/∂xᵢ² = 1200xᵢ² − 400xᵢ₊₁ + 2} (for i &lt; n−1) {@code + 200}
     * (for i &gt; 0), and {@code ∂²f/∂xᵢ∂xᵢ₊₁ = −400xᵢ}.
     */
    static double[][] rosenbrockHessian(double[] x) {
        int n = x.length;
        double[][] h = new double[n][n];
        for (int i = 0; i < n; i++) {
            if (i + 1 < n) {
                h[i][i] += 1200 * x[i] * x[i] - 400 * x[i + 1] + 2;
                h[i][i + 1] = -400 * x[i];
                h[i + 1][i] = -400 * x[i];
            }
            if (i > 0) {
                h[i][i] += 200;
            }
        }
        return h;
    }

    /**
     * The Lennard-Jones forces (ε = σ = 1) on particles at {@code positions} [n][dim]:
     * {@code Fᵢ = Σⱼ 24 (2r⁻¹² − r⁻⁶) / r² · (xᵢ − xⱼ)}, the negated gradient of {@code U = Σ_{i<j} 4(r⁻¹² − r⁻⁶)}.
     */
    static double[][] lennardJonesForces(double[][] positions) {
        int n = positions.length;
        int dim = positions[0].length;
        double[][] f = new double[n][dim];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i == j) {
                    continue;
                }
                double r2 = 0;
                for (int k = 0; k < dim; k++) {
                    r2 += Math.pow(positions[i][k] - positions[j][k], 2);
                }
                double inv6 = 1 / (r2 * r2 * r2);
                double scale = 24 * (2 * inv6 * inv6 - inv6) / r2;
                for (int k = 0; k < dim; k++) {
                    f[i][k] += scale * (positions[i][k] - positions[j][k]);
                }
            }
        }
        return f;
    }

    /** The Lennard-Jones energy {@code Σ_{i<j} 4(r⁻¹² − r⁻⁶)}. */
    static double lennardJonesEnergy(double[][] positions) {
        double u = 0;
        for (int i = 0; i < positions.length; i++) {
            for (int j = i + 1; j < positions.length; j++) {
                double r2 = 0;
                for (int k = 0; k < positions[i].length; k++) {
                    r2 += Math.pow(positions[i][k] - positions[j][k], 2);
                }
                double inv6 = 1 / (r2 * r2 * r2);
                u += 4 * (inv6 * inv6 - inv6);
            }
        }
        return u;
    }
}
