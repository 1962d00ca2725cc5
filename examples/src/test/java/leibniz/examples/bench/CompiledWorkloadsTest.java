package leibniz.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import leibniz.autograd.Autograd;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.autograd.Program;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The issue's measures of compilation: the W1 training step, the W4 Hessian-vector product and the README's
 * {@code Autograd.hessian} example shrink, keep exactly the matrix products they need, and keep no gradient
 * marker (nothing in them needs stabilizing).
 */
class CompiledWorkloadsTest {
    private static final Program.Options AS_WRITTEN = Program.Options.defaults().uncompiled();

    private static long steps(Program p, String op) {
        return p.explain().lines().filter(l -> l.matches("\\s+%\\d+ = " + op + "\\(.*")).count();
    }

    /** Compiled is smaller than as written by at least {@code fraction}, and has no gradient markers. */
    private static void shrinks(Program compiled, Program asWritten, double fraction) {
        assertTrue(compiled.size() <= (1 - fraction) * asWritten.size(), compiled + " vs " + asWritten);
        assertEquals(0, steps(compiled, "gradient"), compiled::explain);
        assertTrue(steps(asWritten, "gradient") > 0);
    }

    @Test
    void theTrainingStepShrinksAndKeepsItsEightProducts() {
        GraphMlp mlp = new GraphMlp();
        Program step = mlp.trainStep();
        shrinks(step, Program.of(step.outputs(), step.updates(), AS_WRITTEN), 0.2);
        assertEquals(8, steps(step, "matmul"));   // 3 forward, 3 weight gradients, 2 input gradients
        assertEquals(0, steps(step, "broadcastTo"));
    }

    @Test
    void theHessianVectorProductShrinks() {
        GraphMlp mlp = new GraphMlp();
        int[] s = Workloads.SIZES;
        Program hvp = mlp.hvp(Tensor.of(Workloads.direction(), s[0], s[1]));
        shrinks(hvp, Program.of(hvp.outputs(), List.of(), AS_WRITTEN), 0.2);
    }

    @Test
    void theReadmeHessianShrinksByHalf() {
        Node x = Parameter.of("x", Tensor.vector(1, 2)).node();
        Node f = x.pow(3).sum().add(x.mul(x).sum().square());
        Node h = Autograd.hessian(f, x);
        Program compiled = Program.of(h);
        // Forward over reverse: the Hessian is the tangent of the gradient, a graph with no marker to drop.
        assertTrue(compiled.size() <= 0.5 * Program.of(List.of(h), List.of(), AS_WRITTEN).size(), compiled::explain);
        assertEquals(0, steps(compiled, "gradient"), compiled::explain);
        assertTrue(compiled.run().get(0).allClose(Tensor.matrix(new double[][] {{34, 16}, {16, 64}}), 1e-12));
    }
}
