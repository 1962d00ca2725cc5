package leibniz.core;

/**
 * The error function {@code erf x = (2/√π) ∫₀ˣ e^(−t²) dt} to about 1e-15 relative error (a dozen
 * ulps at worst), for the exact GELU.
 *
 * <p>Two expansions, each used where it converges fast and without cancellation: for |x| &lt; 2.5 the
 * series {@code erf x = (2/√π) e^(−x²) Σ 2ⁿ x^(2n+1) / (1·3·…·(2n+1))}, whose terms are all positive;
 * beyond, {@code erf x = 1 − erfc x} with erfc from its continued fraction (Lentz's method), which
 * converges quickly for large x. From |x| = 6 on, erfc is below half an ulp of 1.
 */
final class Erf {
    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
    private static final double ONE_OVER_SQRT_PI = 1 / Math.sqrt(Math.PI);
    private static final double SERIES_LIMIT = 2.5;
    private static final double SATURATION = 6;

    private Erf() {
    }

    static double erf(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        double a = Math.abs(x);
        double r;
        if (a < SERIES_LIMIT) {
            r = series(a);
        } else if (a < SATURATION) {
            r = 1 - erfcContinuedFraction(a);
        } else {
            r = 1;
        }
        return Math.copySign(r, x);
    }

    private static double series(double a) {
        double twoA2 = 2 * a * a;
        double term = a;
        double sum = a;
        for (int n = 1; n < 200 && term > 1e-17 * sum; n++) {
            term *= twoA2 / (2 * n + 1);
            sum += term;
        }
        return TWO_OVER_SQRT_PI * Math.exp(-a * a) * sum;
    }

    /** {@code erfc a = e^(−a²)/√π · 1/(a + (1/2)/(a + (2/2)/(a + (3/2)/(a + …))))} for a ≥ 2.5. */
    private static double erfcContinuedFraction(double a) {
        double tiny = 1e-300;
        double f = a;
        double c = f;
        double d = 0;
        for (int k = 1; k < 500; k++) {
            double ak = k / 2.0;
            d = a + ak * d;
            d = d == 0 ? tiny : d;
            c = a + ak / c;
            c = c == 0 ? tiny : c;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                break;
            }
        }
        return ONE_OVER_SQRT_PI * Math.exp(-a * a) / f;
    }
}
