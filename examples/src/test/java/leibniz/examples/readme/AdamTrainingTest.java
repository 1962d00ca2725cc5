package leibniz.examples.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import leibniz.autograd.Autograd;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.autograd.Program;
import leibniz.core.Tensor;
import leibniz.optim.Adam;
import leibniz.optim.Clipping;
import org.junit.jupiter.api.Test;

/** README, "Training": one program for forward, backward and an Adam update; a new rate without rebuilding. */
class AdamTrainingTest {
    @Test
    void theLoopLowersTheLossAndANewRateTakesEffectWithoutRebuilding() {
        Tensor teacher = Tensor.normal(9, 0, 0.05, 784, 10);
        Tensor[] xs = new Tensor[5];
        Tensor[] ys = new Tensor[5];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = Tensor.normal(10 + i, 0, 1, 64, 784);
            ys[i] = xs[i].matmul(teacher);
        }

        // The loss of the first batch at the snippet's initial weights, computed on tensors.
        double before = xs[0].matmul(Tensor.normal(0, 0, 0.1, 784, 10)).sub(ys[0]).square().mean().item();

        Parameter w = Parameter.of("w", Tensor.normal(0, 0, 0.1, 784, 10));
        Node x = Node.placeholder("x", 64, 784), y = Node.placeholder("y", 64, 10);
        Node loss = x.matmul(w.node()).sub(y).square().mean();
        List<Parameter> params = List.of(w);
        Adam adam = Adam.create(1e-3);
        List<Node> grads = Clipping.byGlobalNorm(Autograd.gradients(loss, params), 1.0);
        Program train = Program.of(List.of(loss), adam.step(params, grads));
        for (int i = 0; i < xs.length; i++) {
            double l = train.run(Map.of(x, xs[i], y, ys[i])).get(0).item();
        }
        adam.setLearningRate(1e-4);   // nothing is rebuilt

        double after = Program.of(loss).run(Map.of(x, xs[0], y, ys[0])).get(0).item();
        assertTrue(after < 0.9 * before, before + " -> " + after);
        assertEquals(1e-4, adam.learningRate());
        double stepAtNew = maxStep(train, w, Map.of(x, xs[1], y, ys[1]));
        adam.setLearningRate(1e-3);
        double stepAtOld = maxStep(train, w, Map.of(x, xs[2], y, ys[2]));
        // Adam's steps are about the learning rate per element: a tenth of the rate, about a tenth of the step.
        assertTrue(stepAtNew < 0.2 * stepAtOld, stepAtNew + " at 1e-4, " + stepAtOld + " at 1e-3");
    }

    /** The largest change of an element of {@code w} in one run of {@code train}. */
    private static double maxStep(Program train, Parameter w, Map<Node, Tensor> feeds) {
        Tensor before = w.value();
        train.run(feeds);
        return w.value().sub(before).abs().max().item();
    }
}
