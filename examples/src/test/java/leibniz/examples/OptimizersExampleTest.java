package leibniz.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import leibniz.core.Tensor;
import leibniz.optim.Adam;
import leibniz.optim.Sgd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The optimizer comparison on a smaller problem: who reaches the tolerance, and in how many iterations. */
class OptimizersExampleTest {
    @TempDir
    Path dir;

    @Test
    void secondOrderMethodsNeedFarFewerIterationsThanGradientDescent() throws IOException {
        Path out = dir.resolve("optimizers");
        Cli r = Cli.run("optimizers", "--samples", "400", "--features", "10", "--max-iterations", "5000",
                "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("method             iterations  evaluations"), r.out());
        Map<String, Map<String, Object>> runs = new HashMap<>();
        for (Object o : RunOutputs.list(RunOutputs.metrics(out).get("runs"))) {
            Map<String, Object> run = RunOutputs.object(o);
            runs.put((String) run.get("method"), run);
        }
        double gd = iterationsToTolerance(runs.get("gradient descent"));
        double adam = iterationsToTolerance(runs.get("Adam"));
        double lbfgs = iterationsToTolerance(runs.get("L-BFGS"));
        double newton = iterationsToTolerance(runs.get("Newton-CG"));
        assertTrue(lbfgs * 10 < gd && newton * 50 < gd, "GD " + gd + ", L-BFGS " + lbfgs + ", Newton-CG " + newton);
        assertTrue(newton < lbfgs && lbfgs < adam, "Adam " + adam + ", L-BFGS " + lbfgs + ", Newton-CG " + newton);
        // Constant-step SGD stalls at its noise floor, far above the tolerance.
        Map<String, Object> sgd = runs.get("SGD (batch 50)");
        assertEquals(Boolean.FALSE, sgd.get("converged"));
        assertTrue((Double) sgd.get("gradient_norm") > 1e-4);
        for (String method : List.of("gradient descent", "Adam", "L-BFGS", "Newton-CG")) {
            assertTrue((Double) runs.get(method).get("gap") < 1e-9, method);
        }
        RunOutputs.assertPng(out.resolve("loss.png"), Plots.WIDTH, Plots.HEIGHT);
    }

    private static double iterationsToTolerance(Map<String, Object> run) {
        assertEquals(Boolean.TRUE, run.get("converged"), run.get("method").toString());
        return ((Number) run.get("iterations")).doubleValue();
    }

    @Test
    void gradientDescentWithStepOneOverLNeverIncreasesTheLoss() {
        LogisticProblem p = LogisticProblem.generate(200, 5, 0.9, 1e-3, 7);
        OptimizersExample.Run gd = OptimizersExample.firstOrder("gd", Sgd.create(1 / p.smoothness()), p, 200, 300,
                1e-12, 7);
        double[] f = gd.curveLoss();
        for (int k = 1; k < f.length; k++) {
            assertTrue(f[k] <= f[k - 1], "iteration " + k + ": " + f[k - 1] + " -> " + f[k]);
        }
        // The descent lemma: with step 1/L every step lowers f by at least ‖∇f‖²/2L, so the loss falls steadily.
        assertTrue(f[f.length - 1] < f[0] - 0.01);
    }

    @Test
    void smoothnessBoundsTheCurvatureOfTheLoss() {
        // L is the largest eigenvalue of X̃ᵀX̃/4n + λI, so its Rayleigh quotient along any unit vector stays
        // below L; along (1, 1, 1, 1, 0)/2, near the top eigenvector of equicorrelated features, it comes close.
        LogisticProblem p = LogisticProblem.generate(300, 4, 0.5, 1e-3, 3);
        double l = p.smoothness();
        Tensor x = p.features();
        Tensor ones = Tensor.ones(1, 4);
        double along = x.matmul(ones, false, true).square().sum().item() / (4.0 * 300 * 4) + 1e-3;
        assertTrue(along <= l && along > 0.5 * l, "Rayleigh quotient " + along + " vs L " + l);
    }

    @Test
    void adamFromTheCommonStartReachesTheTolerance() {
        LogisticProblem p = LogisticProblem.generate(200, 5, 0.5, 1e-3, 11);
        OptimizersExample.Run r = OptimizersExample.firstOrder("adam", Adam.create(0.01), p, 200, 5000, 1e-6, 11);
        assertTrue(r.converged(), "gradient norm " + r.gradientNorm());
        assertEquals(r.iterations() + 1, r.evaluations());
    }
}
