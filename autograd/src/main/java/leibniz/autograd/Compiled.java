package leibniz.autograd;

import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of compiling a graph: the rewritten roots (outputs, then assigned values), and what the
 * listing and the checked mode need to relate them to the user's graph.
 *
 * @param roots the compiled node of each root, in order
 * @param images for each node of the user's graph, the compiled node that stands for it (it may be dead)
 * @param origins for each compiled node that stands for a node of the user's graph, the first such node
 * @param rules for each compiled node that a rule built, that rule
 * @param fired how often each rule fired, in the order of the rule list
 * @param before the nodes of the user's graph
 * @param after the nodes of the compiled graph
 * @param merged the nodes found equal to one already built (common subexpressions)
 * @param dead the nodes built or kept while rewriting that no root needs
 * @param nanos the compile time
 * @param asWritten true if the graph was not compiled at all
 */
record Compiled(List<Node> roots, Map<Node, Node> images, Map<Node, Node> origins, Map<Node, Rule> rules,
        Map<String, Integer> fired, int before, int after, int merged, int dead, long nanos, boolean asWritten) {

    /** The graph as written: every node stands for itself and nothing fired. */
    static Compiled identity(List<Node> roots) {
        Map<Node, Node> self = new IdentityHashMap<>();
        for (Node n : Topo.order(roots, false)) {
            self.put(n, n);
        }
        return new Compiled(List.copyOf(roots), self, self, Map.of(), new LinkedHashMap<>(), self.size(), self.size(),
                0, 0, 0, true);
    }
}
