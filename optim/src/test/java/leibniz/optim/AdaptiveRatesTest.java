package leibniz.optim;

import static leibniz.optim.FixedGradients.GRADS;
import static leibniz.optim.FixedGradients.START;
import static leibniz.optim.FixedGradients.assertTrajectory;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Adagrad, RMSprop and Adadelta step graphs against PyTorch's formulas evaluated by hand for three steps. */
class AdaptiveRatesTest {
    /** PyTorch's Adagrad: g += λp; s += g²; p −= η / (1 + (t − 1)δ) · g / (√s + ε). */
    private static double[][] adagrad(double lr, double decay, double s0, double eps, double wd) {
        double[] p = START.clone();
        double[] s = {s0, s0, s0};
        double[][] out = new double[GRADS.length][];
        for (int t = 1; t <= GRADS.length; t++) {
            double rate = lr / (1 + (t - 1) * decay);
            for (int i = 0; i < 3; i++) {
                double g = GRADS[t - 1][i] + wd * p[i];
                s[i] += g * g;
                p[i] -= rate * g / (Math.sqrt(s[i]) + eps);
            }
            out[t - 1] = p.clone();
        }
        return out;
    }

    /** PyTorch's RMSprop: v = αv + (1 − α)g²; centered a = αa + (1 − α)g; d = √(v − a²) + ε; momentum b = μb + g/d. */
    private static double[][] rmsprop(double lr, double alpha, double eps, double mu, boolean centered, double wd) {
        double[] p = START.clone();
        double[] v = new double[3];
        double[] a = new double[3];
        double[] b = new double[3];
        double[][] out = new double[GRADS.length][];
        for (int t = 1; t <= GRADS.length; t++) {
            for (int i = 0; i < 3; i++) {
                double g = GRADS[t - 1][i] + wd * p[i];
                v[i] = alpha * v[i] + (1 - alpha) * g * g;
                a[i] = alpha * a[i] + (1 - alpha) * g;
                double d = Math.sqrt(centered ? v[i] - a[i] * a[i] : v[i]) + eps;
                if (mu > 0) {
                    b[i] = mu * b[i] + g / d;
                    p[i] -= lr * b[i];
                } else {
                    p[i] -= lr * g / d;
                }
            }
            out[t - 1] = p.clone();
        }
        return out;
    }

    /** PyTorch's Adadelta: v = ρv + (1 − ρ)g²; Δ = √(u + ε)/√(v + ε)·g; u = ρu + (1 − ρ)Δ²; p −= ηΔ. */
    private static double[][] adadelta(double lr, double rho, double eps, double wd) {
        double[] p = START.clone();
        double[] v = new double[3];
        double[] u = new double[3];
        double[][] out = new double[GRADS.length][];
        for (int t = 1; t <= GRADS.length; t++) {
            for (int i = 0; i < 3; i++) {
                double g = GRADS[t - 1][i] + wd * p[i];
                v[i] = rho * v[i] + (1 - rho) * g * g;
                double delta = Math.sqrt(u[i] + eps) / Math.sqrt(v[i] + eps) * g;
                u[i] = rho * u[i] + (1 - rho) * delta * delta;
                p[i] -= lr * delta;
            }
            out[t - 1] = p.clone();
        }
        return out;
    }

    @Test
    void adagradFirstStepIsRateTimesSignOfGradient() {
        double[][] w = FixedGradients.run(Adagrad.create(0.1));
        // s = g², so the first step is η g / (|g| + ε).
        assertEquals(1 - 0.1 * 0.1 / (0.1 + 1e-10), w[0][0], 1e-15);
        assertTrajectory(adagrad(0.1, 0, 0, 1e-10, 0), w);
    }

    @Test
    void adagradWithRateDecayInitialAccumulatorAndWeightDecay() {
        Optimizer adagrad = Adagrad.builder().learningRate(0.5).learningRateDecay(0.3).initialAccumulator(0.1)
                .eps(1e-6).weightDecay(0.05).build();
        assertTrajectory(adagrad(0.5, 0.3, 0.1, 1e-6, 0.05), FixedGradients.run(adagrad));
    }

    @Test
    void rmspropPlain() {
        double[][] w = FixedGradients.run(RmsProp.builder().learningRate(0.01).alpha(0.9).build());
        // v = 0.1 g², so the first step is η g / (√0.1 |g| + ε).
        assertEquals(1 - 0.01 * 0.1 / (Math.sqrt(0.1) * 0.1 + 1e-8), w[0][0], 1e-15);
        assertTrajectory(rmsprop(0.01, 0.9, 1e-8, 0, false, 0), w);
    }

    @Test
    void rmspropCentered() {
        Optimizer rms = RmsProp.builder().learningRate(0.01).alpha(0.9).centered(true).build();
        assertTrajectory(rmsprop(0.01, 0.9, 1e-8, 0, true, 0), FixedGradients.run(rms));
    }

    @Test
    void rmspropCenteredWithMomentumAndWeightDecay() {
        Optimizer rms = RmsProp.builder().learningRate(0.01).alpha(0.8).eps(1e-4).momentum(0.7).centered(true)
                .weightDecay(0.1).build();
        assertTrajectory(rmsprop(0.01, 0.8, 1e-4, 0.7, true, 0.1), FixedGradients.run(rms));
    }

    @Test
    void rmspropWithMomentum() {
        Optimizer rms = RmsProp.builder().learningRate(0.02).momentum(0.9).build();
        assertTrajectory(rmsprop(0.02, 0.99, 1e-8, 0.9, false, 0), FixedGradients.run(rms));
    }

    @Test
    void adadeltaFirstStepIsSqrtEpsOverRmsOfGradient() {
        double[][] w = FixedGradients.run(Adadelta.create(1.0));
        // u = 0 and v = 0.1 g², so Δ = √ε / √(0.1 g² + ε) · g.
        double g = 0.1;
        assertEquals(1 - Math.sqrt(1e-6) / Math.sqrt(0.1 * g * g + 1e-6) * g, w[0][0], 1e-15);
        assertTrajectory(adadelta(1.0, 0.9, 1e-6, 0), w);
    }

    @Test
    void adadeltaWithRhoEpsRateAndWeightDecay() {
        Optimizer adadelta = Adadelta.builder().learningRate(0.5).rho(0.7).eps(1e-3).weightDecay(0.2).build();
        assertTrajectory(adadelta(0.5, 0.7, 1e-3, 0.2), FixedGradients.run(adadelta));
    }
}
