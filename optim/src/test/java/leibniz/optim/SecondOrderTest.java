package leibniz.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import leibniz.autograd.Autograd;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.autograd.Program;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Newton-CG and L-BFGS: far fewer iterations than gradient descent on an ill-conditioned quadratic, the
 * Rosenbrock valley, placeholders fed through the feed map, and the parameters left at the solution.
 * Iteration budgets are the measured counts (in comments) with a little slack.
 */
class SecondOrderTest {
    private static final double TOLERANCE = 1e-6;

    @Test
    void gradientDescentNeedsThousandsOfStepsOnTheIllConditionedQuadratic() {
        Parameter x = Parameter.of("x", Tensor.zeros(Landscapes.ILL_SIZE));
        Node loss = Landscapes.illConditioned(x);
        Node g = Autograd.gradients(loss, List.of(x)).get(0);
        // The best constant rate for eigenvalues in [1, 1000] is 2 / (1 + 1000).
        Program train = Program.of(List.of(g.square().sum().sqrt()), Sgd.create(2 / 1001.0).step(List.of(x), List.of(g)));
        int steps = 0;
        while (train.run().get(0).item() > TOLERANCE && steps < 20_000) {
            steps++;
        }
        assertTrue(steps > 1000 && steps < 12_000, "gradient descent needed " + steps + " steps"); // 9686
    }

    @Test
    void lbfgsSolvesTheIllConditionedQuadraticInUnderOneHundredIterations() {
        Parameter x = Parameter.of("x", Tensor.zeros(Landscapes.ILL_SIZE));
        Minimizer.Result r = LBFGS.create().minimize(Landscapes.illConditioned(x), List.of(x), 1000, TOLERANCE);
        assertTrue(r.converged());
        assertTrue(r.iterations() < 100, "L-BFGS needed " + r.iterations()); // 84
        assertTrue(r.gradientNorm() <= TOLERANCE);
        // ‖x − c‖ ≤ ‖∇f‖ / λ_min = 1e-6
        assertArrayEquals(Landscapes.illSolution(), x.value().toArray(), TOLERANCE);
    }

    @Test
    void newtonCgSolvesTheIllConditionedQuadraticInAFewIterations() {
        Parameter x = Parameter.of("x", Tensor.zeros(Landscapes.ILL_SIZE));
        Minimizer.Result r = NewtonCG.create().minimize(Landscapes.illConditioned(x), List.of(x), 100, TOLERANCE);
        assertTrue(r.converged());
        assertTrue(r.iterations() <= 12, "Newton-CG needed " + r.iterations()); // 9
        // ‖x − c‖ ≤ ‖∇f‖ / λ_min = 1e-6
        assertArrayEquals(Landscapes.illSolution(), x.value().toArray(), TOLERANCE);
    }

    @Test
    void lbfgsFollowsTheRosenbrockValley() {
        Parameter a = Parameter.of("a", Tensor.scalar(-1.2));
        Parameter b = Parameter.of("b", Tensor.scalar(1));
        Minimizer.Result r = LBFGS.create().minimize(Landscapes.rosenbrock(a, b), List.of(a, b), 200, 1e-8);
        assertTrue(r.converged());
        assertTrue(r.iterations() <= 45, "L-BFGS needed " + r.iterations()); // 37
        assertEquals(1, a.value().item(), 1e-8);
        assertEquals(1, b.value().item(), 1e-8);
        assertTrue(r.loss() < 1e-16);
    }

    @Test
    void newtonCgFollowsTheRosenbrockValley() {
        Parameter a = Parameter.of("a", Tensor.scalar(-1.2));
        Parameter b = Parameter.of("b", Tensor.scalar(1));
        Minimizer.Result r = NewtonCG.create().minimize(Landscapes.rosenbrock(a, b), List.of(a, b), 200, 1e-8);
        assertTrue(r.converged());
        assertTrue(r.iterations() <= 80, "Newton-CG needed " + r.iterations()); // 64
        assertEquals(1, a.value().item(), 1e-8);
        assertEquals(1, b.value().item(), 1e-8);
    }

    @Test
    void dampingAndShortHistoryStillConverge() {
        Parameter x = Parameter.of("x", Tensor.zeros(4));
        Minimizer.Result r = NewtonCG.builder().damping(0.1).maxCgIterations(2).build()
                .minimize(Landscapes.quadratic(x), List.of(x), 200, 1e-10);
        assertTrue(r.converged());
        assertArrayEquals(new double[] {1, -1, 2, 0.5}, x.value().toArray(), 1e-10);
        x.set(Tensor.zeros(4));
        r = LBFGS.create(1).minimize(Landscapes.quadratic(x), List.of(x), 200, 1e-10);
        assertTrue(r.converged());
        assertArrayEquals(new double[] {1, -1, 2, 0.5}, x.value().toArray(), 1e-10);
    }

    @Test
    void leastSquaresWithFedDataMatchesTheNormalEquations() {
        Node features = Node.placeholder("X", 4, 2);
        Node targets = Node.placeholder("y", 4);
        Map<Node, Tensor> feeds = Map.of(features, Tensor.matrix(new double[][] {{1, 0}, {1, 1}, {1, 2}, {1, 3}}),
                targets, Tensor.vector(1, 3, 4, 8));
        // XᵀX = [[4, 6], [6, 14]], Xᵀy = (16, 35): w = (XᵀX)⁻¹ Xᵀy = (14·16 − 6·35, 4·35 − 6·16) / 20
        double[] expected = {(14 * 16 - 6 * 35) / 20.0, (4 * 35 - 6 * 16) / 20.0};
        for (Minimizer m : List.of(LBFGS.create(), NewtonCG.create())) {
            Parameter w = Parameter.of("w", Tensor.zeros(2));
            Node loss = features.matmul(w.node()).sub(targets).square().sum();
            Minimizer.Result r = m.minimize(loss, List.of(w), feeds, 50, 1e-9);
            assertTrue(r.converged(), m + " did not converge");
            assertArrayEquals(expected, w.value().toArray(), 1e-9);
            assertEquals(Program.of(loss).run(feeds).get(0).item(), r.loss(), 1e-12);
        }
    }

    @Test
    void stopsAtTheIterationLimitWithTheParametersAtTheReportedLoss() {
        Parameter a = Parameter.of("a", Tensor.scalar(-1.2));
        Parameter b = Parameter.of("b", Tensor.scalar(1));
        Node loss = Landscapes.rosenbrock(a, b);
        for (Minimizer m : List.of(LBFGS.create(), NewtonCG.create())) {
            a.set(Tensor.scalar(-1.2));
            b.set(Tensor.scalar(1));
            Minimizer.Result r = m.minimize(loss, List.of(a, b), 5, 1e-8);
            assertFalse(r.converged());
            assertEquals(5, r.iterations());
            assertTrue(r.loss() < 24.2);
            assertEquals(loss.value().item(), r.loss(), 0);
            assertTrue(r.evaluations() >= 6);
        }
    }

    @Test
    void startingAtTheMinimumTakesNoIteration() {
        Parameter x = Parameter.of("x", Tensor.vector(1, -1, 2, 0.5));
        Minimizer.Result r = LBFGS.create().minimize(Landscapes.quadratic(x), List.of(x), 10, 1e-12);
        assertEquals(new Minimizer.Result(0, 0, 0, 1, true), r);
    }
}
