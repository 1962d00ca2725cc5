package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import leibniz.core.DType;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Loops and conditionals: bad bodies refused as they are built, what runs how often, axes, nesting, threads. */
class ControlFlowTest {
    private static void assertMessage(String expected, Executable bad) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, bad).getMessage());
    }

    /** out = x, counting its evaluations.  dx = g */
    record Counted(AtomicInteger count) implements Op {
        public String name() {
            return "counted";
        }

        public Shape shape(Shape... in) {
            return in[0];
        }

        public Tensor forward(Tensor... in) {
            count.incrementAndGet();
            return in[0];
        }

        public List<Node> vjp(Node out, Node g) {
            return List.of(g);
        }
    }

    private static ControlFlow.Step step(Node carry, Node... outputs) {
        return new ControlFlow.Step(List.of(carry), List.of(outputs));
    }

    @Test
    void badLoopsAreRefusedWhenBuilt() {
        Node h = Node.placeholder("h", 2, 3);
        Node xs = Node.placeholder("xs", 4, 2, 3);
        assertMessage("scan: carry 0 enters the body as [2, 3] and leaves it as [3]",
                () -> ControlFlow.scan((c, x) -> step(c.get(0).sum(0)), List.of(h), List.of(xs)));
        assertMessage("scan: carry 0 enters the body as F64 and leaves it as F32",
                () -> ControlFlow.scan((c, x) -> step(c.get(0).to(DType.F32)), List.of(h), List.of(xs)));
        assertMessage("scan: sequence 0 [0, 2, 3] has no steps along axis 0",
                () -> ControlFlow.scan((c, x) -> step(c.get(0)), List.of(h), List.of(Node.placeholder("e", 0, 2, 3))));
        assertMessage("scan: sequence 1 [5, 3] has 5 steps along axis 0, sequence 0 [4, 2, 3] has 4",
                () -> ControlFlow.scan((c, x) -> step(c.get(0)), List.of(h), List.of(xs, Node.placeholder("y", 5, 3))));
        assertMessage("scan: sequence 0 [4, 2, 3]: axis 3 out of range for rank 3",
                () -> ControlFlow.scan((c, x) -> step(c.get(0)), List.of(h), List.of(xs), 3));
        assertMessage("scan: output 0 [] cannot be stacked along axis 2",
                () -> ControlFlow.scan((c, x) -> step(c.get(0), c.get(0).sum()), List.of(h), List.of(
                        Node.placeholder("t", 2, 3, 4)), 2));
        assertMessage("scan: the body returned 2 carries, the loop has 1",
                () -> ControlFlow.scan((c, x) -> new ControlFlow.Step(List.of(h, h), List.of()), List.of(h), List.of(xs)));
        assertMessage("scan: the body returned null instead of a step",
                () -> ControlFlow.scan((c, x) -> null, List.of(h), List.of(xs)));
        assertMessage("scan: the body returns no carry and no output",
                () -> ControlFlow.scan((c, x) -> new ControlFlow.Step(List.of(), List.of()), List.of(), List.of(xs)));
        assertMessage("scan: needs at least one sequence; pass a length to scan without any",
                () -> ControlFlow.scan((c, x) -> step(c.get(0)), List.of(h), List.of()));
        assertMessage("scan: needs at least 1 step, got 0", () -> ControlFlow.scan((c, x) -> step(c.get(0)), List.of(h), 0));
        assertMessage("scan: init[0] is null",
                () -> ControlFlow.scan((c, x) -> step(c.get(0)), Arrays.asList((Node) null), List.of(xs)));
    }

    @Test
    void badConditionalsAndWhileLoopsAreRefusedWhenBuilt() {
        Node a = Node.placeholder("a", 2, 3);
        Node yes = Node.scalar(1);
        assertMessage("cond: result 0 is [2, 3] in the true branch and [3] in the false branch",
                () -> ControlFlow.cond(yes, o -> List.of(o.get(0)), o -> List.of(o.get(0).sum(0)), List.of(a)));
        assertMessage("cond: result 0 is F64 in the true branch and F32 in the false branch",
                () -> ControlFlow.cond(yes, o -> List.of(o.get(0)), o -> List.of(o.get(0).to(DType.F32)), List.of(a)));
        assertMessage("cond: the branches return different numbers of results: 2 (true) and 1 (false)",
                () -> ControlFlow.cond(yes, o -> List.of(a, a), o -> List.of(a), List.of(a)));
        assertMessage("cond: the predicate must be a single value, got [2, 3]",
                () -> ControlFlow.cond(a, o -> o, o -> o, List.of(a)));
        assertMessage("cond: the true branch: the function returned null instead of a list of nodes",
                () -> ControlFlow.cond(yes, o -> null, o -> o, List.of(a)));
        assertMessage("whileLoop: the condition must be a single value, got [2, 3]",
                () -> ControlFlow.whileLoop(c -> c.get(0), c -> c, List.of(a)));
        assertMessage("whileLoop: carry 0 enters the body as [2, 3] and leaves it as [2]",
                () -> ControlFlow.whileLoop(c -> c.get(0).sum(), c -> List.of(c.get(0).sum(1)), List.of(a)));
        assertMessage("whileLoop: the body returned 2 carries, the loop has 1",
                () -> ControlFlow.whileLoop(c -> c.get(0).sum(), c -> List.of(a, a), List.of(a)));
        assertMessage("checkpoint: the function returns no result", () -> Autograd.checkpoint(x -> List.of(), List.of(a)));
    }

    @Test
    void aTrainingProgramRunsTheForwardLoopOnceAndACheckpointedOneTwice() {
        AtomicInteger count = new AtomicInteger();
        Parameter w = Parameter.of("w", Tensor.vector(0.5, -0.3));
        Node xs = Node.constant(Tensor.normal(3, 0, 1, 5, 2));
        ControlFlow.ScanBody body = (c, x) -> {
            Node h = Node.apply(new Counted(count), c.get(0).mul(w.node()).add(x.get(0)).tanh());
            return step(h, h.square());
        };
        for (boolean checkpointed : new boolean[] {false, true}) {
            ControlFlow.Scanned run = ControlFlow.scan(checkpointed ? body.checkpointed() : body,
                    List.of(Node.constant(Tensor.vector(1, 1))), List.of(xs));
            Node loss = run.outputs().get(0).sum();
            Program p = Program.of(List.of(loss), List.of(new Assign(w, w.node().sub(Autograd.grad(loss, w.node()).get(0)))));
            count.set(0);
            p.run();
            assertEquals(checkpointed ? 10 : 5, count.get());
            // The checked mode compares the compiled program with the graph as written, loops included.
            Node g = Autograd.grad(loss, w.node()).get(0);
            Program checked = Program.of(List.of(loss, g), List.of(), Program.Options.defaults().checked(1));
            assertEquals(Program.of(loss, g).run(), checked.run());
        }
    }

    @Test
    void scansAlongAnAxisInEitherDirectionAndWithoutSequences() {
        Tensor x = Tensor.normal(1, 0, 1, 2, 3, 4);
        Tensor y = Tensor.normal(2, 0, 1, 1, 3);
        for (boolean reverse : new boolean[] {false, true}) {
            ControlFlow.Scanned run = ControlFlow.scan((c, s) -> {
                Node next = c.get(0).mul(0.5).add(s.get(0).mul(s.get(1)));
                return step(next, next.sum(1));
            }, List.of(Node.constant(Tensor.zeros(2, 4))), List.of(Node.constant(x), Node.constant(y)), 1, reverse);
            double[] h = new double[8];
            double[] ys = new double[6];
            for (int k = 0; k < 3; k++) {
                int t = reverse ? 2 - k : k;
                for (int i = 0; i < 2; i++) {
                    for (int j = 0; j < 4; j++) {
                        h[i * 4 + j] = 0.5 * h[i * 4 + j] + x.get(i, t, j) * y.get(0, t);
                        ys[i * 3 + t] += h[i * 4 + j];
                    }
                }
            }
            assertTrue(run.carry().get(0).value().allClose(Tensor.of(h, 2, 4), 1e-14));
            assertTrue(run.outputs().get(0).value().allClose(Tensor.of(ys, 2, 3), 1e-14));
        }
        // Fibonacci numbers: no sequence, a length.
        ControlFlow.Scanned fib = ControlFlow.scan((c, s) -> new ControlFlow.Step(List.of(c.get(1), c.get(0).add(c.get(1))),
                List.of(c.get(0))), List.of(Node.scalar(0), Node.scalar(1)), 10);
        assertEquals(Tensor.vector(0, 1, 1, 2, 3, 5, 8, 13, 21, 34), fib.outputs().get(0).value());
    }

    @Test
    void theGraphHasTheSameSizeForAnyLength() {
        Parameter w = Parameter.of("w", Tensor.vector(0.5, -0.3));
        int size = -1;
        for (int n : new int[] {1, 10, 1000}) {
            Node xs = Node.placeholder("xs", n, 2);
            Node loss = ControlFlow.scan((c, x) -> step(c.get(0).mul(w.node()).add(x.get(0)).tanh()),
                    List.of(Node.constant(Tensor.zeros(2))), List.of(xs)).carry().get(0).sum();
            Program p = Program.of(loss, Autograd.grad(loss, w.node()).get(0));
            assertTrue(size < 0 || size == p.size(), () -> n + " steps: " + p.size() + " nodes");
            size = p.size();
        }
    }

    @Test
    void nestedLoopsDifferentiateAsTheirUnrolledForm() {
        Parameter w = Parameter.of("w", Tensor.of(new double[] {0.3, -0.2, 0.1, 0.4}, 2, 2));
        Tensor data = Tensor.normal(4, 0, 1, 3, 2, 2);
        Node xs = Node.constant(data);
        // The outer loop runs an inner loop over the rows of each step.
        Node nested = ControlFlow.scan((c, x) -> {
            Node inner = ControlFlow.scan((d, row) -> step(d.get(0).matmul(w.node()).add(row.get(0)).sin()),
                    List.of(c.get(0)), List.of(x.get(0))).carry().get(0);
            return step(inner);
        }, List.of(Node.constant(Tensor.vector(1, 0))), List.of(xs)).carry().get(0).sum();
        Node h = Node.constant(Tensor.vector(1, 0));
        for (int t = 0; t < 3; t++) {
            for (int r = 0; r < 2; r++) {
                h = h.matmul(w.node()).add(xs.slice(0, t, t + 1).slice(1, r, r + 1).reshape(2)).sin();
            }
        }
        Node unrolled = h.sum();
        assertEquals(unrolled.value().item(), nested.value().item(), 1e-14);
        Node g = Autograd.grad(nested, w.node()).get(0);
        Node gu = Autograd.grad(unrolled, w.node()).get(0);
        assertTrue(g.value().allClose(gu.value(), 1e-13));
        Node hv = Autograd.hvp(nested, w.node(), Node.constant(Tensor.ones(2, 2)));
        Node hvu = Autograd.hvp(unrolled, w.node(), Node.constant(Tensor.ones(2, 2)));
        assertTrue(hv.value().allClose(hvu.value(), 1e-12));
    }

    @Test
    void programsSharingALoopRunOnSeveralThreads() throws Exception {
        Node xs = Node.placeholder("xs", 50, 8);
        Parameter w = Parameter.of("w", Tensor.normal(5, 0, 0.3, 8, 8));
        Node loss = ControlFlow.scan((c, x) -> step(c.get(0).matmul(w.node()).add(x.get(0)).tanh()),
                List.of(Node.constant(Tensor.zeros(8))), List.of(xs)).carry().get(0).sum();
        Node g = Autograd.grad(loss, w.node()).get(0);
        Tensor data = Tensor.normal(6, 0, 1, 50, 8);
        List<Tensor> expected = Program.of(loss, g).run(Map.of(xs, data));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Tensor>>> runs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                runs.add(pool.submit(() -> Program.of(loss, g).run(Map.of(xs, data))));
            }
            for (Future<List<Tensor>> r : runs) {
                assertEquals(expected, r.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Debug mode runs loops as ops of Leibniz (it checks no VJP of theirs as a user's op) and names a NaN's op, loop. */
    @Test
    void debugModeRunsLoopsAndNamesTheLoopThatMadeANan() {
        Parameter w = Parameter.of("w", Tensor.vector(0.5, -0.3));
        Node xs = Node.placeholder("xs", 3, 2);
        Node loss = ControlFlow.scan((c, x) -> step(c.get(0).mul(w.node()).add(x.get(0)).log()),
                List.of(Node.constant(Tensor.ones(2))), List.of(xs)).carry().get(0).sum();
        Program.Options debug = Program.Options.defaults().debug(true);
        Program p = Program.of(List.of(loss, Autograd.grad(loss, w.node()).get(0)), List.of(), debug);
        Tensor fine = Tensor.of(new double[] {2, 3, 2, 3, 2, 3}, 3, 2);
        Program plain = Program.of(loss, Autograd.grad(loss, w.node()).get(0));
        assertEquals(plain.run(Map.of(xs, fine)), p.run(Map.of(xs, fine)));
        NonFiniteException e = assertThrows(NonFiniteException.class, () -> p.run(Map.of(xs, fine.neg())));
        // The body runs in debug mode too (here the twin's, which also saves what the gradient reads): the op in
        // the body is named, with the step; the loop is the user's forward scan, not a derivative.
        assertEquals("NaN in log[2]: 2 of 2 elements, first at [0]\n"
                + "  input 0, add[2]: min -3.3, max -1.5, no NaN, no infinity\n"
                + "  depends on parameter 'w'\n"
                + "  in step 0 of 3 of scan", e.getMessage());
    }

    @Test
    void explainListsALoopAsOneStepWithItsBodyUnderIt() {
        Parameter w = Parameter.of("w", Tensor.vector(0.5, -0.3));
        Node xs = Node.placeholder("xs", 5, 2);
        Node h = ControlFlow.scan((c, x) -> step(c.get(0).mul(w.node()).add(x.get(0)).tanh()),
                List.of(Node.constant(Tensor.zeros(2))), List.of(xs)).carry().get(0);
        String text = Program.of(h.sum()).explain();
        assertTrue(text.contains("  %3 = scan(%0, %1, %2) 5 steps  1 result\n    body:\n      program: 1 output, 0"
                + " assignments; 6 nodes as written, 6 compiled\n        %0 = placeholder 'scan carry 0'  [2] F64\n"), text);
        // The body is a program of its own: its step fuses into one loop.
        assertTrue(text.contains("        loop #0: reads %0, %1, %3; writes %5\n          %2 = mul(%0, %1)"), text);
        assertTrue(text.contains("          %5 = tanh(%4)                  [2] F64\n      outputs: %5\n"), text);
        assertTrue(text.contains("  %4 = result 0(%3)"), text);
    }

    /**
     * A scan reuses buffers for its steps' values, so carries that pass a sequence's step or each other through
     * (a shift register) or view a step must keep their values: against the loop written out in Java, forwards
     * and in reverse, twice on one program.
     */
    @Test
    void carriesThatPassStepsAndEachOtherThroughKeepTheirValues() {
        int n = 5;
        double[] values = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        Tensor data = Tensor.of(values, n, 2);
        Node xs = Node.placeholder("xs", n, 2);
        double[][] init = {{-1, -2}, {-3, -4}, {-5, -6}, {-7, -8}, {0.5, 0.25}};
        for (boolean reverse : new boolean[] {false, true}) {
            List<Node> start = Arrays.stream(init).map(v -> Node.constant(Tensor.vector(v))).toList();
            ControlFlow.Scanned r = ControlFlow.scan((c, x) -> {
                Node a = c.get(0);
                Node xt = x.get(0);
                List<Node> next = List.of(xt, a, c.get(1), xt.reshape(1, 2).reshape(2), c.get(4).add(xt));
                return new ControlFlow.Step(next, List.of(a.add(c.get(2)).add(xt), c.get(1)));
            }, start, List.of(xs), 0, reverse);
            List<Node> all = new ArrayList<>(r.carry());
            all.addAll(r.outputs());
            Program p = Program.of(all);
            // The same loop by hand: carries a, b, c, d, e; outputs a + c + x and b.
            double[][] c = Arrays.stream(init).map(double[]::clone).toArray(double[][]::new);
            double[][] y = new double[n][];
            double[][] z = new double[n][];
            for (int s = 0; s < n; s++) {
                int t = reverse ? n - 1 - s : s;
                double[] x = {values[2 * t], values[2 * t + 1]};
                y[t] = new double[] {c[0][0] + c[2][0] + x[0], c[0][1] + c[2][1] + x[1]};
                z[t] = c[1];
                c = new double[][] {x, c[0], c[1], x, {c[4][0] + x[0], c[4][1] + x[1]}};
            }
            for (int run = 0; run < 2; run++) {
                List<Tensor> got = p.run(Map.of(xs, data));
                for (int k = 0; k < 5; k++) {
                    assertEquals(Tensor.vector(c[k]), got.get(k), "carry " + k + ", reverse " + reverse);
                }
                assertEquals(Tensor.of(Arrays.stream(y).flatMapToDouble(java.util.Arrays::stream).toArray(), n,
                        2), got.get(5), "output 0, reverse " + reverse);
                assertEquals(Tensor.of(Arrays.stream(z).flatMapToDouble(java.util.Arrays::stream).toArray(), n,
                        2), got.get(6), "output 1, reverse " + reverse);
            }
        }
    }
}
