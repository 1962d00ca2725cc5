package leibniz.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import leibniz.autograd.Autograd;
import leibniz.autograd.Node;
import leibniz.core.LinearAlgebra;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GP example's marginal likelihood and its gradient against closed forms computed here with plain
 * loops and a tensor inverse, and a seeded run that recovers the noise level.
 */
class GpExampleTest {
    @TempDir
    Path dir;

    /** The squared-exponential kernel matrix written out: σ_f² exp(−(xᵢ − xⱼ)²/2ℓ²). */
    private static double[][] se(double[] x, double length, double signal) {
        int n = x.length;
        double[][] k = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double d = x[i] - x[j];
                k[i][j] = signal * Math.exp(-d * d / (2 * length * length));
            }
        }
        return k;
    }

    /**
     * Rasmussen and Williams eq. 5.9: ∂/∂θ ln p(y | X, θ) = ½ tr((α αᵀ − K⁻¹) ∂K/∂θ), α = K⁻¹y, for θ = ln ℓ
     * (∂K/∂θ = K_se ⊙ D²/ℓ²), ln σ_f² (∂K/∂θ = K_se) and ln σ_n² (∂K/∂θ = σ_n² I); the example minimizes
     * −ln p, so its gradient is the negative of these.
     */
    @Test
    void marginalLikelihoodGradientMatchesEquationFiveNine() {
        Tensor[] xy = GpExample.data(25, 7);
        double[] x = xy[0].toArray();
        int n = x.length;
        double length = 0.9;
        double signal = 1.3;
        double noise = 0.05;
        double[][] kse = se(x, length, signal);
        double[] k = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                k[i * n + j] = kse[i][j] + (i == j ? noise : 0);
            }
        }
        Tensor kinv = LinearAlgebra.inv(Tensor.of(k, n, n));
        double[] alpha = kinv.matmul(xy[1]).toArray();
        double[] ki = kinv.toArray();
        double[] expected = new double[3];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double w = alpha[i] * alpha[j] - ki[i * n + j];
                double d = x[i] - x[j];
                // tr(W D) = Σᵢⱼ Wᵢⱼ Dⱼᵢ, and every ∂K/∂θ here is symmetric.
                expected[0] += w * kse[i][j] * d * d / (length * length);
                expected[1] += w * kse[i][j];
                expected[2] += i == j ? w * noise : 0;
            }
        }
        GpExample.Hyper h = GpExample.Hyper.of(length, signal, noise);
        Node nll = GpExample.negLogMarginalLikelihood(Node.constant(xy[0]), Node.constant(xy[1]), h);
        List<Node> grads = Autograd.gradients(nll, h.all());
        for (int t = 0; t < 3; t++) {
            double got = grads.get(t).value().item();
            double want = -0.5 * expected[t];
            assertEquals(want, got, 1e-10 * Math.max(1, Math.abs(want)), "hyperparameter " + t);
        }
        // The value itself: ½ yᵀα + ½ ln det K + (n/2) ln 2π.
        double fit = 0;
        double[] y = xy[1].toArray();
        for (int i = 0; i < n; i++) {
            fit += y[i] * alpha[i];
        }
        double logDet = LinearAlgebra.slogdet(Tensor.of(k, n, n)).get(1).item();
        assertEquals(0.5 * fit + 0.5 * logDet + 0.5 * n * Math.log(2 * Math.PI), nll.value().item(), 1e-10);
    }

    @Test
    void seededRunRecoversTheNoiseAndWritesThePosterior() throws IOException {
        Path out = dir.resolve("gp");
        Cli r = Cli.run("gp", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("fitted length-scale 0.8207, signal sd 0.6874, noise sd 0.1927"), r.out());
        assertTrue(Files.size(out.resolve("posterior.png")) > 10_000);
        assertTrue(Files.readString(out.resolve("metrics.json")).contains("\"noise_sd\""));
    }

    @Test
    void tooFewPointsAreAUsageError() {
        Cli r = Cli.run("gp", "--points", "1", "--out", dir.resolve("few").toString());
        assertEquals(2, r.status());
        assertTrue(r.message().contains("--points: must be at least 2, got 1"), r.err());
    }
}
