package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The options of a program reach the bodies of its loops: a body is compiled or not, fused or not, with fast
 * math or not, and checked, as the program that runs it.
 */
class LoopOptionsTest {
    private static final Program.Options AS_WRITTEN = Program.Options.defaults().uncompiled();

    /** log(exp(v) / Σ exp(v)), the README's hand-written log-softmax, as one step of a scan over the rows of z. */
    private static Node logSoftmaxRows(Node z) {
        return ControlFlow.scan((c, x) -> {
            Node v = x.get(0);
            return new ControlFlow.Step(List.of(c.get(0)), List.of(v.exp().div(v.exp().sum(0, true)).log()));
        }, List.of(Node.constant(Tensor.zeros(1))), List.of(z)).outputs().get(0);
    }

    @Test
    void anUncompiledProgramRunsItsLoopBodiesAsWritten() {
        Node z = Node.placeholder("z", 1, 3);
        Map<Node, Tensor> big = Map.of(z, Tensor.matrix(new double[][] {{1000, 0, -1000}}));
        Node direct = z.exp().div(z.exp().sum(1, true)).log();
        Node scanned = logSoftmaxRows(z);
        Tensor asWritten = Tensor.matrix(new double[][] {{Double.NaN, Double.NEGATIVE_INFINITY,
            Double.NEGATIVE_INFINITY}});
        assertEquals(asWritten, Program.of(List.of(direct), List.of(), AS_WRITTEN).run(big).get(0));
        assertEquals(asWritten, Program.of(List.of(scanned), List.of(), AS_WRITTEN).run(big).get(0));
        // Compiled, both are stabilized into a log-softmax.
        Tensor stable = Tensor.matrix(new double[][] {{0, -1000, -2000}});
        assertEquals(stable, Program.of(direct).run(big).get(0));
        assertEquals(stable, Program.of(scanned).run(big).get(0));
    }

    @Test
    void explainListsTheBodyAsTheProgramPreparedIt() {
        Node z = Node.placeholder("z", 4, 3);
        Node scanned = logSoftmaxRows(z);
        String compiled = Program.of(scanned).explain();
        assertTrue(compiled.contains("stabilize.logSoftmax") && compiled.contains("loop #0"), compiled);
        String asWritten = Program.of(List.of(scanned), List.of(), AS_WRITTEN).explain();
        String body = asWritten.substring(asWritten.indexOf("    body:"), asWritten.indexOf("outputs: %3"));
        assertTrue(body.contains("      program: 2 outputs, 0 assignments; 7 nodes, not compiled\n"), asWritten);
        assertTrue(body.contains("      outputs: %0, %6\n      not compiled\n"), asWritten);
        assertFalse(body.contains("stabilize") || body.contains("loop #") || body.contains("memory"), asWritten);
        String unfused = Program.of(List.of(scanned), List.of(), Program.Options.defaults().fuse(false)).explain();
        assertTrue(unfused.contains("stabilize.logSoftmax"), unfused);
        assertFalse(unfused.contains("loop #"), unfused);
    }

    @Test
    void fastMathReachesALoopBody() {
        Node xs = Node.placeholder("xs", 2, 1);
        Node ys = ControlFlow.scan((c, x) -> new ControlFlow.Step(List.of(c.get(0)), List.of(x.get(0).mul(0).add(1))),
                List.of(Node.constant(Tensor.zeros(1))), List.of(xs)).outputs().get(0);
        Map<Node, Tensor> feed = Map.of(xs, Tensor.of(new double[] {Double.POSITIVE_INFINITY, 2}, 2, 1));
        assertEquals(Tensor.of(new double[] {Double.NaN, 1}, 2, 1), Program.of(ys).run(feed).get(0));
        Program fast = Program.of(List.of(ys), List.of(), Program.Options.defaults().fastMath(true));
        assertEquals(Tensor.of(new double[] {1, 1}, 2, 1), fast.run(feed).get(0));
        assertTrue(fast.explain().contains("fastMath.mulZero"), fast.explain());
    }

    @Test
    void checkedRunsCheckLoopBodiesAgainstBodiesAsWritten() {
        AtomicInteger calls = new AtomicInteger();
        Node xs = Node.placeholder("xs", 4, 3);
        Node ys = ControlFlow.scan((c, x) -> new ControlFlow.Step(List.of(c.get(0)),
                List.of(Node.apply(new CheckedTest.Count(calls), x.get(0).mul(1)).sigmoid().log())),
                List.of(Node.constant(Tensor.zeros(1))), List.of(xs)).outputs().get(0);
        Program checked = Program.of(List.of(ys), List.of(), Program.Options.defaults().checked(2));
        Program plain = Program.of(ys);
        Map<Node, Tensor> feed = Map.of(xs, Tensor.normal(3, 0, 1000, 4, 3));
        for (int run = 0; run < 3; run++) {
            assertEquals(plain.run(feed), checked.run(feed));
        }
        // Each of 4 steps: plain once a run; checked, in its first two runs, the compiled body, the body as
        // written that checks it, and the body of the graph as written; then once.
        assertEquals(3 * 4 + 2 * 4 * 3 + 4, calls.get());
    }
}
