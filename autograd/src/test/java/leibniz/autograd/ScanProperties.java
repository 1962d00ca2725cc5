package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import leibniz.autograd.check.GradCheck;
import leibniz.autograd.check.TensorArbitraries;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@code scan} against the loop unrolled in Java over the same body: values, gradients and second
 * derivatives, for random bodies (elementwise, matrix products, indexing) over 1, 2 or a random number of
 * steps, forwards and in reverse; and central differences through {@link GradCheck}. Method names follow
 * {@link OpCoverageTest}: the scan's results are picks, its gradients arrive as tuples.
 */
class ScanProperties {
    private static final int TRIES = 15;

    /** The kinds of body a case runs. */
    enum Kind { ELEMENTWISE, MATMUL, INDEXING }

    /** A loop: its body, direction, initial carries {@code h [a, b]} and {@code s []}, sequence {@code [L, a, b]}, weight. */
    record Case(Kind kind, boolean reverse, Tensor h, Tensor s, Tensor xs, Tensor w) {
        int length() {
            return xs.shape().dim(0);
        }

        /** One step: carries (h, s) and x_t to the next carries and two outputs. */
        ControlFlow.Step step(List<Node> carry, Node x, Node w) {
            Node h = carry.get(0);
            int b = h.shape().dim(1);
            Node next = switch (kind) {
                case ELEMENTWISE -> h.mul(w).add(x).tanh();
                case MATMUL -> h.matmul(w).add(x).tanh();
                case INDEXING -> Node.concat(1, h.slice(1, 1, b), h.slice(1, 0, 1)).mul(w).add(x).sin();
            };
            Node y = switch (kind) {
                case ELEMENTWISE -> next.mul(x).add(h.sin());
                case MATMUL -> next.matmul(w).sum(1);
                case INDEXING -> h.indexSelect(1, Node.constant(Tensor.vector(b - 1, 0))).mul(x.slice(1, 0, 1));
            };
            Node s = carry.get(1).add(next.square().sum());
            return new ControlFlow.Step(List.of(next, s), List.of(y, s.mul(h.mean())));
        }

        /** The scan's final carries and stacked outputs. */
        List<Node> scanned(Node h0, Node s0, Node xs, Node w) {
            ControlFlow.Scanned r = ControlFlow.scan((c, x) -> step(c, x.get(0), w), List.of(h0, s0), List.of(xs), 0,
                    reverse);
            List<Node> out = new ArrayList<>(r.carry());
            out.addAll(r.outputs());
            return out;
        }

        /** The same loop with one copy of the body per step. */
        List<Node> unrolled(Node h0, Node s0, Node xs, Node w) {
            int n = length();
            List<Node> carry = List.of(h0, s0);
            Node[][] ys = new Node[2][n];
            for (int k = 0; k < n; k++) {
                int t = reverse ? n - 1 - k : k;
                ControlFlow.Step step = step(carry, xs.slice(0, t, t + 1).squeeze(0), w);
                carry = step.carry();
                ys[0][t] = step.outputs().get(0);
                ys[1][t] = step.outputs().get(1);
            }
            List<Node> out = new ArrayList<>(carry);
            out.add(Node.stack(0, ys[0]));
            out.add(Node.stack(0, ys[1]));
            return out;
        }

        /** {@code Σ_k <r_k, result_k>} with fixed weights r_k, so every result reaches the gradient. */
        static Node projected(List<Node> results) {
            Node total = Node.scalar(0);
            for (int k = 0; k < results.size(); k++) {
                Shape s = results.get(k).shape();
                total = total.add(results.get(k).mul(Node.constant(Tensor.normal(31 + k, 0, 1, s.dims()))).sum());
            }
            return total;
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<Integer> lengths = Arbitraries.oneOf(Arbitraries.just(1), Arbitraries.just(2),
                Arbitraries.integers().between(3, 6));
        return Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.of(false, true), lengths,
                Arbitraries.integers().between(1, 3), Arbitraries.integers().between(1, 3)).flatAs((kind, rev, n, a, b) ->
                Combinators.combine(TensorArbitraries.tensors(Shape.of(a, b), -1, 1),
                        TensorArbitraries.tensors(Shape.scalar(), -1, 1),
                        TensorArbitraries.tensors(Shape.of(n, a, b), -1, 1),
                        TensorArbitraries.tensors(kind == Kind.MATMUL ? Shape.of(b, b) : Shape.of(b), -1, 1))
                        .as((h, s, xs, w) -> new Case(kind, rev, h, s, xs, w)));
    }

    private static List<Node> leaves(Case c) {
        return List.of(Parameter.of("h0", c.h()).node(), Parameter.of("s0", c.s()).node(),
                Parameter.of("xs", c.xs()).node(), Parameter.of("w", c.w()).node());
    }

    private static void assertClose(Node expected, Node actual, double tol, String what) {
        Tensor e = expected.value();
        Tensor a = actual.value();
        assertEquals(e.shape(), a.shape(), what);
        assertTrue(a.allClose(e, tol, tol), () -> what + ": " + a + " vs " + e);
    }

    @Property(tries = TRIES)
    void gradOfScanOpAndPickAndTupleEqualTheUnrolledLoop(@ForAll("cases") Case c) {
        List<Node> in = leaves(c);
        List<Node> scanned = c.scanned(in.get(0), in.get(1), in.get(2), in.get(3));
        List<Node> unrolled = c.unrolled(in.get(0), in.get(1), in.get(2), in.get(3));
        for (int k = 0; k < scanned.size(); k++) {
            assertClose(unrolled.get(k), scanned.get(k), 1e-12, "result " + k);
        }
        List<Node> g = Autograd.grad(Case.projected(scanned), in);
        List<Node> gu = Autograd.grad(Case.projected(unrolled), in);
        Node v = Node.scalar(0);
        Node vu = Node.scalar(0);
        for (int i = 0; i < in.size(); i++) {
            assertClose(gu.get(i), g.get(i), 1e-10, "gradient " + i);
            Node r = Node.constant(Tensor.normal(7 + i, 0, 1, in.get(i).shape().dims()));
            v = v.add(g.get(i).mul(r).sum());
            vu = vu.add(gu.get(i).mul(r).sum());
        }
        List<Node> h = Autograd.grad(v, in);
        List<Node> hu = Autograd.grad(vu, in);
        for (int i = 0; i < in.size(); i++) {
            assertClose(hu.get(i), h.get(i), 1e-9, "second derivative " + i);
        }
    }

    @Property(tries = TRIES)
    void gradOfScanOpByCentralDifferences(@ForAll("cases") Case c) {
        GradCheck check = GradCheck.of(xs -> Case.projected(c.scanned(xs.get(0), xs.get(1), xs.get(2), xs.get(3))));
        check.check(c.h(), c.s(), c.xs(), c.w());
        check.checkSecondOrder(c.h(), c.s(), c.xs(), c.w());
    }

    @Property(tries = TRIES)
    void checkpointedStepsGiveTheSameBitsAsPlainSteps(@ForAll("cases") Case c) {
        List<Node> in = leaves(c);
        ControlFlow.ScanBody body = (carry, x) -> c.step(carry, x.get(0), in.get(3));
        List<Node> init = List.of(in.get(0), in.get(1));
        ControlFlow.Scanned plain = ControlFlow.scan(body, init, List.of(in.get(2)), 0, c.reverse());
        ControlFlow.Scanned remat = ControlFlow.scan(body.checkpointed(), init, List.of(in.get(2)), 0, c.reverse());
        List<Node> a = new ArrayList<>(plain.carry());
        a.addAll(plain.outputs());
        List<Node> b = new ArrayList<>(remat.carry());
        b.addAll(remat.outputs());
        List<Node> ga = new ArrayList<>(a);
        ga.addAll(Autograd.grad(Case.projected(a), in));
        List<Node> gb = new ArrayList<>(b);
        gb.addAll(Autograd.grad(Case.projected(b), in));
        assertEquals(Program.of(ga).run(), Program.of(gb).run());
    }
}
