package leibniz.examples.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import leibniz.autograd.Node;
import leibniz.autograd.Op;
import leibniz.autograd.check.GradCheck;
import leibniz.autograd.check.GradCheckError;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;

/** README, "Custom ops and gradient checks": what the comments around {@link CubeProperties} claim. */
class CustomOpTest {
    /** The README's cube with a slip in its VJP: half the true derivative. */
    record SlippedCube() implements Op {
        public String name() { return "cube"; }
        public Shape shape(Shape... in) { return in[0]; }
        public Tensor forward(Tensor... in) { return in[0].pow(3); }
        public List<Node> vjp(Node out, Node g) { return List.of(g.mul(out.input(0).square()).mul(1.5)); }
    }

    @Test
    void theInputsHaveTheCommentedRanksDimsAndValues() {
        new CubeProperties().inputs().sampleStream().limit(200).forEach(t -> {
            assertTrue(t.rank() <= 3, t.shape().toString());
            for (int d : t.shape().dims()) {
                assertTrue(d >= 1 && d <= 4, t.shape().toString());
            }
            for (double v : t.toArray()) {
                assertTrue(v >= -2 && v <= 2, t.toString());
            }
        });
    }

    @Test
    void theCubeIsTheCube() {
        assertEquals(Tensor.vector(-8, 1, 27), Node.apply(new Cube(), Node.constant(Tensor.vector(-2, 1, 3))).value());
    }

    /**
     * jqwik shrinks a failure towards rank 0 and values near 0 with three decimals; the slip's error
     * 1.5x² first exceeds the tolerance at x = 0.003, and this is the message the README shows.
     */
    @Test
    void aSlipFailsFirstAtTheCommentedScalarWithTheCommentedMessage() {
        GradCheck slipped = GradCheck.of(xs -> Node.apply(new SlippedCube(), xs.get(0)));
        for (double x = -0.002; x <= 0.002; x += 0.001) {
            slipped.check(Tensor.scalar(x));
        }
        GradCheckError e = assertThrows(GradCheckError.class, () -> slipped.check(Tensor.scalar(0.003)));
        assertEquals("gradcheck: input 0, element []: numeric 2.7000001000004298e-05 vs analytic 1.35e-05"
                + " (atol 1e-05, rtol 0.001)", e.getMessage());
    }
}
