package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The threading contract of Program and Parameter: refused concurrent runs, no lost updates, consistent snapshots. */
class ProgramThreadsTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "trainer");
        t.setDaemon(true);
        return t;
    });

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /** out = x, but forward waits at a gate: lets a test hold a run open while another thread acts. */
    record Gate(CountDownLatch entered, CountDownLatch release) implements Op {
        public String name() { return "gate"; }
        public Shape shape(Shape... in) { return in[0]; }
        public Tensor forward(Tensor... in) {
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return in[0];
        }
        public List<Node> vjp(Node out, Node g) { return List.of(g); }
    }

    @Test
    void aSecondConcurrentRunIsRefused() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Parameter w = Parameter.of("w", Tensor.scalar(1));
        Program p = Program.of(Node.apply(new Gate(entered, release), w.node()));
        Future<?> first = pool.submit(() -> p.run());
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        IllegalStateException e = assertThrows(IllegalStateException.class, p::run);
        assertEquals("run: this program is already running on thread 'trainer'; a Program is run by one thread at a"
                + " time, so build one per thread", e.getMessage());
        release.countDown();
        first.get(10, TimeUnit.SECONDS);
        assertEquals(1, p.run().get(0).item(), 0);   // free again once the first run ended
    }

    @Test
    void anUpdateThatWouldBeLostIsRefusedAndChangesNothing() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Parameter w = Parameter.of("w", Tensor.scalar(0));
        Parameter v = Parameter.of("v", Tensor.scalar(0));
        Node slow = Node.apply(new Gate(entered, release), w.node()).add(1);
        Program step = Program.of(List.of(), List.of(new Assign(v, v.node().add(1)), new Assign(w, slow)));
        Future<?> run = pool.submit(() -> step.run());
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        w.set(Tensor.scalar(10));   // another writer, while the run computes w + 1 from w = 0
        release.countDown();
        Exception e = assertThrows(Exception.class, () -> run.get(10, TimeUnit.SECONDS));
        assertEquals("run: parameter 'w' was changed by another thread while this run computed its update, which"
                + " would be lost; a Program and the Parameters it assigns are used by one thread at a time",
                e.getCause().getMessage());
        assertEquals(10, w.value().item(), 0);
        assertEquals(0, v.value().item(), 0);        // all or nothing: v was not committed either
    }

    /** out = x, giving the other thread a chance to run between the read and the commit. */
    record Yield() implements Op {
        public String name() { return "yield"; }
        public Shape shape(Shape... in) { return in[0]; }
        public Tensor forward(Tensor... in) {
            Thread.yield();
            return in[0];
        }
        public List<Node> vjp(Node out, Node g) { return List.of(g); }
    }

    @Test
    void twoProgramsSharingAParameterNeverLoseAnIncrement() throws Exception {
        Parameter counter = Parameter.of("counter", Tensor.scalar(0));
        AtomicInteger committed = new AtomicInteger();
        Runnable worker = () -> {
            Node next = Node.apply(new Yield(), counter.node()).add(1);
            Program increment = Program.of(List.of(), List.of(new Assign(counter, next)));
            for (int i = 0; i < 2000; i++) {
                try {
                    increment.run();
                    committed.incrementAndGet();
                } catch (IllegalStateException refused) {
                    // the other program committed in between: this increment was refused, not lost
                }
            }
        };
        Future<?> a = pool.submit(worker);
        Future<?> b = pool.submit(worker);
        a.get(60, TimeUnit.SECONDS);
        b.get(60, TimeUnit.SECONDS);
        assertEquals(committed.get(), counter.value().item(), 0);
    }

    @Test
    void snapshotsNeverMixTwoSteps() throws Exception {
        Parameter a = Parameter.of("a", Tensor.zeros(64));
        Parameter b = Parameter.of("b", Tensor.zeros(64));
        Program step = Program.of(List.of(), List.of(new Assign(a, a.node().add(1)), new Assign(b, b.node().add(1))));
        CountDownLatch started = new CountDownLatch(1);
        Future<?> training = pool.submit(() -> {
            started.countDown();
            for (int i = 0; i < 20000; i++) {
                step.run();
            }
        });
        assertTrue(started.await(10, TimeUnit.SECONDS));
        int mixed = 0;
        while (!training.isDone()) {
            List<Tensor> snap = Parameter.values(List.of(a, b));
            if (snap.get(0).get(0) != snap.get(1).get(0)) {
                mixed++;
            }
        }
        training.get();
        assertEquals(0, mixed);
        assertEquals(20000, a.value().get(0), 0);
    }

    /** out = x, but forward returns a tensor of another shape than declared: a custom op's bug. */
    record WrongShape() implements Op {
        public String name() { return "wrongShape"; }
        public Shape shape(Shape... in) { return in[0]; }
        public Tensor forward(Tensor... in) { return Tensor.zeros(5); }
        public List<Node> vjp(Node out, Node g) { return List.of(g); }
    }

    @Test
    void anOpWhoseForwardBreaksItsDeclaredShapeIsNamedAtOnce() {
        Node y = Node.apply(new WrongShape(), Node.constant(Tensor.zeros(3))).mul(2);
        IllegalStateException e = assertThrows(IllegalStateException.class, y::value);
        assertEquals("wrongShape: forward returned shape [5] for a node of shape [3]; an op's forward must return"
                + " the shape its shape() declares", e.getMessage());
    }

    @Test
    void nullFeedsAndOutputsAreRefusedWithASentence() {
        Node x = Node.placeholder("x", 2);
        Program p = Program.of(x.sum());
        assertEquals("run: feeds are required; pass Map.of() when nothing is fed",
                assertThrows(IllegalArgumentException.class, () -> p.run(null)).getMessage());
        java.util.Map<Node, Tensor> feeds = new java.util.HashMap<>();
        feeds.put(x, null);
        assertEquals("run: placeholder 'x' [2] was fed null",
                assertThrows(IllegalArgumentException.class, () -> p.run(feeds)).getMessage());
        assertEquals("program: output 1 is null",
                assertThrows(IllegalArgumentException.class, () -> Program.of(x, null)).getMessage());
    }
}
