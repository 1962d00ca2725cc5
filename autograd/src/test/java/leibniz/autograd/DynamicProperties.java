package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
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
 * The ops that spread values over a dynamic axis against the static ops they stand for: for every length,
 * a graph over placeholders with a dynamic axis gives the bits that the graph built for that length gives,
 * forward, VJP and the VJP's own VJP (both ops are linear, so those are their derivatives), JVPs and vmap.
 * Method names follow {@link OpCoverageTest}.
 */
class DynamicProperties {
    /** x {@code [a, L, 1]}, cotangents v {@code [a, L, c]} and u {@code [a, L, 1]}, for a random length L. */
    record Spread(Tensor x, Tensor v, Tensor u) {
    }

    @Provide
    Arbitrary<Spread> spreads() {
        return Combinators.combine(Arbitraries.integers().between(1, 3), Arbitraries.integers().between(1, 5),
                Arbitraries.integers().between(1, 3)).flatAs((a, n, c) -> Combinators.combine(
                        TensorArbitraries.tensors(Shape.of(a, n, 1), -1, 1), TensorArbitraries.tensors(Shape.of(a, n, c), -1, 1),
                        TensorArbitraries.tensors(Shape.of(a, n, 1), -1, 1)).as(Spread::new));
    }

    /** The values of y, its VJP with v and that VJP's VJP with u, from placeholders of the data's shapes or dynamic ones. */
    private static List<Tensor> run(Spread s, boolean dynamic, boolean viaSum) {
        int a = s.x().shape().dim(0);
        int n = dynamic ? Node.ANY : s.x().shape().dim(1);
        int c = s.v().shape().dim(2);
        Node x = Node.placeholder("x", a, n, viaSum ? c : 1);
        Node v = Node.placeholder("v", viaSum ? new int[] {c} : new int[] {a, n, c});
        Node u = Node.placeholder("u", a, n, viaSum ? c : 1);
        // broadcastTo of a dynamic x is BroadcastAlong; the VJP of a sum over the dynamic axis is BroadcastLike.
        Node y = viaSum ? x.sumTo(Shape.of(c)) : x.broadcastTo(Shape.of(a, dynamic ? 0 : n, c));
        Node dx = Autograd.vjp(y, List.of(x), v).get(0);
        Node dv = Autograd.vjp(dx, List.of(v), u).get(0);
        Tensor xs = viaSum ? s.v() : s.x();
        Tensor vs = viaSum ? s.v().sum(0).sum(0) : s.v();
        Tensor us = viaSum ? s.v().mul(0.5) : s.u();
        return Program.of(y, dx, dv).run(Map.of(x, xs, v, vs, u, us));
    }

    /**
     * y, its VJP dx with v, the JVP of y along t and that of dx along v, from placeholders of the data's shapes or
     * dynamic ones; with {@code batched}, vmapped over a batch of two examples (the second twice the first).
     */
    private static List<Tensor> transformed(Spread s, boolean dynamic, boolean viaSum, boolean batched) {
        int a = s.x().shape().dim(0);
        int n = dynamic ? Node.ANY : s.x().shape().dim(1);
        int c = s.v().shape().dim(2);
        int[] xd = {a, n, viaSum ? c : 1};
        int[] vd = viaSum ? new int[] {c} : new int[] {a, n, c};
        Function<List<Node>, List<Node>> f = in -> {
            Node x = in.get(0);
            Node v = in.get(1);
            Node y = viaSum ? x.sumTo(Shape.of(c)) : x.broadcastTo(Shape.of(a, dynamic ? 0 : xd[1], c));
            Node dx = Autograd.vjp(y, List.of(x), v).get(0);
            return List.of(y, dx, Autograd.jvp(y, List.of(x), List.of(in.get(2))),
                    Autograd.jvp(dx, List.of(v), List.of(v)));
        };
        List<Tensor> data = List.of(viaSum ? s.v() : s.x(), viaSum ? s.v().sum(0).sum(0) : s.v(),
                viaSum ? s.v().mul(0.5) : s.u());
        List<Node> in = List.of(Node.placeholder("x", batch(xd, batched)), Node.placeholder("v", batch(vd, batched)),
                Node.placeholder("t", batch(xd, batched)));
        Map<Node, Tensor> feeds = new HashMap<>();
        for (int i = 0; i < 3; i++) {
            Tensor d = data.get(i);
            feeds.put(in.get(i), batched ? Tensor.stack(0, d, d.mul(2)) : d);
        }
        return Program.of(batched ? Transforms.vmap(f).apply(in) : f.apply(in)).run(feeds);
    }

    private static int[] batch(int[] dims, boolean batched) {
        if (!batched) {
            return dims;
        }
        int[] out = new int[dims.length + 1];
        out[0] = 2;
        System.arraycopy(dims, 0, out, 1, dims.length);
        return out;
    }

    @Property(tries = 30)
    void jvpOfBroadcastAlongIsThatOfBroadcastToAtEveryLength(@ForAll("spreads") Spread s) {
        assertEquals(transformed(s, false, false, false), transformed(s, true, false, false));
    }

    @Property(tries = 30)
    void jvpOfBroadcastLikeIsThatOfBroadcastToAtEveryLength(@ForAll("spreads") Spread s) {
        assertEquals(transformed(s, false, true, false), transformed(s, true, true, false));
    }

    @Property(tries = 30)
    void vmapOfBroadcastAlongIsThatOfBroadcastToAtEveryLength(@ForAll("spreads") Spread s) {
        assertEquals(transformed(s, false, false, true), transformed(s, true, false, true));
    }

    @Property(tries = 30)
    void vmapOfBroadcastLikeIsThatOfBroadcastToAtEveryLength(@ForAll("spreads") Spread s) {
        assertEquals(transformed(s, false, true, true), transformed(s, true, true, true));
    }

    @Property(tries = 30)
    void gradOfBroadcastAlongIsThatOfBroadcastToAtEveryLength(@ForAll("spreads") Spread s) {
        assertEquals(run(s, false, false), run(s, true, false));
    }

    @Property(tries = 30)
    void gradOfBroadcastLikeIsThatOfBroadcastToAtEveryLength(@ForAll("spreads") Spread s) {
        assertEquals(run(s, false, true), run(s, true, true));
    }

    /** zerosLike(exp x) for a dynamic x [a, ?, 1]: what grad gives for an input the loss does not read. */
    private static Node zerosLike(Node x) {
        return Node.apply(new Dynamic.ZerosLike(), x.exp());
    }

    private static Node dynamic(String name, Tensor like) {
        return Node.placeholder(name, like.shape().dim(0), Node.ANY, like.shape().dim(2));
    }

    @Property(tries = 20)
    void noGradOfZerosLikeGivesZerosOfTheFedLengthToSecondOrder(@ForAll("spreads") Spread s) {
        Node x = dynamic("x", s.x());
        Node v = dynamic("v", s.u());
        Node z = zerosLike(x);
        Node dx = Autograd.vjp(z.add(x), List.of(x), v).get(0);
        Node ddx = Autograd.vjp(Autograd.vjp(z, List.of(x), v).get(0), List.of(x), v).get(0);
        Tensor zeros = Tensor.zeros(s.x().shape());
        assertEquals(List.of(zeros, s.u(), zeros), Program.of(z, dx, ddx).run(Map.of(x, s.x(), v, s.u())));
    }

    @Property(tries = 20)
    void jvpOfZerosLikeIsZeroAlongEveryTangent(@ForAll("spreads") Spread s) {
        Node x = dynamic("x", s.x());
        Node t = dynamic("t", s.u());
        Node z = zerosLike(x);
        List<Tensor> got = Program.of(Autograd.jvp(z, List.of(x), List.of(t)), Autograd.jvp(z.add(x), List.of(x),
                List.of(t))).run(Map.of(x, s.x(), t, s.u()));
        assertEquals(List.of(Tensor.zeros(s.x().shape()), s.u()), got);
    }

    @Property(tries = 20)
    void vmapOfZerosLikeGivesZerosOfEachExamplesLength(@ForAll("spreads") Spread s) {
        Shape one = s.x().shape();
        Node xs = Node.placeholder("xs", 2, one.dim(0), Node.ANY, one.dim(2));
        List<Node> out = Transforms.vmap((List<Node> in) -> List.of(zerosLike(in.get(0)), zerosLike(in.get(0))
                .add(in.get(0)))).apply(List.of(xs));
        Tensor batch = Tensor.stack(0, s.x(), s.x().mul(2));
        assertEquals(List.of(Tensor.zeros(batch.shape()), batch), Program.of(out).run(Map.of(xs, batch)));
    }
}
