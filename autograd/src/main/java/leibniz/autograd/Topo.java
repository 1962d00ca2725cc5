package leibniz.autograd;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Topological order of a graph, by an iterative depth-first walk (a recursive one overflows the stack on deep graphs). */
final class Topo {
    private Topo() {
    }

    /**
     * Every node reachable from {@code roots}, inputs before the nodes that use them. With
     * {@code differentiableOnly}, the walk does not enter the inputs of ops that carry no gradient.
     */
    static List<Node> order(List<Node> roots, boolean differentiableOnly) {
        return order(roots, differentiableOnly ? n -> n.op().differentiable() : n -> true);
    }

    /** Every node reachable from {@code roots}, inputs first, not walking into the inputs of nodes {@code enter} refuses. */
    static List<Node> order(List<Node> roots, Predicate<Node> enter) {
        List<Node> order = new ArrayList<>();
        Map<Node, Boolean> done = new IdentityHashMap<>();
        List<Node> stack = new ArrayList<>();
        List<Integer> next = new ArrayList<>();
        for (Node root : roots) {
            if (done.containsKey(root)) {
                continue;
            }
            stack.add(root);
            next.add(0);
            done.put(root, Boolean.FALSE);
            while (!stack.isEmpty()) {
                int top = stack.size() - 1;
                Node n = stack.get(top);
                int i = next.get(top);
                if (i < n.arity() && enter.test(n)) {
                    next.set(top, i + 1);
                    Node in = n.input(i);
                    if (!done.containsKey(in)) {
                        done.put(in, Boolean.FALSE);
                        stack.add(in);
                        next.add(0);
                    }
                } else {
                    stack.remove(top);
                    next.remove(top);
                    done.put(n, Boolean.TRUE);
                    order.add(n);
                }
            }
        }
        return order;
    }
}
