package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;

/** The DOT export: node and edge structure, labels, the styling of gradient nodes, deep graphs. */
class DotTest {
    private static final Pattern NODE =
            Pattern.compile("^\\s*n(\\d+) \\[label=\"([^\"]*)\"(.*)\\];$", Pattern.MULTILINE);
    private static final Pattern EDGE = Pattern.compile("^\\s*n(\\d+) -> n(\\d+);$", Pattern.MULTILINE);

    private static int count(Pattern p, String text) {
        Matcher m = p.matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static String line(String dot, int id) {
        Matcher m = NODE.matcher(dot);
        while (m.find()) {
            if (Integer.parseInt(m.group(1)) == id) {
                return m.group(0).strip();
            }
        }
        throw new AssertionError("no node n" + id + " in\n" + dot);
    }

    @Test
    void forwardGraphHasOneBoxPerNodeAndOneEdgePerInput() {
        Parameter w = Parameter.of("w", Tensor.ones(3, 2));
        Node x = Node.placeholder("x", 4, 3);
        Node y = x.matmul(w.node()).tanh().sum();
        String dot = Dot.export(List.of(y));

        assertTrue(dot.startsWith("digraph leibniz {\n"), dot);
        assertTrue(dot.endsWith("}\n"), dot);
        assertEquals(5, count(NODE, dot), dot);
        assertEquals(4, count(EDGE, dot), dot);
        // Inputs come first in the walk, so the ids are deterministic.
        assertEquals("n0 [label=\"placeholder 'x'\\n[4, 3]\", fillcolor=\"#dae8fc\"];", line(dot, 0));
        assertEquals("n1 [label=\"parameter 'w'\\n[3, 2]\", fillcolor=\"#dae8fc\"];", line(dot, 1));
        assertEquals("n2 [label=\"matmul\\n[4, 2]\"];", line(dot, 2));
        assertEquals("n3 [label=\"tanh\\n[4, 2]\"];", line(dot, 3));
        assertEquals("n4 [label=\"sum\\n[]\", peripheries=2];", line(dot, 4));
        assertTrue(dot.contains("  n0 -> n2;\n  n1 -> n2;\n"), dot);
        assertTrue(dot.contains("  n3 -> n4;\n"), dot);
        assertFalse(dot.contains("cluster_gradient"), dot);
        assertEquals(dot, Dot.export(List.of(y)));
    }

    @Test
    void gradientOnlyNodesAreStyledApartInACluster() {
        Parameter x = Parameter.of("x", Tensor.vector(1, 2, 3));
        Node y = x.node().mul(x.node()).sum();
        List<Node> forward = List.of(y);
        List<Node> grads = Autograd.grad(y, x.node());
        String dot = Dot.export(forward, grads);

        int forwardNodes = Topo.order(forward, false).size();
        int allNodes = Topo.order(List.of(y, grads.get(0)), false).size();
        assertEquals(allNodes, count(NODE, dot), dot);
        int dashed = count(Pattern.compile("style=\"rounded,filled,dashed\""), dot);
        assertEquals(allNodes - forwardNodes, dashed, dot);
        assertTrue(dashed > 0, dot);

        int cluster = dot.indexOf("  subgraph cluster_gradient {\n");
        assertTrue(cluster > 0, dot);
        assertTrue(dot.contains("label=\"gradient\""), dot);
        String inside = dot.substring(cluster, dot.indexOf("\n  }\n", cluster));
        assertEquals(dashed, count(NODE, inside), inside);
        assertEquals(dashed, count(Pattern.compile("#f8cecc"), inside), inside);
        // The forward nodes stay outside the cluster, the gradient output is marked as an output.
        assertTrue(line(dot, 0).startsWith("n0 [label=\"parameter 'x'\\n[3]\""), dot);
        assertFalse(inside.contains("parameter 'x'"), inside);
        assertEquals(2, count(Pattern.compile("peripheries=2"), dot), dot);
    }

    @Test
    void labelsShowAttributesAndEscapeQuotes() {
        Node x = Node.placeholder("say \"hi\"", 2, 3);
        Node y = x.slice(1, 1, 3).sum(-1, true).permute(1, 0).mul(2.5);
        String dot = Dot.export(List.of(y));
        assertTrue(dot.contains("label=\"placeholder 'say \\\"hi\\\"'\\n[2, 3]\""), dot);
        assertTrue(dot.contains("label=\"slice axis=1 [1, 3)\\n[2, 2]\""), dot);
        assertTrue(dot.contains("label=\"sum axis=1 keepDims\\n[2, 1]\""), dot);
        assertTrue(dot.contains("label=\"permute [1, 0]\\n[1, 2]\""), dot);
        assertTrue(dot.contains("label=\"constant 2.5\\n[]\", fillcolor=\"#eeeeee\""), dot);
    }

    @Test
    void sharedInputsAppearOnce() {
        Node x = Node.placeholder("x", 2);
        Node y = x.mul(x).add(x);
        String dot = Dot.export(List.of(y, x));
        assertEquals(3, count(NODE, dot), dot);
        assertEquals(4, count(EDGE, dot), dot);
    }

    @Test
    void exportsAChainOfOneHundredThousandNodes() {
        Node x = Node.placeholder("x", 1);
        Node y = x;
        for (int i = 0; i < 100_000; i++) {
            y = y.neg();
        }
        String dot = Dot.export(List.of(y));
        assertEquals(100_001, count(NODE, dot));
        assertEquals(100_000, count(EDGE, dot));
        assertTrue(dot.contains("n100000 [label=\"neg\\n[1]\", peripheries=2];"));
    }

    @Test
    void refusesNoOutputs() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Dot.export(List.of()));
        assertEquals("dot: needs at least one output", e.getMessage());
    }

    @Test
    void loopsAndConditionalsAreOneNodeWithTheirBodiesBeside() {
        Parameter w = Parameter.of("w", Tensor.vector(0.5, -0.3));
        Node xs = Node.placeholder("xs", 5, 2);
        Node h = ControlFlow.scan((c, x) -> new ControlFlow.Step(List.of(c.get(0).mul(w.node()).add(x.get(0)).tanh()),
                List.of()), List.of(Node.constant(Tensor.zeros(2))), List.of(xs)).carry().get(0);
        Node y = ControlFlow.cond(h.sum().gt(Node.scalar(0)), o -> List.of(o.get(0).exp()), o -> o, List.of(h)).get(0);
        String dot = Dot.export(List.of(y));
        assertTrue(dot.contains("n3 [label=\"scan 5 steps\\n1 result\"];"), dot);
        assertTrue(dot.contains("  subgraph cluster_n3_0 {\n    label=\"scan: body\";\n    style=dotted;\n"), dot);
        assertTrue(dot.contains("    n3_0_1 [label=\"placeholder 'captured w'\\n[2]\", fillcolor=\"#dae8fc\"];"), dot);
        assertTrue(dot.contains("    n3_0_5 [label=\"tanh\\n[2]\", peripheries=2];"), dot);
        assertTrue(dot.contains("  n3_0_5 -> n3 [style=dotted];"), dot);
        assertTrue(dot.contains("label=\"cond: true\""), dot);
        assertTrue(dot.contains("label=\"cond: false\""), dot);
        // The outer graph counts its own nodes only: constant, xs, w, scan, pick, sum, constant, gt, cond, pick.
        assertEquals(10, count(NODE, dot), dot);
        // The bodies: scan 6 nodes, the true branch 2, the false branch 1 (it returns its operand).
        assertEquals(6 + 2 + 1, count(Pattern.compile("^\\s*n\\d+_\\d+_\\d+ \\[label", Pattern.MULTILINE), dot), dot);
    }
}
