package leibniz.nn.debugging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Random;
import leibniz.autograd.Autograd;
import leibniz.autograd.Node;
import leibniz.autograd.NonFiniteException;
import leibniz.autograd.Parameter;
import leibniz.autograd.Program;
import leibniz.core.Tensor;
import leibniz.nn.LSTM;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Debug mode ({@code -Dleibniz.debug=true}, set for classes named *DebugModeTest) through a recurrent layer that
 * runs on a scan: a value that goes wrong inside the cell is reported at the op in the cell, with the line that
 * built the layer and the step of the loop. This class sits outside Leibniz's packages, as a user's code does.
 */
class RecurrentDebugModeTest {
    @Test
    void anOverflowInsideAnLstmCellNamesTheOpInTheCellAndTheStep() {
        // Run alone by -Dtest=..., this class is in a JVM without debug mode: nothing to check there.
        Assumptions.assumeTrue(Program.Options.defaults().debug(), "needs -Dleibniz.debug=true");
        LSTM lstm = LSTM.create(2, 4, new Random(1));
        Map<String, Parameter> p = lstm.parameters();
        // Saturated gates make h = tanh(1) ≈ 0.76 after step 0; then h W_hhᵀ sums four products of 1e308.
        p.get("weight_ih_l0").set(Tensor.full(leibniz.core.Shape.of(16, 2), 100));
        p.get("weight_hh_l0").set(Tensor.full(leibniz.core.Shape.of(16, 4), 1e308));
        Node x = Node.placeholder("x", 1, 3, 2);
        Node loss = lstm.forward(x).sum(); int built = new Throwable().getStackTrace()[0].getLineNumber();
        Node dw = Autograd.grad(loss, p.get("weight_ih_l0").node()).get(0);
        NonFiniteException e = assertThrows(NonFiniteException.class,
                () -> Program.of(loss, dw).run(Map.of(x, Tensor.ones(1, 3, 2))));
        String at = "Module.forward at RecurrentDebugModeTest.java:" + built;
        assertEquals("infinity in matmul[1, 16] (" + at + "): 16 of 16 elements, first at [0, 0]\n"
                + "  input 0, placeholder 'scan carry 0' [1, 4]: min 0.761594, max 0.761594, no NaN, no infinity\n"
                + "  input 1, placeholder 'captured weight_hh' [16, 4]: min 1.0E308, max 1.0E308, no NaN, no infinity\n"
                + "  depends on parameters 'weight_ih', 'bias_ih', 'weight_hh', 'bias_hh'\n"
                + "  in step 1 of 3 of scan (" + at + ")", e.getMessage());
        assertEquals(List.of("scan"), e.loops().stream().map(n -> n.op().name()).toList());
    }
}
