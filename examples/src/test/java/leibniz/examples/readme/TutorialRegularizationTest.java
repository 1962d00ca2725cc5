package leibniz.examples.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import leibniz.autograd.Autograd;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.autograd.Program;
import leibniz.core.Tensor;
import leibniz.nn.Losses;
import leibniz.nn.Regularizers;
import leibniz.optim.Sgd;
import org.junit.jupiter.api.Test;

/** README tutorial, step 8: L1 and L2 penalties and their effect on the weights. */
class TutorialRegularizationTest {
    @Test
    void penaltiesShrinkTheWeights() throws Exception {
        String printed = Console.capture(() -> {
            Tensor X = Tensor.normal(3, 0, 1, 40, 4);                    // 40 examples, 4 features, 2 of them useless
            Tensor Y = X.matmul(Tensor.vector(2, -1, 0, 0).reshape(4, 1)).add(Tensor.normal(4, 0, 0.5, 40, 1));
            for (String penalty : List.of("none", "L2", "L1")) {
                Parameter w = Parameter.of("w", Tensor.zeros(4, 1));
                Node loss = Losses.mse(Node.constant(X).matmul(w.node()), Node.constant(Y));
                if (penalty.equals("L2")) loss = loss.add(Regularizers.l2(0.4, List.of(w)));   // + 0.4 Σ w²
                if (penalty.equals("L1")) loss = loss.add(Regularizers.l1(0.4, List.of(w)));   // + 0.4 Σ |w|
                List<Node> grads = Autograd.gradients(loss, List.of(w));
                Program step = Program.of(List.of(loss), Sgd.create(0.01).step(List.of(w), grads));
                for (int i = 0; i < 1000; i++) step.run();
                System.out.println(penalty + " " + w.value().reshape(4).map(v -> Math.round(v * 100) / 100.0));
            }
            // none Tensor[4] [2.05, -0.86, -0.01, -0.16]
            // L2 Tensor[4] [1.55, -0.77, -0.03, -0.07]
            // L1 Tensor[4] [1.91, -0.73, 0.0, 0.0]
        });
        assertEquals("""
                none Tensor[4] [2.05, -0.86, -0.01, -0.16]
                L2 Tensor[4] [1.55, -0.77, -0.03, -0.07]
                L1 Tensor[4] [1.91, -0.73, 0.0, 0.0]
                """, printed);
        // The effect in closed form, on the loss Σ (w − p)² whose unpenalized minimum is p: with λ Σ w² the
        // minimum is p / (1 + λ), every weight shrunk by one factor; with λ Σ |w| it is p moved λ/2 towards 0
        // and stopped there (soft thresholding), so small weights become exactly 0.
        Tensor p = Tensor.vector(3, -1, 0.1, -0.1);
        assertTrue(fit(p, "L2").allClose(p.mul(1 / 1.4), 1e-9));
        assertTrue(fit(p, "L1").allClose(Tensor.vector(2.8, -0.8, 0, 0), 0.005), "within one step of 0");
    }

    /** Gradient descent on {@code Σ (w − p)²} plus the penalty with λ = 0.4. */
    private static Tensor fit(Tensor p, String penalty) {
        Parameter w = Parameter.of("w", Tensor.zeros(4));
        Node loss = w.node().sub(Node.constant(p)).square().sum();
        loss = loss.add(penalty.equals("L2") ? Regularizers.l2(0.4, List.of(w)) : Regularizers.l1(0.4, List.of(w)));
        Program step = Program.of(List.of(loss), Sgd.create(0.01).step(List.of(w), Autograd.gradients(loss, List.of(w))));
        for (int i = 0; i < 3000; i++) {
            step.run();
        }
        return w.value();
    }
}
