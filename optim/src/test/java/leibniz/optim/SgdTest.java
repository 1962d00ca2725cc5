package leibniz.optim;

import static leibniz.optim.FixedGradients.GRADS;
import static leibniz.optim.FixedGradients.START;
import static leibniz.optim.FixedGradients.assertTrajectory;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** SGD's step graph against PyTorch's formulas evaluated by hand for three steps. */
class SgdTest {
    /** PyTorch's SGD loop: g += λp; b = g (t = 1) or μb + (1 − τ)g; d = g + μb (Nesterov) or b; p −= ηd. */
    private static double[][] reference(double lr, double mu, double tau, boolean nesterov, double wd) {
        double[] p = START.clone();
        double[] b = new double[p.length];
        double[][] out = new double[GRADS.length][];
        for (int t = 1; t <= GRADS.length; t++) {
            for (int i = 0; i < p.length; i++) {
                double g = GRADS[t - 1][i] + wd * p[i];
                double d = g;
                if (mu != 0) {
                    b[i] = t == 1 ? g : mu * b[i] + (1 - tau) * g;
                    d = nesterov ? g + mu * b[i] : b[i];
                }
                p[i] -= lr * d;
            }
            out[t - 1] = p.clone();
        }
        return out;
    }

    @Test
    void plainStepByHand() {
        double[][] w = FixedGradients.run(Sgd.create(0.1));
        assertArrayEquals(new double[] {0.99, -1.98, 0.47}, w[0], 1e-15);
        assertArrayEquals(new double[] {1.03, -1.985, 0.45}, w[1], 1e-15);
        assertTrajectory(reference(0.1, 0, 0, false, 0), w);
    }

    @Test
    void weightDecayIsAddedToTheGradient() {
        double[][] w = FixedGradients.run(Sgd.builder().learningRate(0.1).weightDecay(0.5).build());
        // step 1: g = 0.1 + 0.5·1 = 0.6, so w₀ = 1 − 0.06
        assertArrayEquals(new double[] {0.94, -2 - 0.1 * (-0.2 - 1), 0.5 - 0.1 * (0.3 + 0.25)}, w[0], 1e-15);
        assertTrajectory(reference(0.1, 0, 0, false, 0.5), w);
    }

    @Test
    void momentumSkipsDampeningOnTheFirstStep() {
        double[][] w = FixedGradients.run(Sgd.builder().learningRate(0.1).momentum(0.9).dampening(0.3).build());
        // step 1: b = g; step 2: b = 0.9·g₁ + 0.7·g₂
        assertArrayEquals(new double[] {0.99, -1.98, 0.47}, w[0], 1e-15);
        double b2 = 0.9 * 0.1 + 0.7 * -0.4;
        assertEquals(0.99 - 0.1 * b2, w[1][0], 1e-15);
        assertTrajectory(reference(0.1, 0.9, 0.3, false, 0), w);
    }

    @Test
    void nesterovStepsAlongGradientPlusMomentum() {
        double[][] w = FixedGradients.run(Sgd.builder().learningRate(0.1).momentum(0.9).nesterov(true).build());
        // step 1: b = g, d = g + 0.9 g = 1.9 g
        assertArrayEquals(new double[] {1 - 0.019, -2 + 0.038, 0.5 - 0.057}, w[0], 1e-15);
        assertTrajectory(reference(0.1, 0.9, 0, true, 0), w);
    }

    @Test
    void nesterovWithWeightDecay() {
        double[][] w = FixedGradients.run(Sgd.builder().learningRate(0.05).momentum(0.5).nesterov(true)
                .weightDecay(0.1).build());
        assertTrajectory(reference(0.05, 0.5, 0, true, 0.1), w);
    }
}
