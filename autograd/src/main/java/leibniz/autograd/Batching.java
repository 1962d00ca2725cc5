package leibniz.autograd;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import leibniz.core.Shape;
import leibniz.core.Tensor;

/**
 * The batching engine behind {@link Transforms#vmap}: rebuilds a graph traced for one example so that it
 * computes a whole batch, node by node in topological order. A node none of whose inputs is batched is kept
 * as it is (parameters, constants, anything shared by the examples); every other node is rebuilt by its op's
 * batching rule ({@link Op#batch}). Every batched value holds its batch axis first, which keeps the rules
 * small; the helpers here are what the rules share.
 */
final class Batching {
    private static final Logger LOG = Logger.getLogger(Transforms.class.getName());

    private Batching() {
    }

    /** The outputs of a batched graph, each with its batch axis first where {@code batched} says so. */
    record Result(List<Node> outputs, boolean[] batched) {
    }

    /**
     * {@code outputs} rebuilt for a batch of {@code size}, where each key of {@code standIns} (a node of the
     * traced graph) is replaced by its value, the same node for the whole batch with the batch axis first.
     */
    static Result of(List<Node> outputs, Map<Node, Node> standIns, int size) {
        Map<Node, Node> rebuilt = new IdentityHashMap<>(standIns);
        Set<Class<?>> reported = new HashSet<>();
        for (Node n : Topo.order(outputs, false)) {
            if (n.arity() == 0 || rebuilt.containsKey(n)) {
                continue;
            }
            boolean[] batched = new boolean[n.arity()];
            List<Node> in = new ArrayList<>(n.arity());
            boolean any = false;
            for (int i = 0; i < n.arity(); i++) {
                Node r = rebuilt.get(n.input(i));
                batched[i] = r != null;
                any |= batched[i];
                in.add(r != null ? r : n.input(i));
            }
            if (any) {
                rebuilt.put(n, checked(n, n.op().batch(n, new Inputs(in, reported), batched), size));
            }
        }
        List<Node> out = new ArrayList<>(outputs.size());
        boolean[] flags = new boolean[outputs.size()];
        for (int k = 0; k < outputs.size(); k++) {
            Node r = rebuilt.get(outputs.get(k));
            flags[k] = r != null;
            out.add(r != null ? r : outputs.get(k));
        }
        return new Result(out, flags);
    }

    /**
     * The fallback of an op with no batching rule: the op applied to each example's slices, the results
     * stacked. Logged once per op type in one vmap, since it costs a node per example.
     */
    static Node loop(Node out, List<Node> inputs, boolean[] batched) {
        int size = size(inputs, batched);
        if (!(inputs instanceof Inputs in) || in.reported.add(out.op().getClass())) {
            LOG.log(Level.WARNING, "vmap: op ''{0}'' has no batching rule, so it runs once per example in a loop "
                    + "({1} copies); give it a batch() rule to make it one node", new Object[] {out.op().name(), size});
        }
        if (size == 0) {
            return Node.constant(Tensor.zeros(shape(0, out.shape()), out.dtype()));
        }
        Node[] parts = new Node[size];
        for (int b = 0; b < size; b++) {
            Node[] slices = new Node[inputs.size()];
            for (int i = 0; i < slices.length; i++) {
                slices[i] = batched[i] ? example(inputs.get(i), b) : inputs.get(i);
            }
            parts[b] = Node.apply(out.op(), slices);
        }
        return Node.stack(0, parts);
    }

    /** Example {@code b} of a batched node: its slice at {@code b} along the batch axis, without that axis. */
    static Node example(Node x, int b) {
        return x.indexSelect(0, Node.scalar(b));
    }

    /** The batch size: the leading dimension of the batched inputs. */
    static int size(List<Node> inputs, boolean[] batched) {
        for (int i = 0; i < batched.length; i++) {
            if (batched[i]) {
                return inputs.get(i).shape().dim(0);
            }
        }
        throw new IllegalArgumentException("batch: no input is batched");
    }

    /** {@code [size, ...s]}. */
    static Shape shape(int size, Shape s) {
        return s.inserting(0, size);
    }

    /**
     * {@code x} with a batch axis: itself if batched, else repeated {@code size} times in front (the symbolic zero
     * stays one).
     */
    static Node lift(Node x, boolean batched, int size) {
        if (batched) {
            return x;
        }
        int dynamic = x.dynamicAxis() < 0 ? -1 : x.dynamicAxis() + 1;
        Shape s = shape(size, x.shape());
        return x.isZero() ? Node.zeros(s, x.dtype(), dynamic) : x.broadcastTo(s);
    }

    /**
     * {@code x} ready to broadcast with other values of an example of rank {@code rank}: a batched
     * {@code [B, ...s]} gets size-1 axes after the batch axis up to rank + 1 (so B never meets an axis of the
     * example), an unbatched one broadcasts from the right as it is.
     */
    static Node align(Node x, boolean batched, int rank) {
        int own = x.rank() - 1;
        if (!batched || own >= rank) {
            return x;
        }
        Shape s = x.shape();
        for (int i = own; i < rank; i++) {
            s = s.inserting(1, 1);
        }
        return x.reshape(s);
    }

    /** {@code [B, N, ...]} as {@code [B·N, ...]}: the vmap batch merged into an op's own batch axis. */
    static Node merge(Node x) {
        Shape s = x.shape();
        return x.reshape(s.without(0).withDim(0, s.dim(0) * s.dim(1)));
    }

    /** {@code [B·N, ...]} back to {@code [B, N, ...]}. */
    static Node split(Node x, int size) {
        Shape s = x.shape();
        return x.reshape(s.withDim(0, size == 0 ? 0 : s.dim(0) / size).inserting(0, size));
    }

    /**
     * A rule's result checked against the batched shape of its node, and given the node's type; for a node of
     * several results, a node of several results each with the batch axis first.
     */
    private static Node checked(Node n, Node batched, int size) {
        if (batched == null) {
            throw new IllegalArgumentException("batch rule of " + n.op().name() + ": returned no node");
        }
        if (n.op() instanceof Results.Multi m) {
            List<Shape> want = new ArrayList<>();
            m.shapes().forEach(s -> want.add(shape(size, s)));
            List<Shape> got = batched.op() instanceof Results.Multi b ? b.shapes() : List.of(batched.shape());
            if (!got.equals(want)) {
                throw new IllegalArgumentException("batch rule of " + n.op().name() + ": returned results " + got
                        + " for a batch of " + size + " of " + m.shapes() + " (expected " + want + ")");
            }
            return batched;
        }
        Shape want = shape(size, n.shape());
        if (!batched.shape().equals(want)) {
            throw new IllegalArgumentException("batch rule of " + n.op().name() + ": returned shape "
                    + batched.shape() + " for a batch of " + size + " of " + n.shape() + " (expected " + want + ")");
        }
        return batched.to(n.dtype());
    }

    /** The inputs handed to a rule, carrying the op types whose fallback this vmap has logged. */
    private static final class Inputs extends AbstractList<Node> {
        private final List<Node> nodes;
        private final Set<Class<?>> reported;

        Inputs(List<Node> nodes, Set<Class<?>> reported) {
            this.nodes = nodes;
            this.reported = reported;
        }

        @Override
        public Node get(int i) {
            return nodes.get(i);
        }

        @Override
        public int size() {
            return nodes.size();
        }
    }
}
