package leibniz.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import java.util.Map;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.autograd.Program;
import leibniz.core.Tensor;

/** Runs an optimizer's step graph on one parameter {@code w}, feeding a fixed gradient per run. */
final class FixedGradients {
    static final double[] START = {1.0, -2.0, 0.5};
    static final double[][] GRADS = {{0.1, -0.2, 0.3}, {-0.4, 0.05, 0.2}, {0.3, 0.1, -0.5}};

    private FixedGradients() {
    }

    /** The value of w after each step, from {@link #START} with {@link #GRADS}. */
    static double[][] run(Optimizer optimizer) {
        return run(optimizer, START, GRADS);
    }

    static double[][] run(Optimizer optimizer, double[] start, double[][] grads) {
        Parameter w = Parameter.of("w", Tensor.vector(start));
        Node g = Node.placeholder("g", start.length);
        Program step = Program.of(List.of(), optimizer.step(List.of(w), List.of(g)));
        double[][] out = new double[grads.length][];
        for (int k = 0; k < grads.length; k++) {
            step.run(Map.of(g, Tensor.vector(grads[k])));
            out[k] = w.value().toArray();
        }
        return out;
    }

    static void assertTrajectory(double[][] expected, double[][] actual) {
        for (int k = 0; k < expected.length; k++) {
            assertArrayEquals(expected[k], actual[k], 1e-12, "after step " + (k + 1));
        }
    }
}
