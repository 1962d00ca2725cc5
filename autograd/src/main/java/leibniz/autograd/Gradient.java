package leibniz.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import leibniz.core.DType;
import leibniz.core.Shape;
import leibniz.core.Tensor;

/**
 * out = v, the gradient as the VJPs built it, marked with what it is the gradient of: its inputs are
 * {@code (v, y, seed, x₀, …, xₖ₋₁)}, the gradient of y seeded with {@code seed} with respect to
 * {@code x_index}. {@link ReverseMode} marks every gradient it returns. Evaluated as written the marker is
 * v; a compiled program drops it, or, where a stabilizing rewrite changed y, replaces it by the gradient
 * of the rewritten y ({@link GradientRules}), since the VJPs of the unstable form are unstable too.
 * dv = g,  dy = dseed = dx = 0: the value depends on them only through v.  tangent: v̇
 */
record Gradient(int index, Origins origins) implements BuiltIn {
    /**
     * For each node that one reverse pass built, the forward node whose VJP built it, so that a report
     * on a gradient node can name the derivative it belongs to. Compared by identity: the markers of
     * one pass share it, and it is no attribute of the value.
     */
    static final class Origins {
        private final Map<Node, Node> forward = new IdentityHashMap<>();

        /** The forward node whose VJP built {@code n}, if this pass built it. */
        Optional<Node> of(Node n) {
            return Optional.ofNullable(forward.get(n));
        }

        /**
         * Records {@code from} as the origin of every node of {@code dx} that neither the forward graph
         * ({@code known}) nor an earlier VJP of this pass built.
         */
        void record(Node dx, Node from, Set<Node> known) {
            Deque<Node> todo = new ArrayDeque<>();
            todo.push(dx);
            while (!todo.isEmpty()) {
                Node m = todo.pop();
                if (known.contains(m) || forward.containsKey(m)) {
                    continue;
                }
                forward.put(m, from);
                for (Node in : m.inputs()) {
                    todo.push(in);
                }
            }
        }
    }

    /** The marked gradient of {@code y} with respect to {@code xs.get(index)}, whose VJP graph is {@code v}. */
    static Node of(Node v, Node y, Node seed, List<Node> xs, int index, Origins origins) {
        Node[] in = new Node[3 + xs.size()];
        in[0] = v;
        in[1] = y;
        in[2] = seed;
        for (int i = 0; i < xs.size(); i++) {
            in[3 + i] = xs.get(i);
        }
        return Node.apply(new Gradient(index, origins), in);
    }

    public String name() {
        return "gradient";
    }

    public Shape shape(Shape... in) {
        return in[0];
    }

    public DType dtype(DType[] in, Shape[] shapes) {
        return in[0];
    }

    public Tensor forward(Tensor... in) {
        return in[0];
    }

    public List<Node> vjp(Node out, Node g) {
        List<Node> grads = new ArrayList<>(out.arity());
        grads.add(g);
        for (int i = 1; i < out.arity(); i++) {
            grads.add(Node.zeros(out.input(i).shape(), out.input(i).dtype()));
        }
        return grads;
    }

    /** tangent: v̇, the tangent of the gradient as written; the marker is for the compiler, not for tangents. */
    public Node jvp(Node out, List<Node> t) {
        return t.get(0);
    }

    /**
     * The batch of v, unmarked: a marker would claim the batch is the gradient of the batched y with respect
     * to the batched xs, and a compiled program would derive that sum in its place, where the batch is one
     * gradient per example.
     */
    public Node batch(Node out, List<Node> in, boolean[] batched) {
        return Batching.lift(in.get(0), batched[0], Batching.size(in, batched));
    }

    /** The function differentiated. */
    static Node function(Node marker) {
        return marker.input(1);
    }

    /** The output gradient it was seeded with. */
    static Node seed(Node marker) {
        return marker.input(2);
    }

    /** The inputs differentiated, of which this marker's gradient is number {@link #index()}. */
    static List<Node> inputs(Node marker) {
        return marker.inputs().subList(3, marker.arity());
    }
}
