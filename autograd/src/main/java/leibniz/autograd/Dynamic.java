package leibniz.autograd;

import java.util.ArrayList;
import java.util.List;
import leibniz.core.Shape;
import leibniz.core.Tensor;

/**
 * Dynamic axes: a placeholder may leave the length of one axis to be given when a program runs
 * ({@code Node.placeholder("x", 32, Node.ANY, 8)}), so one graph serves sequences of any length. Its shape
 * holds 0 there, and every node built from it says where its own dynamic axis is, or refuses with a sentence
 * when it is built. What accepts a dynamic axis is what stays correct whatever the length: a scan along it
 * (its stacked outputs inherit it), elementwise functions, broadcasting against size 1, products with
 * static matrices, reductions and sizes-1 reshapes along the other axes, gathers by dynamic indices, the
 * sums that gradients make of them, and ops with bodies. Everything else (slices, concatenations, reductions
 * over the dynamic axis) needs static shapes; a program checks every fed length.
 */
final class Dynamic {
    private Dynamic() {
    }

    /** The dynamic axis of the node {@code op} makes of {@code in} (-1 for none), or a refusal naming op and shapes. */
    static int axis(Op op, Node[] in) {
        if (op instanceof Leaves.Placeholder p) {
            return p.dynamicAxis();
        }
        if (op instanceof Leaves.Zeros z) {
            return z.dynamicAxis();
        }
        if (op instanceof Gradient) {
            return in[0].dynamicAxis();
        }
        if (op instanceof Results.Pick p) {
            return p.of().dynamicAxis(p.index());
        }
        int first = -1;
        for (int i = 0; i < in.length && first < 0; i++) {
            first = in[i].dynamicAxis() >= 0 ? i : -1;
        }
        if (first < 0 || op instanceof Results.Multi) {
            return -1;
        }
        Node x = in[first];
        int a = x.dynamicAxis();
        if (op instanceof UnaryOps.Elementwise || op instanceof UnaryOps.ActivationGradient
                || op instanceof BinaryOps.Clamp || op instanceof IndexOps.OneHot || op instanceof ZerosLike) {
            return a;
        }
        if (op instanceof BinaryOps.Broadcasting || op instanceof BinaryOps.Where || op instanceof BinaryOps.AddScaled) {
            return broadcast(op, in);
        }
        if (op instanceof ReductionOps.Reduction r && r.axes().rank() == x.rank()) {
            int before = 0;
            boolean over = false;
            for (int axis : r.axes().list()) {
                over |= axis == a;
                before += axis < a ? 1 : 0;
            }
            if (!over) {
                return r.axes().keepDims() ? a : a - before;
            }
        }
        if (op instanceof MatMulOp m && in[0].rank() >= 2) {
            int at = matmul(m, in[0], in[1]);
            if (at >= -1) {
                return at;
            }
        }
        if (op instanceof IndexOps.IndexSelect g && first == 1) {
            return g.axis() + a;
        }
        if (op instanceof IndexOps.Gather && first == 1) {
            return a;
        }
        if (op instanceof IndexOps.IndexAdd || op instanceof IndexOps.ScatterAdd) {
            return -1;
        }
        if (op instanceof LayoutOps.SumTo s) {
            int at = a - (x.rank() - s.target().rank());
            return at >= 0 && s.target().dim(at) == 0 ? at : -1;
        }
        if (op instanceof BroadcastAlong b && first == 0) {
            return b.axis();
        }
        if (op instanceof BroadcastLike && first == 1) {
            return a;
        }
        if (op instanceof LayoutOps.Reshape r) {
            int at = reshaped(x, r.target());
            if (at >= 0) {
                return at;
            }
        }
        throw new IllegalArgumentException(op.name() + ": " + show(x) + " has a dynamic axis, whose length is known only"
                + " when the program runs, and " + op.name() + " needs static shapes here; scan along it, or work on"
                + " its steps in the scan's body");
    }

    /**
     * The output's dynamic axis of {@code op(a) · op(b)} for a matrix a: a's dynamic row or batch axis against a
     * static b, or none when the product sums over the dynamic axis of both (a gradient's {@code aᵀ g}); -2
     * for anything else.
     */
    private static int matmul(MatMulOp m, Node a, Node b) {
        int ra = a.rank();
        int rb = b.rank();
        int da = a.dynamicAxis();
        int db = b.dynamicAxis();
        int innerA = m.transposeA() ? ra - 2 : ra - 1;
        int innerB = rb == 1 ? 0 : m.transposeB() ? rb - 1 : rb - 2;
        if (da >= 0 && db >= 0) {
            return da == innerA && db == innerB ? -1 : -2;
        }
        if (da < 0 || da == innerA) {
            return -2;
        }
        int batch = Math.max(Math.max(ra, rb) - 2, 0);
        return da < ra - 2 ? batch - (ra - 2) + da : batch;
    }

    /** The output's dynamic axis of a broadcasting op, where every dynamic operand lines up and the others are 1. */
    private static int broadcast(Op op, Node[] in) {
        int rank = 0;
        for (Node n : in) {
            rank = Math.max(rank, n.rank());
        }
        int out = -1;
        for (Node n : in) {
            if (n.dynamicAxis() >= 0) {
                int at = rank - n.rank() + n.dynamicAxis();
                if (out >= 0 && at != out) {
                    throw new IllegalArgumentException(op.name() + ": " + shapes(in) + ": dynamic axes do not line up");
                }
                out = at;
            }
        }
        for (Node n : in) {
            int at = out - (rank - n.rank());
            if (n.dynamicAxis() < 0 && at >= 0 && n.shape().dim(at) != 1) {
                throw new IllegalArgumentException(op.name() + ": " + shapes(in) + ": a dynamic dimension broadcasts only"
                        + " against 1 or another dynamic one");
            }
        }
        return out;
    }

    /** Where the dynamic axis of x lands when only size-1 axes are added or removed; -1 if anything else changes. */
    private static int reshaped(Node x, Shape target) {
        List<Integer> from = new ArrayList<>();
        List<Integer> to = new ArrayList<>();
        int at = -1;
        for (int i = 0; i < x.rank(); i++) {
            if (x.shape().dim(i) != 1) {
                from.add(i == x.dynamicAxis() ? -1 : x.shape().dim(i));
            }
        }
        for (int i = 0; i < target.rank(); i++) {
            if (target.dim(i) != 1) {
                to.add(target.dim(i) == 0 && at < 0 ? -1 : target.dim(i));
                at = target.dim(i) == 0 && at < 0 ? i : at;
            }
        }
        return from.equals(to) ? at : -1;
    }

    /** True if a value of shape {@code s} fits node n: its shape, any length of at least 1 along its dynamic axis. */
    static boolean fits(Node n, Shape s) {
        int a = n.dynamicAxis();
        if (a < 0) {
            return s.equals(n.shape());
        }
        return s.rank() == n.rank() && s.dim(a) >= 1 && s.withDim(a, 0).equals(n.shape());
    }

    /** The node's shape with {@code ?} for its dynamic dimension: {@code [32, ?, 8]}. */
    static String show(Node n) {
        int a = n.dynamicAxis();
        if (a < 0) {
            return n.shape().toString();
        }
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < n.rank(); i++) {
            s.append(i == 0 ? "" : ", ").append(i == a ? "?" : String.valueOf(n.shape().dim(i)));
        }
        return s.append(']').toString();
    }

    private static String shapes(Node[] in) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < in.length; i++) {
            s.append(i == 0 ? "" : " and ").append(show(in[i]));
        }
        return s.toString();
    }

    /**
     * out = x repeated to {@code target}, whose dynamic {@code axis} takes x's length there: the spread of a
     * gradient over a node with a dynamic axis ({@link NodeShapes#broadcastTo}).  dx = sumTo(g, shape x).
     * tangent: broadcastAlong(ṫ)
     */
    record BroadcastAlong(Shape target, int axis) implements Op {
        /** x broadcast to {@code target}, where x's dynamic axis lines up with a 0 of target. */
        static Node of(Node x, Shape target) {
            int at = x.dynamicAxis() + target.rank() - x.rank();
            if (at < 0 || target.dim(at) != 0) {
                throw new IllegalArgumentException("broadcastTo: cannot broadcast " + show(x) + " to " + target
                        + ", which has no dynamic axis where it has one");
            }
            return Node.apply(new BroadcastAlong(target, at), x);
        }

        public String name() {
            return "broadcastTo";
        }

        public Shape shape(Shape... in) {
            return new LayoutOps.BroadcastTo(target).shape(in);
        }

        public Tensor forward(Tensor... in) {
            int i = axis - (target.rank() - in[0].rank());
            return in[0].broadcastTo(target.withDim(axis, in[0].shape().dim(i)));
        }

        public List<Node> vjp(Node out, Node g) {
            return List.of(g.sumTo(out.input(0).shape()));
        }

        public Node jvp(Node out, List<Node> t) {
            return Node.apply(this, t.get(0));
        }

        /** x with size-1 axes after the batch axis up to the target's rank, spread to the batched target. */
        public Node batch(Node out, List<Node> in, boolean[] batched) {
            Node x = Batching.align(in.get(0), true, target.rank());
            return Node.apply(new BroadcastAlong(Batching.shape(x.shape().dim(0), target), axis + 1), x);
        }
    }

    /**
     * out = g repeated to the shape of {@code like} as it is when the program runs: the gradient of a sum
     * over a dynamic axis ({@link LayoutOps.SumTo}).  dg = sumTo(h, shape g),  dlike = 0 (only its shape is read).
     * tangent: broadcastLike(ġ, like)
     */
    record BroadcastLike() implements Op {
        public String name() {
            return "broadcastLike";
        }

        public Shape shape(Shape... in) {
            return new LayoutOps.BroadcastTo(in[1]).shape(in[0]);
        }

        public Tensor forward(Tensor... in) {
            return in[0].broadcastTo(in[1].shape());
        }

        public List<Node> vjp(Node out, Node h) {
            Node like = out.input(1);
            return List.of(h.sumTo(out.input(0).shape()), Node.zeros(like.shape(), like.dtype(), like.dynamicAxis()));
        }

        public Node jvp(Node out, List<Node> t) {
            Node g = t.get(0);
            return g.isZero() ? Node.zeros(out.shape(), out.dtype(), out.dynamicAxis())
                    : Node.apply(this, g, out.input(1));
        }

        /** g with size-1 axes after its batch axis, spread like the batch of {@code like} (repeated if shared). */
        public Node batch(Node out, List<Node> in, boolean[] batched) {
            int size = Batching.size(in, batched);
            Node like = Batching.lift(in.get(1), batched[1], size);
            return Node.apply(this, Batching.align(in.get(0), batched[0], like.rank() - 1), like);
        }
    }

    /**
     * out = 0 of x's shape and type as they are when the program runs, PyTorch's {@code zeros_like}: the value
     * of a zero gradient or tangent of a node with a dynamic axis, whose length only a run gives (the symbolic
     * zero has none).  dx = 0 (only its shape is read).  tangent: 0
     */
    record ZerosLike() implements BuiltIn, NoGradient {
        /** {@code z} as a value: zerosLike(like) if z is the symbolic zero of {@code like}'s dynamic shape, else z. */
        static Node valued(Node z, Node like) {
            return z.isZero() && like.dynamicAxis() >= 0 ? Node.apply(new ZerosLike(), like) : z;
        }

        public String name() {
            return "zerosLike";
        }

        public Shape shape(Shape... in) {
            return in[0];
        }

        public Tensor forward(Tensor... in) {
            return Tensor.zeros(in[0].shape(), in[0].dtype());
        }

        /** The zeros of the batched x: its batch axis first, as every batched value. */
        public Node batch(Node out, List<Node> in, boolean[] batched) {
            return Node.apply(this, in.get(0));
        }
    }
}
