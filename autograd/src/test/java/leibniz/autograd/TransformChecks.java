package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import leibniz.autograd.check.GradCheck;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * The checks behind the {@code jvpOf} and {@code vmapOf} properties of every op (see {@link OpCoverageTest}):
 * a JVP against central differences and against the double-VJP trick; a vmap against the op applied to each
 * example and stacked, for the op and for its VJP graph (so the batching rules of the ops that only
 * gradients use are exercised too).
 */
final class TransformChecks {
    private TransformChecks() {
    }

    /** Forward mode of f at {@code xs}: central differences, and the double-VJP result to 1e-10. */
    static void jvp(Function<List<Node>, Node> f, Tensor... xs) {
        GradCheck.of(f).checkJvp(xs);
        agreesWithDoubleVjp(f, xs);
    }

    /** {@link Autograd#jvp} equals the JVP by transposing the whole VJP, for fixed random tangents. */
    static void agreesWithDoubleVjp(Function<List<Node>, Node> f, Tensor... xs) {
        List<Node> in = new ArrayList<>();
        List<Node> tangents = new ArrayList<>();
        Map<Node, Tensor> feeds = new HashMap<>();
        for (int i = 0; i < xs.length; i++) {
            Node x = Node.placeholder("x" + i, xs[i].shape());
            in.add(x);
            feeds.put(x, xs[i]);
            tangents.add(Node.constant(Tensor.uniform(31L * i + xs[i].size(), -1, 1, xs[i].shape().dims())));
        }
        Node y = f.apply(List.copyOf(in));
        Node forward = Autograd.jvp(y, in, tangents);
        Node transposed = doubleVjp(y, in, tangents);
        assertEquals(y.shape(), forward.shape());
        List<Tensor> v = Program.of(forward, transposed).run(feeds);
        assertTrue(v.get(0).allClose(v.get(1), 1e-9, 1e-10),
                () -> "forward " + v.get(0) + " vs double VJP " + v.get(1));
    }

    /** The JVP as it was computed before forward mode: the VJP with a dummy cotangent u, differentiated in u. */
    static Node doubleVjp(Node y, List<Node> xs, List<Node> tangents) {
        Node u = Node.constant(Tensor.zeros(y.shape(), y.dtype()));
        List<Node> pulled = Autograd.vjp(y, xs, u);
        Node total = Node.zeros(Shape.scalar());
        for (int i = 0; i < xs.size(); i++) {
            total = total.add(pulled.get(i).mul(tangents.get(i)).sum());
        }
        return total.isZero() ? Node.zeros(y.shape(), y.dtype()) : Autograd.grad(total, u).get(0);
    }

    /** f and g give the same values and the same JVP, for fixed random tangents, to {@code tol}. */
    static void sameJvp(Function<List<Node>, Node> f, Function<List<Node>, Node> g, Tensor[] at, double tol) {
        List<Node> xs = new ArrayList<>();
        List<Node> ts = new ArrayList<>();
        for (int i = 0; i < at.length; i++) {
            xs.add(Parameter.of("x" + i, at[i]).node());
            ts.add(Node.constant(Tensor.normal(17 + i, 0, 1, at[i].shape().dims())));
        }
        Node a = f.apply(xs);
        Node b = g.apply(xs);
        List<Tensor> v = Program.of(a, Autograd.jvp(a, xs, ts), b, Autograd.jvp(b, xs, ts)).run();
        assertTrue(v.get(0).allClose(v.get(2), tol, tol), () -> "values " + v.get(0) + " vs " + v.get(2));
        assertTrue(v.get(1).allClose(v.get(3), tol, tol), () -> "tangents " + v.get(1) + " vs " + v.get(3));
    }

    /** Several results (a loop's) flattened and joined, so each result's tangent and batch is compared. */
    static Node flat(List<Node> results) {
        Node[] parts = new Node[results.size()];
        for (int k = 0; k < parts.length; k++) {
            parts[k] = results.get(k).reshape(-1);
        }
        return Node.concat(0, parts);
    }

    /** How a vmap property batches its inputs: the batch size, and per input a pick of axis or none. */
    record Batch(int size, List<Integer> picks) {
        /** Input i of rank r: batched at axis {@code pick % (r + 2)} (some written negative), unbatched at r + 1. */
        Integer axis(int i, int rank) {
            int pick = picks.get(i % picks.size());
            int p = pick % (rank + 2);
            if (p == rank + 1) {
                return null;
            }
            return (pick / (rank + 2)) % 2 == 1 ? p - (rank + 1) : p;
        }
    }

    /** Batch sizes 1 to 3 and picks that shrink to "every input batched at axis 0". */
    static Arbitrary<Batch> batches() {
        return Combinators.combine(Arbitraries.integers().between(1, 3),
                Arbitraries.integers().between(0, 40).list().ofMinSize(1).ofMaxSize(4)).as(Batch::new);
    }

    /**
     * vmap of f with {@code examples} batched as {@code batch} says: example b of an input is the generated
     * tensor times (1 + b/2), which keeps signs (so domains) and ties.
     */
    static void vmap(Function<List<Node>, Node> f, Batch batch, Tensor... examples) {
        Stacked s = stacked(batch, examples);
        vmap(f, s.axes(), s.inputs());
    }

    /**
     * vmap of f where input i of example b is {@code examples.get(i)[b]}, each input batched as {@code batch}
     * says (a shared input takes example 0's value); at least one input is batched.
     */
    static void vmapExamples(Function<List<Node>, Node> f, Batch batch, List<Tensor[]> examples) {
        Stacked s = stacked(batch, examples);
        vmap(f, s.axes(), s.inputs());
    }

    /** Batched inputs and the axes that vmap maps them over (null: shared). */
    record Stacked(List<Integer> axes, Tensor[] inputs) {
    }

    /** The examples of {@link #vmap(Function, Batch, Tensor...)} stacked: example b is the tensor times (1 + b/2). */
    static Stacked stacked(Batch batch, Tensor... examples) {
        List<Tensor[]> perExample = new ArrayList<>();
        for (Tensor x : examples) {
            Tensor[] parts = new Tensor[batch.size()];
            for (int b = 0; b < parts.length; b++) {
                parts[b] = x.mul(1 + b / 2.0);
            }
            perExample.add(parts);
        }
        return stacked(batch, perExample);
    }

    /** The examples of {@link #vmapExamples} stacked as {@code batch} says. */
    static Stacked stacked(Batch batch, List<Tensor[]> examples) {
        List<Integer> axes = new ArrayList<>();
        Tensor[] inputs = new Tensor[examples.size()];
        for (int i = 0; i < inputs.length; i++) {
            Tensor[] parts = examples.get(i);
            Integer a = batch.axis(i, parts[0].rank());
            if (i == inputs.length - 1 && a == null && axes.stream().allMatch(x -> x == null)) {
                a = 0;
            }
            axes.add(a);
            inputs[i] = a == null ? parts[0] : Tensor.stack(a < 0 ? a + parts[0].rank() + 1 : a, parts);
        }
        return new Stacked(axes, inputs);
    }

    /**
     * vmap of f over {@code inputs} at {@code inAxes} (null: shared) equals f of each example's slices stacked,
     * and so does vmap of f's VJP with a fixed cotangent; to 1e-10, since a batched product may sum in
     * another order.
     */
    static void vmap(Function<List<Node>, Node> f, List<Integer> inAxes, Tensor... inputs) {
        Function<List<Node>, List<Node>> withVjp = xs -> {
            Node y = f.apply(xs);
            Node r = Node.constant(Tensor.uniform(y.shape().size() + 5L, -1, 1, y.shape().dims()).to(y.dtype()));
            List<Node> out = new ArrayList<>(List.of(y));
            out.addAll(Autograd.vjp(y, xs, r));
            return out;
        };
        vmapOutputs(withVjp, inAxes, inputs);
    }

    /**
     * vmap of f, a function of several outputs, over {@code inputs} at {@code inAxes} (null: shared) equals f of
     * each example's slices stacked, output by output, to 1e-10.
     */
    static void vmapOutputs(Function<List<Node>, List<Node>> f, List<Integer> inAxes, Tensor... inputs) {
        int size = -1;
        List<Node> nodes = new ArrayList<>();
        Map<Node, Tensor> batchFeeds = new HashMap<>();
        for (int i = 0; i < inputs.length; i++) {
            nodes.add(Node.placeholder("batch" + i, inputs[i].shape()));
            batchFeeds.put(nodes.get(i), inputs[i]);
            Integer a = inAxes.get(i);
            size = a == null ? size : inputs[i].shape().dim(a < 0 ? a + inputs[i].rank() : a);
        }
        List<Node> batched = Transforms.vmap(f, inAxes).apply(nodes);
        // Placeholders, not constants, stand for one example: a constant would fold detach() away.
        List<Node> one = new ArrayList<>();
        for (int i = 0; i < inputs.length; i++) {
            Integer a = inAxes.get(i);
            one.add(Node.placeholder("x" + i, a == null ? inputs[i].shape() : example(inputs[i], a, 0).shape()));
        }
        Program single = Program.of(f.apply(one));
        List<List<Tensor>> perExample = new ArrayList<>();
        for (int b = 0; b < size; b++) {
            Map<Node, Tensor> feeds = new HashMap<>();
            for (int i = 0; i < inputs.length; i++) {
                Integer a = inAxes.get(i);
                feeds.put(one.get(i), a == null ? inputs[i] : example(inputs[i], a, b));
            }
            perExample.add(single.run(feeds));
        }
        List<Tensor> actual = Program.of(batched).run(batchFeeds);
        for (int k = 0; k < actual.size(); k++) {
            Tensor[] parts = new Tensor[size];
            for (int b = 0; b < size; b++) {
                parts[b] = perExample.get(b).get(k);
            }
            Tensor expected = Tensor.stack(0, parts);
            Tensor got = actual.get(k);
            String what = "vmap of output " + k;
            assertEquals(expected.shape(), got.shape(), what);
            assertTrue(got.allClose(expected, 1e-10, 1e-10), () -> what + " at inAxes " + inAxes + ": " + got
                    + " vs per example " + expected + " (inputs " + Arrays.toString(inputs) + ")");
        }
    }

    /** Example b of a tensor batched along {@code axis}. */
    static Tensor example(Tensor x, int axis, int b) {
        return x.indexSelect(axis < 0 ? axis + x.rank() : axis, Tensor.scalar(b));
    }
}
