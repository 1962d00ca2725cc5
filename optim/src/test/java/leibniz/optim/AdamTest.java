package leibniz.optim;

import static leibniz.optim.FixedGradients.GRADS;
import static leibniz.optim.FixedGradients.START;
import static leibniz.optim.FixedGradients.assertTrajectory;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** Adam, AMSGrad and AdamW step graphs against PyTorch's formulas evaluated by hand for three steps. */
class AdamTest {
    /** Gradients that shrink, so that v falls on the first two coordinates and AMSGrad's max matters. */
    private static final double[][] SHRINKING = {{5, -4, 0.5}, {0.1, 0.2, 0.3}, {0.2, -0.1, 0.05}};

    /** PyTorch's Adam/AdamW loop, with bias corrections 1 − βᵗ. */
    private static double[][] reference(double[][] grads, double lr, double b1, double b2, double eps, double wd,
            boolean amsgrad, boolean decoupled) {
        double[] p = START.clone();
        int n = p.length;
        double[] m = new double[n];
        double[] v = new double[n];
        double[] vmax = new double[n];
        double[][] out = new double[grads.length][];
        for (int t = 1; t <= grads.length; t++) {
            double bc1 = 1 - Math.pow(b1, t);
            double bc2 = 1 - Math.pow(b2, t);
            for (int i = 0; i < n; i++) {
                double g = grads[t - 1][i];
                if (decoupled) {
                    p[i] *= 1 - lr * wd;
                } else {
                    g += wd * p[i];
                }
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                vmax[i] = Math.max(vmax[i], v[i]);
                double denom = Math.sqrt(amsgrad ? vmax[i] : v[i]) / Math.sqrt(bc2) + eps;
                p[i] -= lr / bc1 * m[i] / denom;
            }
            out[t - 1] = p.clone();
        }
        return out;
    }

    @Test
    void firstStepMovesEachCoordinateByAboutTheRate() {
        double[][] w = FixedGradients.run(Adam.create(0.01));
        // t = 1: m̂ = g and v̂ = g², so the step is η g / (|g| + ε) ≈ η sign(g).
        for (int i = 0; i < 3; i++) {
            double g = GRADS[0][i];
            assertEquals(START[i] - 0.01 * g / (Math.abs(g) + 1e-8), w[0][i], 1e-15);
        }
        assertTrajectory(reference(GRADS, 0.01, 0.9, 0.999, 1e-8, 0, false, false), w);
    }

    @Test
    void customBetasEpsAndWeightDecay() {
        Optimizer adam = Adam.builder().learningRate(0.1).beta1(0.8).beta2(0.9).eps(1e-3).weightDecay(0.2).build();
        assertTrajectory(reference(GRADS, 0.1, 0.8, 0.9, 1e-3, 0.2, false, false), FixedGradients.run(adam));
    }

    @Test
    void amsgradDividesByTheLargestSecondMoment() {
        Optimizer ams = Adam.builder().learningRate(0.1).beta2(0.99).amsgrad(true).build();
        double[][] w = FixedGradients.run(ams, START, SHRINKING);
        assertTrajectory(reference(SHRINKING, 0.1, 0.9, 0.99, 1e-8, 0, true, false), w);
        double[][] plain = FixedGradients.run(Adam.builder().learningRate(0.1).beta2(0.99).build(), START, SHRINKING);
        assertNotEquals(plain[1][0], w[1][0], 1e-6);
        // The third coordinate's v grows on step 2, so there the max is v itself and both agree.
        assertEquals(plain[1][2], w[1][2], 1e-15);
    }

    @Test
    void adamwDecaysTheParameterNotTheGradient() {
        Optimizer adamw = AdamW.builder().learningRate(0.1).weightDecay(0.5).build();
        double[][] w = FixedGradients.run(adamw);
        // t = 1: p ← p(1 − ηλ) − η sign(g)
        assertEquals(1 * (1 - 0.05) - 0.1 * 0.1 / (0.1 + 1e-8), w[0][0], 1e-15);
        assertTrajectory(reference(GRADS, 0.1, 0.9, 0.999, 1e-8, 0.5, false, true), w);
        double[][] coupled = FixedGradients.run(Adam.builder().learningRate(0.1).weightDecay(0.5).build());
        assertNotEquals(coupled[0][0], w[0][0], 1e-3);
    }

    @Test
    void adamwDefaultsToWeightDecayOneHundredth() {
        assertTrajectory(reference(GRADS, 0.001, 0.9, 0.999, 1e-8, 0.01, false, true),
                FixedGradients.run(AdamW.create(0.001)));
    }

    @Test
    void adamwWithAmsgrad() {
        Optimizer adamw = AdamW.builder().learningRate(0.1).beta2(0.99).weightDecay(0.1).amsgrad(true).build();
        assertTrajectory(reference(SHRINKING, 0.1, 0.9, 0.99, 1e-8, 0.1, true, true),
                FixedGradients.run(adamw, START, SHRINKING));
    }

    @Test
    void slotsHoldTheMomentsAndTheStepCount() {
        Optimizer adam = Adam.create(0.01);
        FixedGradients.run(adam);
        assertEquals(3, adam.state().get("adam.step").value().item());
        // m₃ = (1 − β₁)(β₁² g₁ + β₁ g₂ + g₃), first coordinate: 0.1 (0.081 − 0.36 + 0.3)
        assertEquals(0.0021, adam.state().get("adam.m.w").value().get(0), 1e-15);
        double v = 0.001 * (0.999 * 0.999 * 0.01 + 0.999 * 0.16 + 0.09);
        assertEquals(v, adam.state().get("adam.v.w").value().get(0), 1e-15);
    }
}
