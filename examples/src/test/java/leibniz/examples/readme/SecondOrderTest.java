package leibniz.examples.readme;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.core.Tensor;
import leibniz.optim.LBFGS;
import leibniz.optim.Minimizer;
import leibniz.optim.NewtonCG;
import org.junit.jupiter.api.Test;

/** README, "Training": the full-batch second-order minimizers on a least-squares problem. */
class SecondOrderTest {
    @Test
    void bothMinimizersReachTheLeastSquaresSolution() {
        Tensor truth = Tensor.normal(1, 0, 1, 5, 2);
        Tensor X = Tensor.normal(2, 0, 1, 40, 5);
        Tensor Y = X.matmul(truth);
        Parameter w = Parameter.of("w", Tensor.zeros(5, 2));
        List<Parameter> params = List.of(w);
        Node x = Node.placeholder("x", 40, 5), y = Node.placeholder("y", 40, 2);
        Node loss = x.matmul(w.node()).sub(y).square().mean();

        Minimizer.Result r = LBFGS.create().minimize(loss, params, Map.of(x, X, y, Y), 200, 1e-8);
        // r.iterations(), r.loss(), r.gradientNorm(); the parameters now hold the solution
        Minimizer.Result n = NewtonCG.builder().damping(1e-4).build().minimize(loss, params, Map.of(x, X, y, Y), 50, 1e-8);

        assertTrue(r.converged() && r.gradientNorm() <= 1e-8 && r.iterations() <= 200, r.toString());
        assertTrue(r.loss() < 1e-15, r.toString());
        assertTrue(n.converged(), n.toString());
        assertTrue(w.value().allClose(truth, 1e-7), w.value().toString());

        w.set(Tensor.zeros(5, 2));
        Minimizer.Result fromZero = NewtonCG.builder().damping(1e-4).build()
                .minimize(loss, params, Map.of(x, X, y, Y), 50, 1e-8);
        assertTrue(fromZero.converged() && fromZero.iterations() < 50, fromZero.toString());
        assertTrue(w.value().allClose(truth, 1e-7), w.value().toString());
    }
}
