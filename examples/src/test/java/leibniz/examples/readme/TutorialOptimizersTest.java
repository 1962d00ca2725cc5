package leibniz.examples.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import leibniz.autograd.Assign;
import leibniz.autograd.Autograd;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.autograd.Program;
import leibniz.core.Tensor;
import leibniz.nn.Losses;
import leibniz.optim.Adam;
import leibniz.optim.Dataset;
import leibniz.optim.LBFGS;
import leibniz.optim.Minimizer;
import leibniz.optim.NewtonCG;
import leibniz.optim.Objective;
import leibniz.optim.Optimizer;
import leibniz.optim.Pass;
import leibniz.optim.RmsProp;
import leibniz.optim.Sgd;
import leibniz.optim.Trainer;
import org.junit.jupiter.api.Test;

/** README tutorial, step 6: gradient descent, mini-batches and adaptive rates, second-order methods. */
class TutorialOptimizersTest {
    @Test
    void gradientDescent() throws Exception {
        String printed = Console.capture(() -> {
            Parameter w = Parameter.of("w", Tensor.scalar(0));
            Node loss = w.node().sub(3).square();                         // L(w) = (w − 3)², lowest at w = 3
            Node grad = Autograd.grad(loss, w.node()).get(0);             // dL/dw = 2(w − 3)
            Assign update = new Assign(w, w.node().sub(grad.mul(0.1)));   // w ← w − η·dL/dw with η = 0.1
            Program step = Program.of(List.of(loss), List.of(update));    // loss, gradient and update in one graph
            for (int i = 0; i < 50; i++) step.run();
            System.out.printf("w = %.4f%n", w.value().item());           // w = 3.0000
        });
        assertEquals("w = 3.0000\n", printed);
    }

    @Test
    void miniBatchesAndAdaptiveRates() throws Exception {
        String printed = Console.capture(() -> {
            Tensor X = Tensor.normal(1, 0, 1, 256, 3);                    // 256 examples, 3 features
            Tensor Y = X.matmul(Tensor.vector(1, -2, 0.5).reshape(3, 1)).add(Tensor.normal(2, 0, 0.1, 256, 1));  // + noise
            Dataset data = Dataset.of(X, Y);
            for (Optimizer opt : List.of(Sgd.create(0.05), RmsProp.create(0.02), Adam.create(0.05))) {
                Parameter w = Parameter.of("w", Tensor.zeros(3, 1));
                Objective fit = (x, y, training) -> Pass.of(Losses.mse(x.matmul(w.node()), y), x.matmul(w.node()));
                Trainer trainer = Trainer.builder().parameters(Map.of("w", w)).objective(fit).optimizer(opt)
                        .epochs(5).batchSize(16).seed(1).quiet().build();    // 16 steps per epoch
                double loss = trainer.fit(data).last().loss();
                System.out.printf("%-7s loss %.4f, w = %s%n", opt.getClass().getSimpleName(), loss,
                        w.value().reshape(3).map(v -> Math.round(v * 100) / 100.0));
            }
            // Sgd     loss 0.0092, w = Tensor[3] [1.01, -2.01, 0.51]
            // RmsProp loss 0.0173, w = Tensor[3] [1.01, -1.95, 0.5]
            // Adam    loss 0.0102, w = Tensor[3] [1.0, -2.04, 0.51]
        });
        assertEquals("""
                Sgd     loss 0.0092, w = Tensor[3] [1.01, -2.01, 0.51]
                RmsProp loss 0.0173, w = Tensor[3] [1.01, -1.95, 0.5]
                Adam    loss 0.0102, w = Tensor[3] [1.0, -2.04, 0.51]
                """, printed);
    }

    @Test
    void secondOrder() throws Exception {
        Tensor X = Tensor.normal(1, 0, 1, 256, 3);                    // 256 examples, 3 features
        Tensor Y = X.matmul(Tensor.vector(1, -2, 0.5).reshape(3, 1)).add(Tensor.normal(2, 0, 0.1, 256, 1));  // + noise
        // The least-squares solution, independently: the normal equations XᵀX w = XᵀY by Cramer's rule.
        Tensor best = leastSquares(X, Y);
        String printed = Console.capture(() -> {
            Parameter w = Parameter.of("w", Tensor.zeros(3, 1));
            Node loss = Losses.mse(Node.constant(X).matmul(w.node()), Node.constant(Y));   // all 256 at once
            Minimizer.Result r = LBFGS.create().minimize(loss, List.of(w), 100, 1e-10);
            w.set(Tensor.zeros(3, 1));
            Minimizer.Result n = NewtonCG.create().minimize(loss, List.of(w), 100, 1e-10);
            System.out.printf("L-BFGS %d, Newton-CG %d iterations, loss %.4f%n", r.iterations(), n.iterations(), n.loss());
            // L-BFGS 6, Newton-CG 5 iterations, loss 0.0091

            assertTrue(r.converged() && n.converged());
            assertEquals(r.loss(), n.loss(), 1e-12);

            assertTrue(w.value().allClose(best, 1e-8), w.value() + " vs " + best);
        });
        assertEquals("L-BFGS 6, Newton-CG 5 iterations, loss 0.0091\n", printed);
    }

    private static Tensor leastSquares(Tensor x, Tensor y) {
        double[][] a = rows(x.matmul(x, true, false));
        double[] b = x.matmul(y, true, false).toArray();
        double det = det(a);
        double[] w = new double[3];
        for (int k = 0; k < 3; k++) {
            double[][] ak = new double[3][];
            for (int i = 0; i < 3; i++) {
                ak[i] = a[i].clone();
                ak[i][k] = b[i];
            }
            w[k] = det(ak) / det;
        }
        return Tensor.of(w, 3, 1);
    }

    private static double[][] rows(Tensor m) {
        double[] v = m.toArray();
        return new double[][] {{v[0], v[1], v[2]}, {v[3], v[4], v[5]}, {v[6], v[7], v[8]}};
    }

    private static double det(double[][] m) {
        return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
    }
}
