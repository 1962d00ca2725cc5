package leibniz.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;

/**
 * L-BFGS and Newton-CG never return quietly from a loss or gradient that is not finite: a start there is
 * refused, and a run that gets there stops, each with a sentence naming the iteration and what was not
 * finite, and leaves the parameters at the last finite point.
 */
class NonFiniteMinimizerTest {
    private static final List<Minimizer> BOTH = List.of(LBFGS.create(), NewtonCG.create());

    @Test
    void startingAtANaNIsRefused() {
        for (Minimizer m : BOTH) {
            Parameter x = Parameter.of("x", Tensor.vector(1, Double.NaN));
            Node loss = x.node().sub(2).square().sum();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> m.minimize(loss, List.of(x), 100, 1e-8));
            assertEquals(name(m) + ": the loss at the starting point (iteration 0) is NaN", e.getMessage());
            assertEquals(Tensor.vector(1, Double.NaN), x.value());
        }
    }

    @Test
    void aStartingPointWithAnInfiniteGradientIsRefused() {
        // d√w/dw = 1 / (2√w) is infinite at w = 0, where the loss itself is finite.
        for (Minimizer m : BOTH) {
            Parameter a = Parameter.of("a", Tensor.scalar(3));
            Parameter w = Parameter.of("w", Tensor.matrix(new double[][] {{1, 4}, {0, 9}}));
            Node loss = w.node().sqrt().sum().add(a.node().square());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> m.minimize(loss, List.of(a, w), 100, 1e-8));
            assertEquals(name(m) + ": the gradient at the starting point (iteration 0) is Infinity in w[1, 0]",
                    e.getMessage());
        }
    }

    @Test
    void aLossThatFallsToMinusInfinityStopsTheRun() {
        // log x from x = 1: the first step, of length 1 along −∇ = −1, lands on x = 0 where log x = −∞.
        for (Minimizer m : BOTH) {
            Parameter x = Parameter.of("x", Tensor.scalar(1));
            ArithmeticException e = assertThrows(ArithmeticException.class,
                    () -> m.minimize(x.node().log(), List.of(x), 100, 1e-8));
            assertEquals(name(m) + ": stopped at iteration 1: the loss became -Infinity; the parameters keep the "
                    + "last finite point (iteration 0)", e.getMessage());
            assertEquals(1.0, x.value().item());
        }
    }

    @Test
    void newtonCgStopsWhenTheHessianIsNotFinite() {
        // y + x^1.5 at x = 0: the gradient (1.5 √x, 1) = (0, 1) is finite, the curvature 0.75 / √x is not.
        Parameter x = Parameter.of("x", Tensor.scalar(0));
        Parameter y = Parameter.of("y", Tensor.scalar(2));
        Node loss = y.node().add(x.node().pow(1.5));
        ArithmeticException e = assertThrows(ArithmeticException.class,
                () -> NewtonCG.create().minimize(loss, List.of(x, y), 100, 1e-8));
        assertEquals("NewtonCG: stopped at iteration 1: the Hessian-vector product became NaN in x; the parameters "
                + "keep the last finite point (iteration 0)", e.getMessage());
        assertEquals(2.0, y.value().item());
    }

    private static String name(Minimizer m) {
        return m instanceof LBFGS ? "LBFGS" : "NewtonCG";
    }
}
