package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The contracted graph that fusion grows keeps a topological order of its vertices, and answers whether a value
 * depends on a group as a search of the whole contracted graph does: on random graphs whose nodes join the
 * groups of their inputs and merge groups as {@link Fusion} does (only where no cycle forms, by that search),
 * after every join and merge. And a node joins its input's loop however deep the graph below them is.
 */
class ContractedProperties {
    /**
     * {@code tanh(c) + c·w} over a chain of 30,000 products c: whether the sum may join tanh's loop is asked of
     * c·w, whose search stops at c (ordered before the loop), where a search of everything below would give up.
     */
    @Example
    void aNodeJoinsItsInputsLoopAboveAGraphTooDeepToSearchWhole() {
        Node w = Node.constant(Tensor.of(new double[] {0.5, 0.1, -0.2, 0.4}, 2, 2));
        Node c = Node.placeholder("x", 2, 2);
        for (int k = 0; k < 30_000; k++) {
            c = c.matmul(w);
        }
        String listing = Program.of(c.tanh().add(c.matmul(w))).explain();
        assertEquals(1, listing.lines().filter(l -> l.trim().startsWith("loop #")).count(),
                () -> listing.substring(listing.indexOf("loop #")));
    }

    /** A graph: for each node, numbers that pick its inputs among the earlier nodes (none: a leaf). */
    @Provide
    Arbitrary<List<List<Integer>>> graphs() {
        return Arbitraries.integers().between(0, 99).list().ofMaxSize(3).list().ofMinSize(2).ofMaxSize(40);
    }

    @Property(tries = 300)
    void theOrderStaysTopologicalAndDependenceMatchesAWholeSearch(@ForAll("graphs") List<List<Integer>> picks) {
        int n = picks.size();
        int[][] inputs = new int[n][];
        boolean[] leaf = new boolean[n];
        for (int i = 0; i < n; i++) {
            int earlier = i;
            List<Integer> p = i == 0 ? List.of() : picks.get(i);
            inputs[i] = p.stream().mapToInt(v -> v % earlier).toArray();
            leaf[i] = inputs[i].length == 0;
        }
        Contracted graph = new Contracted(inputs, leaf);
        for (int i = 0; i < n; i++) {
            // Some nodes stay out of every group, as products and layout ops do.
            if (leaf[i] || picks.get(i).stream().mapToInt(Integer::intValue).sum() % 3 == 0) {
                continue;
            }
            int joined = -1;
            for (int s : inputs[i]) {
                int g = graph.group(s);
                if (g >= 0 && !otherInputDependsOn(graph, inputs, i, g)) {
                    graph.join(g, i);
                    joined = g;
                    check(graph, inputs, leaf);
                    break;
                }
            }
            if (joined < 0) {
                graph.start(i);
                continue;
            }
            for (int t : inputs[i]) {
                int h = graph.group(t);
                if (h >= 0 && h != joined && !throughOthers(graph, inputs, h, joined)
                        && !throughOthers(graph, inputs, joined, h)) {
                    graph.merge(joined, h);
                    check(graph, inputs, leaf);
                }
            }
        }
    }

    /** Every edge between two vertices goes up the order, and every dependence answer is the whole search's. */
    private static void check(Contracted graph, int[][] inputs, boolean[] leaf) {
        int n = inputs.length;
        for (int x = 0; x < n; x++) {
            for (int s : inputs[x]) {
                if (!leaf[s] && !sameVertex(graph, s, x)) {
                    assertTrue(graph.position(s) < graph.position(x), "edge " + s + " → " + x + " goes down the order");
                }
            }
        }
        for (int s = 0; s < n; s++) {
            for (int m = 0; m < n; m++) {
                int g = graph.group(m);
                if (g >= 0) {
                    assertEquals(wholeSearch(graph, inputs, s, g), graph.dependsOn(s, g), "slot " + s + ", group " + g);
                }
            }
        }
    }

    private static boolean otherInputDependsOn(Contracted graph, int[][] inputs, int i, int g) {
        for (int s : inputs[i]) {
            if (graph.group(s) != g && wholeSearch(graph, inputs, s, g)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a member of group {@code from} reads, through a vertex of neither group, something on group {@code to}. */
    private static boolean throughOthers(Contracted graph, int[][] inputs, int from, int to) {
        for (int m : graph.members(from)) {
            for (int s : inputs[m]) {
                int g = graph.group(s);
                if (g != from && g != to && wholeSearch(graph, inputs, s, to)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether slot s reaches group g down the inputs, a group reaching the inputs of all its members: no pruning. */
    private static boolean wholeSearch(Contracted graph, int[][] inputs, int s, int g) {
        boolean[] seen = new boolean[inputs.length];
        Deque<Integer> todo = new ArrayDeque<>(List.of(s));
        while (!todo.isEmpty()) {
            int x = todo.pop();
            if (seen[x]) {
                continue;
            }
            seen[x] = true;
            if (graph.group(x) == g) {
                return true;
            }
            List<Integer> from = graph.group(x) >= 0 ? graph.members(graph.group(x)) : List.of(x);
            for (int m : from) {
                for (int in : inputs[m]) {
                    todo.push(in);
                }
            }
        }
        return false;
    }

    private static boolean sameVertex(Contracted graph, int a, int b) {
        return graph.group(a) >= 0 && graph.group(a) == graph.group(b) || a == b;
    }
}
