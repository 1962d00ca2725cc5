package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;

/** Which steps a schedule lets run at once, and what a concurrent run keeps of a run in order. */
class ScheduleTest {
    private static Plan plan(List<Node> roots) {
        return new Plan(roots, new IdentityHashMap<>(), roots.size(), List.of(), true, true,
                Program.Options.defaults());
    }

    /** The step of the first node of {@code plan} that {@code op} names, in a step of its own. */
    private static int step(Plan plan, String op, Node node) {
        for (int t = 0; t < plan.memory.tailStart; t++) {
            if (plan.memory.steps[t] instanceof Step.Single s && plan.nodes[s.slot()].op().name().equals(op)
                    && (node == null || plan.nodes[s.slot()] == node)) {
                return t;
            }
        }
        throw new AssertionError("no step " + op);
    }

    @Test
    void theWeightAndInputGradientsOfALayerMayRunAtOnce() {
        Node x = Node.placeholder("x", 64, 64);
        Node w = Node.placeholder("w", 64, 32);
        List<Node> g = Autograd.grad(x.matmul(w).tanh().sum(), List.of(x, w));
        Plan plan = plan(Compiler.compile(g, Compiler.rules(Program.Options.defaults())).roots());
        int dx = product(plan, false, true);
        int dw = product(plan, true, false);
        int first = Math.min(dx, dw);
        int second = Math.max(dx, dw);
        assertTrue(Arrays.stream(plan.schedule.partners(first)).anyMatch(u -> u == second),
                "step " + second + " is not a partner of step " + first);
    }

    /** The step of the product whose operands are transposed as said. */
    private static int product(Plan plan, boolean ta, boolean tb) {
        for (int t = 0; t < plan.memory.tailStart; t++) {
            if (plan.memory.steps[t] instanceof Step.Single s
                    && plan.nodes[s.slot()].op().equals(new MatMulOp(ta, tb))) {
                return t;
            }
        }
        throw new AssertionError("no product " + ta + ", " + tb);
    }

    @Test
    void aBufferIsReleasedOnceTheReadersOfItsViewsAreDone() {
        Node x = Node.placeholder("x", 8, 6);
        Node w = Node.placeholder("w", 6, 4);
        Node a = x.matmul(w);
        Node viewRead = a.reshape(4, 8).sum(0);
        Node lastRead = a.sum(1);
        Plan plan = plan(List.of(viewRead, lastRead));
        int reader = step(plan, "sum", viewRead);
        int releaser = step(plan, "sum", lastRead);
        assertTrue(reader < releaser, "the view is read first");
        assertTrue(plan.memory.releases(releaser).length > 0, "the product's buffer is released by the last sum");
        int[][] readers = plan.schedule.readersOfFrees(releaser);
        assertTrue(Arrays.stream(readers).anyMatch(r -> Arrays.stream(r).anyMatch(s -> s == reader)),
                "what step " + releaser + " frees waits for " + Arrays.deepToString(readers));
    }

    @Test
    void aStepWritingABufferWaitsForTheReadersOfItsLastValue() {
        Node x = Node.placeholder("x", 8, 8);
        Node w = Node.placeholder("w", 8, 8);
        Node a = x.matmul(w);
        Node early = a.sum(0);
        Node scaled = w.mul(a.sum()); // a's buffer is free once the full sum has read it: scaled takes it
        Plan plan = plan(List.of(early, x.matmul(scaled).sum(0)));
        int reader = step(plan, "sum", early);
        int writer = -1;
        for (int t = 0; t < plan.memory.tailStart; t++) {
            if (Arrays.stream(plan.memory.steps[t].outputs()).anyMatch(o -> plan.nodes[o] == scaled)) {
                writer = t;
            }
        }
        assertEquals(plan.memory.buffer(slot(plan, a)), plan.memory.buffer(slot(plan, scaled)),
                "the scaled weights reuse the product's buffer");
        assertTrue(waitsFor(plan.schedule, writer, reader), "step " + writer + " does not wait for step " + reader);
    }

    /** Whether step u waits for step t, directly or through the steps it waits for. */
    private static boolean waitsFor(Schedule schedule, int u, int t) {
        boolean[] seen = new boolean[u + 1];
        List<Integer> stack = new ArrayList<>(List.of(u));
        while (!stack.isEmpty()) {
            for (int d : schedule.waits(stack.remove(stack.size() - 1))) {
                if (d == t) {
                    return true;
                }
                if (!seen[d]) {
                    seen[d] = true;
                    stack.add(d);
                }
            }
        }
        return false;
    }

    private static int slot(Plan plan, Node n) {
        for (int i = 0; i < plan.nodes.length; i++) {
            if (plan.nodes[i] == n) {
                return i;
            }
        }
        throw new AssertionError("no slot for " + n);
    }

    @Test
    void aFailedRunReportsTheFirstStepInOrderThatFailed() {
        Node x = Node.placeholder("x", 256, 256); // large enough to leave the caller's thread
        Node i = Node.placeholder("i", 256);
        Node j = Node.placeholder("j", 256);
        Node p = Node.placeholder("p", 200, 200);
        // The first selection waits for a product, while the second may run at once on another core and fail
        // first.
        Node first = x.add(p.matmul(p).sum().mul(0)).indexSelect(0, i);
        Node out = first.sum().add(x.indexSelect(1, j).sum());
        Tensor ones = Tensor.ones(Shape.of(256));
        Map<Node, Tensor> feeds = Map.of(x, Tensor.ones(Shape.of(256, 256)), p, Tensor.ones(Shape.of(200, 200)),
                i, ones.mul(300), j, ones.mul(400));
        String inOrder = assertThrows(IllegalArgumentException.class,
                () -> Program.of(List.of(out), List.of(), Program.Options.defaults().concurrent(false)).run(feeds))
                .getMessage();
        assertEquals(assertThrows(IllegalArgumentException.class, () -> Program.of(first).run(feeds)).getMessage(),
                inOrder);
        Program concurrent = Program.of(List.of(out), List.of(), Program.Options.defaults().concurrent(true));
        for (int run = 0; run < 20; run++) {
            assertEquals(inOrder, assertThrows(IllegalArgumentException.class, () -> concurrent.run(feeds))
                    .getMessage());
        }
    }

    /** out = x, remembering the threads that ran it. */
    record Spy(Set<Thread> threads) implements Op {
        public String name() {
            return "spy";
        }

        public Shape shape(Shape... in) {
            return in[0];
        }

        public Tensor forward(Tensor... in) {
            threads.add(Thread.currentThread());
            return in[0];
        }

        public List<Node> vjp(Node out, Node g) {
            return List.of(g);
        }
    }

    @Test
    void opsOfTheUsersOwnRunOnTheCallersThread() {
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        Node p = Node.placeholder("p", 200, 200);
        Node x = Node.placeholder("x", 128, 128); // large enough to leave the caller's thread, were it Leibniz's
        // While the caller computes the product, the ops of the user's own are ready.
        List<Node> outputs = new ArrayList<>(List.of(p.matmul(p).sum()));
        for (int i = 0; i < 6; i++) {
            outputs.add(Node.apply(new Spy(threads), x).sum());
        }
        Program program = Program.of(outputs, List.of(), Program.Options.defaults().concurrent(true));
        for (int run = 0; run < 20; run++) {
            program.run(Map.of(p, Tensor.ones(Shape.of(200, 200)), x, Tensor.ones(Shape.of(128, 128))));
        }
        assertEquals(Set.of(Thread.currentThread()), threads);
    }
}
