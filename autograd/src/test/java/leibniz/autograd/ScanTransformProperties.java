package leibniz.autograd;

import static leibniz.autograd.TransformChecks.flat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import leibniz.autograd.ScanProperties.Case;
import leibniz.autograd.TransformChecks.Batch;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Forward mode and vmap of {@code scan} (its picks and the tuples its gradients arrive as), for the random
 * bodies of {@link ScanProperties}: the JVP against central differences, the double-VJP result and the
 * loop unrolled in Java; the JVP of its gradient (the reverse scan and the twin that saves its residuals),
 * and Hessians by forward over reverse; vmap of the loop and of its VJP against each example alone. Method
 * names follow {@link OpCoverageTest}.
 */
class ScanTransformProperties {
    private static final int TRIES = 12;

    @Provide
    Arbitrary<Case> cases() {
        return new ScanProperties().cases();
    }

    @Provide
    Arbitrary<Batch> batches() {
        return TransformChecks.batches();
    }

    private static Function<List<Node>, Node> scanned(Case c) {
        return xs -> flat(c.scanned(xs.get(0), xs.get(1), xs.get(2), xs.get(3)));
    }

    private static Function<List<Node>, Node> unrolled(Case c) {
        return xs -> flat(c.unrolled(xs.get(0), xs.get(1), xs.get(2), xs.get(3)));
    }

    /** The projected loss's gradient with respect to every input, projected again: a function of the reverse scan. */
    private static Function<List<Node>, Node> gradient(Function<List<Node>, Node> f) {
        return xs -> {
            Node y = f.apply(xs);
            Node loss = y.mul(Node.constant(Tensor.normal(3, 0, 1, y.shape().dims()))).sum();
            return flat(Autograd.grad(loss, xs));
        };
    }

    private static Tensor[] inputs(Case c) {
        return new Tensor[] {c.h(), c.s(), c.xs(), c.w()};
    }

    @Property(tries = TRIES)
    void jvpOfScanOpAndPickAndTupleAgreesWithDifferencesAndTheDoubleVjp(@ForAll("cases") Case c) {
        TransformChecks.jvp(scanned(c), inputs(c));
    }

    @Property(tries = TRIES)
    void jvpOfScanOpEqualsThatOfTheUnrolledLoop(@ForAll("cases") Case c) {
        TransformChecks.sameJvp(scanned(c), unrolled(c), inputs(c), 1e-10);
    }

    /**
     * The default JVP (the double-VJP trick) of a node of several results seeds a tuple of per-result dummies and
     * gives a tuple of tangents, which the loop's own rule matches: a constant of the bundle's empty shape
     * reaches no cast (it once did, as a ClassCastException, when hessian became forward over reverse).
     */
    @Property(tries = TRIES)
    void jvpOfScanOpEqualsTheDefaultRuleOnItsSeveralResults(@ForAll("cases") Case c) {
        List<Node> in = List.of(Parameter.of("h0", c.h()).node(), Parameter.of("s0", c.s()).node(),
                Parameter.of("xs", c.xs()).node(), Parameter.of("w", c.w()).node());
        Node bundle = c.scanned(in.get(0), in.get(1), in.get(2), in.get(3)).get(0).input(0);
        List<Node> t = new ArrayList<>();
        for (Node x : bundle.inputs()) {
            t.add(Node.constant(Tensor.normal(x.shape().size() + 7L, 0, 1, x.shape().dims())));
        }
        List<Node> own = Results.parts(bundle, bundle.op().jvp(bundle, t));
        List<Node> transposed = Results.parts(bundle, ForwardMode.transposedVjp(bundle, t));
        List<Tensor> a = Program.of(own).run();
        List<Tensor> b = Program.of(transposed).run();
        for (int k = 0; k < a.size(); k++) {
            Tensor x = a.get(k);
            Tensor y = b.get(k);
            assertTrue(x.allClose(y, 1e-10, 1e-10), () -> "result tangent " + x + " vs the double VJP " + y);
        }
        Node empty = Node.constant(Tensor.zeros(bundle.shape()));
        assertTrue(Results.parts(bundle, empty).stream().allMatch(Node::isZero), "no element, so no gradient");
    }

    /** Forward over reverse: the JVP of the reverse scan, whose residuals a twin of the forward scan saves. */
    @Property(tries = TRIES)
    void jvpOfScanOpOverItsGradient(@ForAll("cases") Case c) {
        TransformChecks.jvp(gradient(scanned(c)), inputs(c));
        TransformChecks.sameJvp(gradient(scanned(c)), gradient(unrolled(c)), inputs(c), 1e-9);
    }

    /** Hessians are jacfwd of the gradient: forward mode batched over the columns of the identity. */
    @Property(tries = TRIES)
    void jvpOfScanOpGivesTheHessianOfTheUnrolledLoop(@ForAll("cases") Case c) {
        List<Node> in = List.of(Parameter.of("h0", c.h()).node(), Parameter.of("s0", c.s()).node(),
                Parameter.of("xs", c.xs()).node(), Parameter.of("w", c.w()).node());
        Node loop = Case.projected(c.scanned(in.get(0), in.get(1), in.get(2), in.get(3)));
        Node loopUnrolled = Case.projected(c.unrolled(in.get(0), in.get(1), in.get(2), in.get(3)));
        for (Node x : List.of(in.get(0), in.get(3))) {
            List<Tensor> h = Program.of(Autograd.hessian(loop, x), Autograd.hessian(loopUnrolled, x)).run();
            assertTrue(h.get(0).allClose(h.get(1), 1e-9, 1e-9), () -> "hessian " + h.get(0) + " vs " + h.get(1));
        }
    }

    /** vmap of the loop and of its VJP: the batched reverse scan and the batched twin that saves its residuals. */
    @Property(tries = TRIES)
    void vmapOfScanOpAndPickAndTuple(@ForAll("cases") Case c, @ForAll("batches") Batch b) {
        TransformChecks.vmap(scanned(c), b, inputs(c));
    }

    /** vmap of forward mode through the loop: the batched JVP scan. */
    @Property(tries = TRIES)
    void vmapOfScanOpThroughItsJvp(@ForAll("cases") Case c, @ForAll("batches") Batch b) {
        TransformChecks.Stacked s = TransformChecks.stacked(b, inputs(c));
        TransformChecks.vmapOutputs(xs -> {
            Node y = scanned(c).apply(xs);
            List<Node> ts = new ArrayList<>();
            for (int i = 0; i < xs.size(); i++) {
                ts.add(Node.constant(Tensor.normal(23 + i, 0, 1, xs.get(i).shape().dims())));
            }
            return List.of(y, Autograd.jvp(y, xs, ts));
        }, s.axes(), s.inputs());
    }

    /**
     * A carry that no example changes (a step counter) stays shared: the batched loop's results then come out
     * of a tuple that repeats it; values as each example alone, with a shared sequence too.
     */
    @Property(tries = TRIES)
    void vmapOfScanOpKeepsSharedCarriesShared(@ForAll("cases") Case c, @ForAll("batches") Batch b) {
        Function<List<Node>, Node> f = xs -> {
            ControlFlow.Scanned r = ControlFlow.scan((carry, x) -> {
                Node step = carry.get(1).add(1);
                Node h = carry.get(0).mul(step).add(x.get(0).mul(xs.get(1))).tanh();
                return new ControlFlow.Step(List.of(h, step), List.of(h.mul(x.get(1)), step));
            }, List.of(xs.get(0), Node.scalar(0)), List.of(xs.get(2), Node.constant(c.xs())));
            List<Node> all = new ArrayList<>(r.carry());
            all.addAll(r.outputs());
            return flat(all);
        };
        TransformChecks.vmap(f, b, c.h(), c.s(), c.xs());
    }

    /** A batched scan is one scan, and with its gradient still runs the forward loop once (its twin). */
    @Test
    void vmapOfScanOpUnderItsGradientRunsAsManyLoopsAsOneExample() {
        Case c = new Case(ScanProperties.Kind.MATMUL, false, Tensor.normal(1, 0, 1, 2, 3), Tensor.scalar(0.5),
                Tensor.normal(2, 0, 1, 4, 2, 3), Tensor.normal(3, 0, 0.5, 3, 3));
        Function<List<Node>, List<Node>> f = gradientsOf(c);
        Node h = Node.placeholder("h", 2, 3);
        Node w = Node.placeholder("w", 3, 3);
        Node xs = Node.placeholder("xs", 5, 4, 2, 3);
        List<Node> one = f.apply(List.of(h, Node.placeholder("x", 4, 2, 3), w));
        List<Node> batch = Transforms.vmap(f, Arrays.asList(null, 0, null)).apply(List.of(h, xs, w));
        assertEquals(2, loops(Program.of(one)), "a forward loop (the twin) and a reverse one");
        assertEquals(loops(Program.of(one)), loops(Program.of(batch)));
        Tensor data = Tensor.normal(4, 0, 1, 5, 4, 2, 3);
        Map<Node, Tensor> feeds = Map.of(h, c.h(), w, c.w(), xs, data);
        List<Tensor> got = Program.of(batch).run(feeds);
        for (int e = 0; e < 5; e++) {
            List<Tensor> want = Program.of(f.apply(List.of(h, Node.constant(TransformChecks.example(data, 0, e)), w)))
                    .run(Map.of(h, c.h(), w, c.w()));
            for (int k = 0; k < want.size(); k++) {
                Tensor g = TransformChecks.example(got.get(k), 0, e);
                Tensor wk = want.get(k);
                assertTrue(g.allClose(wk, 1e-10, 1e-10), () -> "example gradient " + g + " vs " + wk);
            }
        }
    }

    /** A value and its tangent, its gradient and the gradient's tangent, run each loop once (with twins). */
    @Test
    void jvpOfScanOpRunsTheLoopOnceBesideItsValue() {
        Case c = new Case(ScanProperties.Kind.ELEMENTWISE, true, Tensor.normal(1, 0, 1, 2, 3), Tensor.scalar(0.5),
                Tensor.normal(2, 0, 1, 4, 2, 3), Tensor.normal(3, 0, 0.5, 3));
        Node w = Parameter.of("w", c.w()).node();
        Node v = Node.constant(Tensor.normal(5, 0, 1, 3));
        Node y = Case.projected(c.scanned(Node.constant(c.h()), Node.constant(c.s()), Node.constant(c.xs()), w));
        Node t = Autograd.jvp(y, List.of(w), List.of(v));
        assertEquals(1, loops(Program.of(y, t)), "the JVP scan computes the value too");
        Node g = Autograd.grad(y, w).get(0);
        Node hv = Autograd.jvp(g, List.of(w), List.of(v));
        assertEquals(2, loops(Program.of(y, t, g, hv)), "forward (with tangents) and reverse (with tangents)");
        Node unrolled = Case.projected(c.unrolled(Node.constant(c.h()), Node.constant(c.s()), Node.constant(c.xs()),
                w));
        List<Tensor> a = Program.of(y, t, g, hv).run();
        List<Tensor> b = Program.of(unrolled, Autograd.jvp(unrolled, List.of(w), List.of(v)),
                Autograd.grad(unrolled, w).get(0), Autograd.hvp(unrolled, w, v)).run();
        for (int k = 0; k < a.size(); k++) {
            Tensor x = a.get(k);
            Tensor z = b.get(k);
            assertTrue(x.allClose(z, 1e-10, 1e-10), () -> x + " vs unrolled " + z);
        }
    }

    /** The gradients of the projected loop with respect to h0 and w, per example (an example's sequence). */
    private static Function<List<Node>, List<Node>> gradientsOf(Case c) {
        return xs -> {
            Node loss = Case.projected(c.scanned(xs.get(0), Node.scalar(0.5), xs.get(1), xs.get(2)));
            return Autograd.grad(loss, List.of(xs.get(0), xs.get(2)));
        };
    }

    /** The loops a program runs: the steps of its listing that are scans. */
    private static int loops(Program p) {
        int n = 0;
        for (String line : p.explain().split("\n")) {
            n += line.matches("  %\\d+ = scan.*") ? 1 : 0;
        }
        return n;
    }
}
