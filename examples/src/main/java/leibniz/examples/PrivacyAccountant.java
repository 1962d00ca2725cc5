package leibniz.examples;

/**
 * The privacy DP-SGD buys, by the Rényi-DP accountant of the sampled Gaussian mechanism (Mironov, Talwar and
 * Zhang 2019, as Opacus and TensorFlow Privacy compute it): one step samples each example with probability
 * q and adds Gaussian noise of multiplier σ to the sum of gradients clipped to norm C. At an integer order α
 * one step costs {@code RDP(α) = ln A_α / (α − 1)} with
 * <pre>
 * A_α = Σ_{k=0..α} C(α, k) (1 − q)^(α−k) q^k e^((k² − k) / 2σ²)
 * </pre>
 * (the α-th moment of the ratio of the mechanism's output laws, written out by the binomial theorem); T
 * steps cost T times as much, and {@code ε(δ) = min_α T·RDP(α) + ln(1/δ) / (α − 1)}.
 */
final class PrivacyAccountant {
    /** The integer orders searched: enough for σ from about 0.5 up, where the minimum lies at small α. */
    private static final int MAX_ORDER = 256;

    private PrivacyAccountant() {
    }

    /** ε of {@code steps} steps at sampling rate {@code q}, noise multiplier {@code sigma}, at δ; ∞ without noise. */
    static double epsilon(double q, double sigma, int steps, double delta) {
        if (sigma == 0) {
            return Double.POSITIVE_INFINITY;
        }
        double best = Double.POSITIVE_INFINITY;
        for (int alpha = 2; alpha <= MAX_ORDER; alpha++) {
            best = Math.min(best, steps * rdp(q, sigma, alpha) + Math.log(1 / delta) / (alpha - 1));
        }
        return best;
    }

    /** The Rényi divergence of order α of one step, {@code ln A_α / (α − 1)}, summed in logarithms. */
    static double rdp(double q, double sigma, int alpha) {
        if (q == 1) {
            return alpha / (2 * sigma * sigma); // the Gaussian mechanism itself
        }
        double[] terms = new double[alpha + 1];
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k <= alpha; k++) {
            double logChoose = logFactorial(alpha) - logFactorial(k) - logFactorial(alpha - k);
            terms[k] = logChoose + (alpha - k) * Math.log1p(-q) + (k == 0 ? 0 : k * Math.log(q))
                    + (k * (double) k - k) / (2 * sigma * sigma);
            max = Math.max(max, terms[k]);
        }
        double sum = 0;
        for (double t : terms) {
            sum += Math.exp(t - max);
        }
        return (max + Math.log(sum)) / (alpha - 1);
    }

    private static double logFactorial(int n) {
        double s = 0;
        for (int i = 2; i <= n; i++) {
            s += Math.log(i);
        }
        return s;
    }
}
