package leibniz.autograd;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import leibniz.core.DType;
import leibniz.core.Shape;
import leibniz.core.Tensor;

/**
 * Ops with several results: a loop (its final carries and stacked outputs), a conditional, a checkpointed
 * call. The node of such an op stands for all its results at once; its own value is the empty tensor
 * {@code [0]} and a {@link Program} keeps the results beside it, so none is copied. One {@link Pick} node
 * per result reads one out. The gradient arriving at such a node is a {@link Tuple} of one gradient per
 * result, which {@link GradientSum} assembles from the gradients of the picks.
 */
final class Results {
    /** The shape of a node that stands for several results. */
    static final Shape BUNDLE = Shape.of(0);
    /** Its value: nothing, the results are kept beside it. */
    static final Tensor EMPTY = Tensor.zeros(BUNDLE);

    private Results() {
    }

    /** An op with several results; its node has shape {@link #BUNDLE} and type F64. */
    interface Multi extends Op {
        /** The shapes of the results, in order. */
        List<Shape> shapes();

        /** The element types of the results, in order. */
        List<DType> types();

        /** The dynamic axis of result {@code i} (-1 for none). */
        default int dynamicAxis(int i) {
            return -1;
        }

        /** The graphs this op runs, by role ("body", "true", ...), in order: what Dot draws beside its node. */
        default Map<String, Body> bodies() {
            return Map.of();
        }

        /** The values of the results from the values of the inputs. */
        Tensor[] evaluate(Tensor... in);

        /**
         * Whether its bodies run on programs with a memory plan, whose buffers are held from run to run: a
         * loop's, which reuse them at every step; not a conditional's or a checkpointed call's, which run once
         * per call and keep nothing once it returns (what a checkpoint promises).
         */
        default boolean plansBodies() {
            return true;
        }

        /** The gradient for each input given one gradient per result, symbolic zeros where none arrives. */
        List<Node> vjp(Node out, List<Node> g);

        @Override
        default Shape shape(Shape... in) {
            return BUNDLE;
        }

        @Override
        default DType dtype(DType[] in, Shape[] shapes) {
            return DType.F64;
        }

        @Override
        default Tensor forward(Tensor... in) {
            throw new IllegalStateException(name() + ": has " + shapes().size()
                    + " results, which a Program evaluates together and reads through its picks");
        }

        @Override
        default List<Node> vjp(Node out, Node g) {
            return vjp(out, parts(out, g));
        }
    }

    /**
     * out = result {@code index} of a node of several results.  d(bundle) = the tuple with g at index, zeros
     * elsewhere.  tangent: result index of the bundle's tangent
     */
    record Pick(int index, Multi of) implements Op {
        public String name() {
            return "result " + index;
        }

        public Shape shape(Shape... in) {
            return of.shapes().get(index);
        }

        public DType dtype(DType[] in, Shape[] shapes) {
            return of.types().get(index);
        }

        public Tensor forward(Tensor... in) {
            throw new IllegalStateException(name() + ": a Program reads it from the results of its input");
        }

        public List<Node> vjp(Node out, Node g) {
            List<Node> parts = zeros(of);
            parts.set(index, g);
            return List.of(Tuple.of(parts));
        }

        public Node jvp(Node out, List<Node> t) {
            return part(out.input(0), t.get(0), index);
        }

        /** The same result of the batched bundle, whose every result carries the batch axis first. */
        public Node batch(Node out, List<Node> in, boolean[] batched) {
            return part(in.get(0), in.get(0), index);
        }
    }

    /**
     * results = the inputs, unchanged: the gradient arriving at a node of several results, one part per result,
     * and the tangent leaving one.  d(input i) = g_i.  tangent: the tuple of the inputs' tangents
     */
    record Tuple(List<Shape> shapes, List<DType> types, List<Integer> dynamicAxes) implements Multi {
        static Node of(List<Node> parts) {
            List<Shape> shapes = new ArrayList<>(parts.size());
            List<DType> types = new ArrayList<>(parts.size());
            List<Integer> dynamic = new ArrayList<>(parts.size());
            for (Node p : parts) {
                shapes.add(p.shape());
                types.add(p.dtype());
                dynamic.add(p.dynamicAxis());
            }
            Tuple t = new Tuple(List.copyOf(shapes), List.copyOf(types), List.copyOf(dynamic));
            return Node.apply(t, parts.toArray(new Node[0]));
        }

        @Override
        public int dynamicAxis(int i) {
            return dynamicAxes.get(i);
        }

        public String name() {
            return "tuple";
        }

        public Tensor[] evaluate(Tensor... in) {
            return in.clone();
        }

        public List<Node> vjp(Node out, List<Node> g) {
            return g;
        }

        public Node jvp(Node out, List<Node> t) {
            return of(t);
        }

        /** The tuple of the parts, a part shared by every example repeated over the batch. */
        public Node batch(Node out, List<Node> in, boolean[] batched) {
            return lifted(in, batched, Batching.size(in, batched));
        }
    }

    /** One pick per result of {@code bundle}, in order. */
    static List<Node> picks(Node bundle) {
        Multi m = (Multi) bundle.op();
        List<Node> out = new ArrayList<>(m.shapes().size());
        for (int i = 0; i < m.shapes().size(); i++) {
            out.add(Node.apply(new Pick(i, m), bundle));
        }
        return out;
    }

    /**
     * The gradient or tangent {@code g} of {@code bundle} as one node per result: a tuple's parts, picks of a
     * node of several results, or zeros. Anything else of the bundle's shape holds no element (the symbolic
     * zero, a constant or a product of the empty value), so no gradient: that is never cast to a bundle.
     */
    static List<Node> parts(Node bundle, Node g) {
        if (g.op() instanceof Tuple) {
            return g.inputs();
        }
        return g.op() instanceof Multi ? picks(g) : zeros((Multi) bundle.op());
    }

    /** Result {@code i} of {@code g}, the gradient or tangent of {@code bundle}, as {@link #parts} reads it. */
    static Node part(Node bundle, Node g, int i) {
        if (g.op() instanceof Tuple) {
            return g.input(i);
        }
        if (g.op() instanceof Multi m) {
            return Node.apply(new Pick(i, m), g);
        }
        Multi m = (Multi) bundle.op();
        return Node.zeros(m.shapes().get(i), m.types().get(i), m.dynamicAxis(i));
    }

    /**
     * The tangent of a node of several results as the tuple of its parts: {@code values.get(i)} at result
     * {@code at.get(i)}, the symbolic zero at every other.
     */
    static Node tangent(Multi m, List<Integer> at, List<Node> values) {
        List<Node> parts = zeros(m);
        for (int i = 0; i < at.size(); i++) {
            parts.set(at.get(i), values.get(i));
        }
        return Tuple.of(parts);
    }

    /**
     * The batch of a node of several results, every result with the batch axis first: {@code bundle} itself
     * if all of {@code batched} are, else a tuple of its results with those shared by every example repeated.
     */
    static Node batched(Node bundle, boolean[] batched, int size) {
        boolean all = true;
        for (boolean b : batched) {
            all &= b;
        }
        return all ? bundle : lifted(picks(bundle), batched, size);
    }

    private static Node lifted(List<Node> parts, boolean[] batched, int size) {
        List<Node> lifted = new ArrayList<>(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            lifted.add(Batching.lift(parts.get(i), batched[i], size));
        }
        return Tuple.of(lifted);
    }

    /** A symbolic zero per result of {@code m}. */
    static List<Node> zeros(Multi m) {
        List<Node> parts = new ArrayList<>(m.shapes().size());
        for (int i = 0; i < m.shapes().size(); i++) {
            parts.add(Node.zeros(m.shapes().get(i), m.types().get(i), m.dynamicAxis(i)));
        }
        return parts;
    }

    /**
     * The sum of the gradients of one node of several results, at least one of them a tuple: tuples added
     * part by part. Other contributions (from ops applied to the empty value itself) carry no element.
     */
    static Node sum(List<Node> parts) {
        Tuple like = null;
        for (Node p : parts) {
            if (p.op() instanceof Tuple t) {
                like = t;
            }
        }
        List<Node> total = new ArrayList<>(like.shapes().size());
        for (int i = 0; i < like.shapes().size(); i++) {
            List<Node> terms = new ArrayList<>();
            for (Node p : parts) {
                if (p.op() instanceof Tuple && !p.input(i).isZero()) {
                    terms.add(p.input(i));
                }
            }
            total.add(terms.isEmpty() ? Node.zeros(like.shapes().get(i), like.types().get(i), like.dynamicAxis(i))
                    : GradientSum.of(terms));
        }
        return Tuple.of(total);
    }

    /** True if some node of {@code nodes} has several results. */
    static boolean anyMulti(List<Node> nodes) {
        for (Node n : nodes) {
            if (n.op() instanceof Multi) {
                return true;
            }
        }
        return false;
    }

    /** True if some part is a tuple: the parts are the gradients of a node of several results. */
    static boolean anyTuple(List<Node> parts) {
        for (Node p : parts) {
            if (p.op() instanceof Tuple) {
                return true;
            }
        }
        return false;
    }
}
