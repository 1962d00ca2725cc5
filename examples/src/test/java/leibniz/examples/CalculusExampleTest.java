package leibniz.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import leibniz.autograd.Node;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every derivative the calculus example prints, against its closed form to 1e-10, and the run's outputs. */
class CalculusExampleTest {
    private static final double[] XS = {-2.5, -1.5, -0.3, 0, 0.5, 1.0, 2.0, 3.0};

    @TempDir
    Path dir;

    @Test
    void fourDerivativesOfSinTimesGaussianMatchTheLeibnizRule() {
        double[][] d = CalculusExample.derivatives(x -> x.sin().mul(x.square().mul(-0.5).exp()), XS, 4);
        for (int i = 0; i < XS.length; i++) {
            assertEquals(ClosedForms.sinGauss(XS[i]), d[0][i], 1e-15);
            for (int n = 1; n <= 4; n++) {
                assertEquals(ClosedForms.sinGaussDerivative(n, XS[i]), d[n][i], 1e-10, "order " + n + " at " + XS[i]);
            }
        }
    }

    @Test
    void theLeibnizRuleAgreesWithTheDerivativesWrittenOut() {
        // An independent check of the closed form itself: f' and f'' expanded by hand.
        for (double x : XS) {
            double e = Math.exp(-x * x / 2);
            assertEquals(e * (Math.cos(x) - x * Math.sin(x)), ClosedForms.sinGaussDerivative(1, x), 1e-14);
            assertEquals(e * ((x * x - 2) * Math.sin(x) - 2 * x * Math.cos(x)), ClosedForms.sinGaussDerivative(2, x),
                    1e-14);
        }
        assertEquals(-2, ClosedForms.hermite(4, 1), 0); // He₄(x) = x⁴ − 6x² + 3
        assertEquals(2, ClosedForms.hermite(3, 2), 0); // He₃(x) = x³ − 3x
    }

    @Test
    void fourDerivativesOfTanhMatchThePolynomialsInTanh() {
        double[][] d = CalculusExample.derivatives(Node::tanh, XS, 4);
        for (int i = 0; i < XS.length; i++) {
            for (int n = 0; n <= 4; n++) {
                assertEquals(ClosedForms.tanhDerivative(n, XS[i]), d[n][i], 1e-10, "order " + n + " at " + XS[i]);
            }
        }
    }

    @Test
    void rosenbrockHessianAndHessianVectorProductMatchTheClosedForm() {
        double[] at = CalculusExample.ROSENBROCK_AT;
        double[][] h = CalculusExample.rosenbrockHessian(at);
        double[][] exact = ClosedForms.rosenbrockHessian(at);
        for (int i = 0; i < at.length; i++) {
            for (int j = 0; j < at.length; j++) {
                assertEquals(exact[i][j], h[i][j], 1e-10, "H[" + i + "][" + j + "]");
            }
        }
        assertEquals(ClosedForms.rosenbrock(at),
                CalculusExample.rosenbrock(Node.constant(Tensor.vector(at))).value().item(), 1e-12);
        double[] v = CalculusExample.DIRECTION;
        double[] hv = CalculusExample.rosenbrockHvp(at, v);
        for (int i = 0; i < at.length; i++) {
            double expected = 0;
            for (int j = 0; j < at.length; j++) {
                expected += exact[i][j] * v[j];
            }
            assertEquals(expected, hv[i], 1e-10);
        }
    }

    @Test
    void lennardJonesForcesAreTheNegatedGradientOfThePotential() {
        Tensor x = LennardJones.hexagon(0.1, new SplittableRandom(5));
        List<Tensor> uf = new LennardJones(7, 2).evaluate(x);
        double[][] positions = new double[7][];
        for (int i = 0; i < 7; i++) {
            positions[i] = x.slice(0, i, i + 1).toArray();
        }
        double[][] exact = ClosedForms.lennardJonesForces(positions);
        for (int i = 0; i < 7; i++) {
            for (int k = 0; k < 2; k++) {
                assertEquals(exact[i][k], uf.get(1).get(i, k), 1e-10);
            }
        }
        assertEquals(ClosedForms.lennardJonesEnergy(positions), uf.get(0).item(), 1e-10);
        // A pair at 2^(1/6) sits at the bottom of the well: energy −1, no force.
        List<Tensor> pair = new LennardJones(2, 2).evaluate(Tensor.matrix(new double[][] {{0, 0},
                {LennardJones.SPACING, 0}}));
        assertEquals(-1, pair.get(0).item(), 1e-12);
        assertEquals(0, pair.get(1).abs().max().item(), 1e-12);
    }

    @Test
    void theRunConservesEnergyWithVerletAndExportsTheGraph() throws IOException {
        Path out = dir.resolve("calculus");
        Cli r = Cli.run("calculus", "--steps", "1000", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        Map<String, Object> m = RunOutputs.metrics(out);
        assertTrue(RunOutputs.number(m, "sin_gauss", "max_error") < 1e-10);
        assertTrue(RunOutputs.number(m, "tanh", "max_error") < 1e-10);
        assertTrue(RunOutputs.number(m, "rosenbrock", "hessian_max_error") < 1e-10);
        assertTrue(RunOutputs.number(m, "lennard_jones", "force_max_error") < 1e-10);
        double verlet = RunOutputs.number(m, "lennard_jones", "verlet_relative_drift");
        double euler = RunOutputs.number(m, "lennard_jones", "euler_relative_drift");
        assertTrue(verlet < 1e-3 && euler > 100 * verlet, "drift: Verlet " + verlet + ", Euler " + euler);
        String dot = Files.readString(out.resolve("graph.dot"), StandardCharsets.UTF_8);
        assertTrue(dot.startsWith("digraph leibniz {") && dot.contains("cluster_gradient")
                && dot.contains("placeholder 'x'") && dot.contains("sin"), dot);
        RunOutputs.assertPng(out.resolve("energy.png"), Plots.WIDTH, Plots.HEIGHT);
    }
}
