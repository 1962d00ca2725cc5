package leibniz.autograd.debugging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import leibniz.autograd.Autograd;
import leibniz.autograd.Lint;
import leibniz.autograd.Node;
import leibniz.autograd.NonFiniteException;
import leibniz.autograd.Parameter;
import leibniz.autograd.Program;
import leibniz.autograd.Site;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Debug mode for the whole JVM ({@code -Dleibniz.debug=true}, set for classes named *DebugModeTest): every
 * node records the line outside Leibniz that built it, and every program checks its values. This class sits
 * outside Leibniz's packages, as a user's code does, so its lines are the sites.
 */
class SitesDebugModeTest {
    /** Run alone by {@code -Dtest=...}, this class is in a JVM without debug mode: it has nothing to check there. */
    @BeforeAll
    static void inDebugMode() {
        Assumptions.assumeTrue(Program.Options.defaults().debug(), "needs -Dleibniz.debug=true");
    }

    /** The line that calls this. */
    private static int line() {
        return new Throwable().getStackTrace()[1].getLineNumber();
    }

    private static String at(int line) {
        return "SitesDebugModeTest.java:" + line;
    }

    @Test
    void everyNodeKnowsTheLineThatBuiltItAndTheMethodItCalled() {
        assertTrue(Program.Options.defaults().debug(), "-Dleibniz.debug=true turns debug mode on by default");
        Node x = Node.placeholder("x", 2, 3); int lx = line();
        Parameter w = Parameter.of("w", Tensor.zeros(3, 4)); int lw = line();
        Node y = x.matmul(w.node()).tanh(); int ly = line();
        assertEquals(new Site("Node.placeholder", "SitesDebugModeTest.java", lx), x.site().orElseThrow());
        assertEquals(new Site("Parameter.of", "SitesDebugModeTest.java", lw), w.node().site().orElseThrow());
        assertEquals(new Site("Node.tanh", "SitesDebugModeTest.java", ly), y.site().orElseThrow());
        assertEquals(new Site("Node.matmul", "SitesDebugModeTest.java", ly), y.input(0).site().orElseThrow());
        assertEquals("built at " + at(ly), y.site().orElseThrow().describe());
        assertEquals("Parameter.of at " + at(lw), w.node().site().orElseThrow().describe());
        assertEquals(at(ly), y.site().orElseThrow().toString());
    }

    @Test
    void shapeErrorsSayWhereEachDimensionWasBuilt() {
        Node x = Node.placeholder("x", 64, 784); int lx = line();
        Parameter w = Parameter.of("layers.0.weight", Tensor.zeros(256, 10)); int lw = line();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.matmul(w.node()));
        assertEquals("matmul: [64, 784] x [256, 10]: inner dimensions differ (784 vs 256); 784 is dim 1 of"
                + " placeholder 'x' (built at " + at(lx) + "); 256 is dim 0 of parameter 'layers.0.weight'"
                + " (Parameter.of at " + at(lw) + ")", e.getMessage());
    }

    @Test
    void theNanReportNamesTheLinesOfTheOpAndOfTheForwardOpOfAGradient() {
        Parameter w = Parameter.of("w", Tensor.vector(0, 4));
        Node root = w.node().sqrt(); int lr = line();
        Node dw = Autograd.grad(root.sum(), w.node()).get(0); int lg = line();
        NonFiniteException e = assertThrows(NonFiniteException.class, () -> Program.of(root.sum(), dw).run());
        assertEquals("infinity in div[2] (Autograd.grad at " + at(lg) + "): 1 of 2 elements, first at [0]\n"
                + "  input 0, reshape[1]: min 1.0, max 1.0, no NaN, no infinity\n"
                + "  input 1, mul[2]: min 0.0, max 4.0, no NaN, no infinity\n"
                + "  depends on parameter 'w'\n"
                + "  in the derivative of sqrt[2] (built at " + at(lr) + ")", e.getMessage());
    }

    @Test
    void explanationsAndWarningsNameLines() {
        Parameter w = Parameter.of("w", Tensor.vector(1, 2));
        Node d = w.node().detach(); int ld = line();
        assertEquals("every path from parameter 'w' to the loss passes through a detach: detach[2] (built at "
                + at(ld) + ")", Autograd.explainZero(d.sum(), w));
        Node p = Node.placeholder("p", 8, 1);
        Node loss = p.sub(Node.placeholder("t", 8)).square().mean(); int ll = line();
        assertEquals("[broadcast-trap] sub[8, 8] (built at " + at(ll) + ") broadcasts [8, 1] against [8] into [8, 8],"
                + " larger than both, and reducing to the loss hides it. Fix: make both operands one shape before the"
                + " sub: squeeze(-1) turns [8, 1] into [8].", Lint.of().check(loss, List.of()).get(0).toString());
    }

    @Test
    void valueAndRunAreCheckedToo() {
        Node x = Node.scalar(-1).log(); int lx = line();
        NonFiniteException e = assertThrows(NonFiniteException.class, x::value);
        assertEquals("NaN in log[] (built at " + at(lx) + "): 1 of 1 element, first at []\n"
                + "  input 0, constant []: min -1.0, max -1.0, no NaN, no infinity", e.getMessage());
        Node y = Node.placeholder("y", 2);
        assertEquals(2.0, Program.of(y.exp().log().sum()).run(Map.of(y, Tensor.vector(0.5, 1.5))).get(0).item(),
                1e-12);
    }
}
