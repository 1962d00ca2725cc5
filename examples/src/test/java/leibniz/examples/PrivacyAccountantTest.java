package leibniz.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The RDP accountant against an independent computation: the α-th moment A_α as a numerical integral of
 * the likelihood ratio of the mechanism's two output laws,
 * {@code E_{x~N(0,σ²)}[((1 − q) + q e^((2x − 1)/2σ²))^α]}, where the accountant sums its binomial expansion;
 * and the Gaussian mechanism's closed form at q = 1.
 */
class PrivacyAccountantTest {
    /** A_α by Simpson's rule over a range that holds all but a negligible part of the integrand. */
    private static double momentByIntegral(double q, double sigma, int alpha) {
        double lo = -40 * sigma;
        double hi = 40 * sigma + alpha;
        int n = 400_000;
        double h = (hi - lo) / n;
        double sum = 0;
        for (int i = 0; i <= n; i++) {
            double x = lo + i * h;
            double logDensity = -x * x / (2 * sigma * sigma) - Math.log(sigma * Math.sqrt(2 * Math.PI));
            double z = Math.log(q) + (2 * x - 1) / (2 * sigma * sigma);
            double logRatio = Math.max(z, Math.log1p(-q)) + Math.log1p(Math.exp(-Math.abs(z - Math.log1p(-q))));
            double f = Math.exp(logDensity + alpha * logRatio); // in logarithms: the ratio's power overflows
            sum += f * (i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2);
        }
        return sum * h / 3;
    }

    @Test
    void oneStepMatchesTheIntegralOfTheLikelihoodRatio() {
        for (double[] c : new double[][] {{0.05, 1}, {0.01, 1.1}, {0.2, 2}, {0.5, 0.8}}) {
            for (int alpha : new int[] {2, 3, 8, 20}) {
                double expected = Math.log(momentByIntegral(c[0], c[1], alpha)) / (alpha - 1);
                assertEquals(expected, PrivacyAccountant.rdp(c[0], c[1], alpha), 1e-9 * Math.max(1, expected),
                        "q " + c[0] + ", σ " + c[1] + ", α " + alpha);
            }
        }
    }

    @Test
    void withoutSamplingItIsTheGaussianMechanism() {
        assertEquals(3 / (2 * 1.5 * 1.5), PrivacyAccountant.rdp(1, 1.5, 3), 1e-15);
        assertEquals(PrivacyAccountant.rdp(1, 1.5, 4), PrivacyAccountant.rdp(1 - 1e-12, 1.5, 4), 1e-9);
        // ε = min_α T α / 2σ² + ln(1/δ) / (α − 1) for T = 1, σ = 4, δ = 1e-5: 1.2309 at α = 20
        double byHand = Double.POSITIVE_INFINITY;
        for (int a = 2; a <= 256; a++) {
            byHand = Math.min(byHand, a / 32.0 + Math.log(1e5) / (a - 1));
        }
        assertEquals(byHand, PrivacyAccountant.epsilon(1, 4, 1, 1e-5), 1e-12);
        assertEquals(1.230943445524749, byHand, 1e-12);
    }

    @Test
    void moreStepsCostMoreAndMoreNoiseLess() {
        double e = PrivacyAccountant.epsilon(64.0 / 1258, 1, 570, 1e-5);
        assertTrue(e > 0 && Double.isFinite(e), "ε " + e);
        assertTrue(PrivacyAccountant.epsilon(64.0 / 1258, 1, 1140, 1e-5) > e);
        assertTrue(PrivacyAccountant.epsilon(64.0 / 1258, 2, 570, 1e-5) < e);
        assertEquals(Double.POSITIVE_INFINITY, PrivacyAccountant.epsilon(0.05, 0, 10, 1e-5));
    }
}
