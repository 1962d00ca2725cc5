package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Debug mode's root cause of a NaN or an infinity: the first op that brings one in, with its inputs'
 * statistics, the parameters it depends on and, in a gradient, the forward op it differentiates. This JVM
 * runs without {@code -Dleibniz.debug}, so no node records its site (SitesDebugModeTest has them).
 */
class NonFiniteTest {
    private static final Program.Options DEBUG = Program.Options.defaults().debug(true);

    private static Program debug(Node... outputs) {
        return Program.of(List.of(outputs), List.of(), DEBUG);
    }

    @Test
    void theFirstOpThatMakesANanIsReportedWithItsInputsAndParameters() {
        Parameter w = Parameter.of("w", Tensor.vector(1, -2, 3, 4));
        Node x = Node.placeholder("x", 4);
        Node log = x.mul(w.node()).log();
        Node loss = log.sum().add(x.sum());
        NonFiniteException e = assertThrows(NonFiniteException.class,
                () -> debug(loss).run(Map.of(x, Tensor.vector(1, 1, 1, 1))));
        assertEquals("NaN in log[4]: 1 of 4 elements, first at [1]\n"
                + "  input 0, mul[4]: min -2.0, max 4.0, no NaN, no infinity\n"
                + "  depends on parameter 'w'", e.getMessage());
        assertSame(log, e.node());
        assertEquals(List.of(new NonFiniteException.Statistics(4, 0, 0, -2, 4)), e.inputs());
        assertEquals(List.of(w), e.parameters());
        assertTrue(e.derivativeOf().isEmpty());
    }

    @Test
    void aGradientNodeNamesTheForwardOpItDifferentiates() {
        Parameter w = Parameter.of("w", Tensor.vector(0, 4));
        Node root = w.node().sqrt();
        Node dw = Autograd.grad(root.sum(), w.node()).get(0);
        NonFiniteException e = assertThrows(NonFiniteException.class, () -> debug(root.sum(), dw).run());
        assertEquals("infinity in div[2]: 1 of 2 elements, first at [0]\n"
                + "  input 0, reshape[1]: min 1.0, max 1.0, no NaN, no infinity\n"
                + "  input 1, mul[2]: min 0.0, max 4.0, no NaN, no infinity\n"
                + "  depends on parameter 'w'\n"
                + "  in the derivative of sqrt[2]", e.getMessage());
        assertSame(root, e.derivativeOf().orElseThrow());
    }

    @Test
    void aFedNanOrAParameterHoldingOneIsTheCause() {
        Node x = Node.placeholder("x", 2, 2);
        NonFiniteException fed = assertThrows(NonFiniteException.class,
                () -> debug(x.exp().sum()).run(Map.of(x, Tensor.of(new double[] {1, Double.NaN, 2, 3}, 2, 2))));
        assertEquals("NaN in placeholder 'x': 1 of 4 elements, first at [0, 1]\n"
                + "  the value fed for it is not finite", fed.getMessage());
        Parameter w = Parameter.of("w", Tensor.vector(1, Double.POSITIVE_INFINITY));
        NonFiniteException held = assertThrows(NonFiniteException.class, () -> debug(w.node().sum()).run());
        assertEquals("infinity in parameter 'w': 1 of 2 elements, first at [1]\n"
                + "  the parameter holds it\n"
                + "  depends on parameter 'w'", held.getMessage());
    }

    @Test
    void infinitiesFromAnInfiniteInputAreNotCauses() {
        // A mask of −∞ before a softmax, as attention writes it: −∞ in, 0 out, nothing to report.
        Node x = Node.placeholder("x", 1, 3);
        Node masked = Node.where(Node.constant(Tensor.matrix(new double[][] {{1, 1, 0}})), x,
                Node.scalar(Double.NEGATIVE_INFINITY));
        Node softmax = masked.sub(masked.logsumexp(1, true)).exp();
        Tensor p = debug(softmax).run(Map.of(x, Tensor.matrix(new double[][] {{1, 2, 3}}))).get(0);
        assertEquals(0, p.get(0, 2));
        // Overflow is a cause: finite in, ∞ out.
        NonFiniteException e = assertThrows(NonFiniteException.class,
                () -> debug(x.exp()).run(Map.of(x, Tensor.matrix(new double[][] {{1, 800, 3}}))));
        assertEquals("infinity in exp[1, 3]: 1 of 3 elements, first at [0, 1]\n"
                + "  input 0, placeholder 'x' [1, 3]: min 1.0, max 800.0, no NaN, no infinity", e.getMessage());
    }

    @Test
    void withoutDebugModeANanPassesSilently() {
        assertFalse(Program.Options.defaults().debug(), "the JVM runs without -Dleibniz.debug");
        Node x = Node.placeholder("x", 1);
        assertTrue(Double.isNaN(Program.of(x.log()).run(Map.of(x, Tensor.vector(-1))).get(0).item()));
        assertTrue(x.site().isEmpty(), "no site is recorded outside debug mode");
    }

    @Test
    void statisticsCountNanAndInfinityApart() {
        Tensor t = Tensor.vector(Double.NaN, -1, Double.NEGATIVE_INFINITY, 5);
        NonFiniteException.Statistics s = NonFiniteException.Statistics.of(t);
        assertEquals(new NonFiniteException.Statistics(4, 1, 1, -1, 5), s);
        assertEquals("min -1.0, max 5.0, 1 NaN, 1 infinite", s.toString());
        assertEquals("no finite element, 2 NaN, no infinity",
                NonFiniteException.Statistics.of(Tensor.vector(Double.NaN, Double.NaN)).toString());
    }
}
