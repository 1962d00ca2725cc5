package leibniz.examples.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import leibniz.autograd.Assign;
import leibniz.autograd.Autograd;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.autograd.Program;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import leibniz.nn.Initializer;
import leibniz.nn.Initializers;
import leibniz.nn.Losses;
import leibniz.optim.Dataset;
import leibniz.optim.History;
import leibniz.optim.Objective;
import leibniz.optim.Pass;
import leibniz.optim.Schedules;
import leibniz.optim.Sgd;
import leibniz.optim.Trainer;
import org.junit.jupiter.api.Test;

/** README tutorial, step 9: initialization, the learning rate, and learning-rate and batch-size schedules. */
class TutorialPracticeTest {
    @Test
    void initialization() throws Exception {
        String printed = Console.capture(() -> {
            var rng = new SplittableRandom(0);
            for (Initializer init : List.of(Initializers.normal(0, 0.01), Initializers.normal(0, 1),
                                            Initializers.kaimingNormal())) {     // He: std √(2 / 256)
                Tensor h = Tensor.normal(1, 0, 1, 64, 256);                 // a batch of inputs, std 1
                for (int layer = 0; layer < 10; layer++) {                  // 10 ReLU layers of 256 units
                    h = h.matmul(init.init(Shape.of(256, 256), 256, 256, rng)).relu();
                }
                System.out.printf("%.2g  ", h.variance().sqrt().item());    // the std after 10 layers
            }
            // 2.8e-10  3.1e+10  1.0
        });
        assertEquals("2.8e-10  3.1e+10  1.0", printed.strip());
        double he = Math.sqrt(2.0 / 256);
        Tensor w = Initializers.kaimingNormal().init(Shape.of(256, 256), 256, 256, new SplittableRandom(1));
        assertEquals(he, w.variance().sqrt().item(), 0.02 * he);
    }

    @Test
    void learningRate() throws Exception {
        String printed = Console.capture(() -> {
            for (double rate : new double[] {0.01, 0.1, 0.9, 1.1}) {
                Parameter w = Parameter.of("w", Tensor.scalar(0));
                Node grad = Autograd.grad(w.node().sub(3).square(), w.node()).get(0);
                Program step = Program.of(List.of(grad), List.of(new Assign(w, w.node().sub(grad.mul(rate)))));
                for (int i = 0; i < 20; i++) step.run();
                System.out.printf("%.3f  ", w.value().item());
            }
            // 0.997  2.965  2.965  -112.013
        });
        assertEquals("0.997  2.965  2.965  -112.013", printed.strip());
        // Each step multiplies the distance to 3 by (1 − 2η): 0.98, 0.8, −0.8, −1.2.
        assertEquals(3 - 3 * Math.pow(-1.2, 20), -112.013, 5e-4);
    }

    @Test
    void schedules() throws Exception {
        Tensor X = Tensor.normal(1, 0, 1, 256, 3);                    // 256 examples, 3 features
        Tensor Y = X.matmul(Tensor.vector(1, -2, 0.5).reshape(3, 1)).add(Tensor.normal(2, 0, 0.1, 256, 1));  // + noise
        Dataset data = Dataset.of(X, Y);
        String printed = Console.capture(() -> {
            Parameter w = Parameter.of("w", Tensor.zeros(3, 1));
            Objective fit = (x, y, training) -> Pass.of(Losses.mse(x.matmul(w.node()), y), x.matmul(w.node()));
            History history = Trainer.builder().parameters(Map.of("w", w)).objective(fit).optimizer(Sgd.create(0.1))
                    .epochs(6).batchSize(8).seed(1).quiet()
                    .learningRateSchedule(Schedules.stepDecay(2, 0.5))        // halve the rate every 2 epochs
                    .batchSizeSchedule(Schedules.growByEpochs(2, 4, 128))     // 4x the batch every 2 epochs
                    .build().fit(data);
            System.out.println(Arrays.toString(history.series("lr")));          // [0.1, 0.1, 0.05, 0.05, 0.025, 0.025]
            System.out.println(Arrays.toString(history.series("batch_size")));  // [8.0, 8.0, 32.0, 32.0, 128.0, 128.0]
        });
        assertEquals("[0.1, 0.1, 0.05, 0.05, 0.025, 0.025]\n[8.0, 8.0, 32.0, 32.0, 128.0, 128.0]\n", printed);
    }
}
