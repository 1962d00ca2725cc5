package leibniz.autograd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import leibniz.core.Arguments;
import leibniz.core.DType;
import leibniz.core.Tensor;

/**
 * Graphviz DOT text for a graph: one box per node labelled with its op, its attributes and its
 * shape, and one edge from each input to the node that consumes it.
 *
 * <p>Node ids ({@code n0}, {@code n1}, ...) follow a topological walk from the outputs, so the same
 * graph always exports to the same text. With gradient outputs, the nodes that only the gradients
 * reach are filled red and drawn dashed inside a cluster labelled {@code gradient}; outputs have a
 * double border.
 *
 * <p>A loop, a conditional or a checkpointed call is one node (labelled with its number of results) with
 * each of its bodies drawn beside it as a dotted cluster.
 *
 * <pre>{@code
 * Node y = x.mul(x).sum();
 * String dot = Dot.export(List.of(y), Autograd.grad(y, x));   // render with: dot -Tsvg graph.dot
 * }</pre>
 */
public final class Dot {
    private static final String LEAF_FILL = "#dae8fc";
    private static final String CONSTANT_FILL = "#eeeeee";
    private static final String FORWARD_FILL = "#ffffff";
    private static final String GRADIENT_FILL = "#f8cecc";

    private Dot() {
    }

    /** The DOT text of every node {@code outputs} depend on. */
    public static String export(List<Node> outputs) {
        Arguments.noNulls(outputs, "export", "outputs");
        return export(outputs, List.of());
    }

    /**
     * The DOT text of the forward graph of {@code forward} together with the graph of
     * {@code gradients}; nodes reachable only from {@code gradients} are styled apart and grouped in a
     * cluster.
     */
    public static String export(List<Node> forward, List<Node> gradients) {
        Arguments.noNulls(forward, "export", "forward");
        Arguments.noNulls(gradients, "export", "gradients");
        List<Node> roots = new ArrayList<>(forward);
        roots.addAll(gradients);
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("dot: needs at least one output");
        }
        Set<Node> inForward = identitySet(Topo.order(forward, false));
        Set<Node> isOutput = identitySet(roots);
        List<Node> order = Topo.order(roots, false);
        Map<Node, Integer> id = new IdentityHashMap<>();
        for (Node n : order) {
            id.put(n, id.size());
        }
        StringBuilder out = new StringBuilder(order.size() * 64);
        out.append("digraph leibniz {\n");
        out.append("  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fillcolor=\"")
                .append(FORWARD_FILL).append("\"];\n");
        out.append("  edge [arrowsize=0.6];\n");
        List<Node> gradientOnly = new ArrayList<>();
        for (Node n : order) {
            if (inForward.contains(n)) {
                appendNode(out, "  ", "n", n, id.get(n), isOutput.contains(n), false);
            } else {
                gradientOnly.add(n);
            }
        }
        if (!gradientOnly.isEmpty()) {
            out.append("  subgraph cluster_gradient {\n");
            out.append("    label=\"gradient\";\n    style=dashed;\n");
            out.append("    color=\"#b85450\";\n    fontcolor=\"#b85450\";\n");
            for (Node n : gradientOnly) {
                appendNode(out, "    ", "n", n, id.get(n), isOutput.contains(n), true);
            }
            out.append("  }\n");
        }
        for (Node n : order) {
            for (Node in : n.inputs()) {
                out.append("  n").append(id.get(in)).append(" -> n").append(id.get(n)).append(";\n");
            }
        }
        for (Node n : order) {
            appendBodies(out, "  ", "n" + id.get(n), n);
        }
        return out.append("}\n").toString();
    }

    /**
     * The bodies of a loop, conditional or checkpoint as dotted clusters beside its node, each joined to it
     * by a dotted edge from the body's outputs; bodies inside bodies nest. Ids extend the node's:
     * {@code n7_0_3} is node 3 of body 0 of n7.
     */
    private static void appendBodies(StringBuilder out, String indent, String owner, Node n) {
        if (!(n.op() instanceof Results.Multi m)) {
            return;
        }
        int b = 0;
        for (Map.Entry<String, Body> e : m.bodies().entrySet()) {
            String prefix = owner + "_" + b++ + "_";
            Body body = e.getValue();
            List<Node> order = Topo.order(body.outputs(), false);
            Map<Node, Integer> id = new IdentityHashMap<>();
            for (Node x : order) {
                id.put(x, id.size());
            }
            Set<Node> outputs = identitySet(body.outputs());
            out.append(indent).append("subgraph cluster_").append(prefix, 0, prefix.length() - 1).append(" {\n");
            String inner = indent + "  ";
            out.append(inner).append("label=\"").append(escape(n.op().name() + ": " + e.getKey())).append("\";\n");
            out.append(inner).append("style=dotted;\n");
            for (Node x : order) {
                appendNode(out, inner, prefix, x, id.get(x), outputs.contains(x), false);
            }
            for (Node x : order) {
                for (Node in : x.inputs()) {
                    out.append(inner).append(prefix).append(id.get(in)).append(" -> ").append(prefix)
                            .append(id.get(x)).append(";\n");
                }
                appendBodies(out, inner, prefix + id.get(x), x);
            }
            out.append(indent).append("}\n");
            for (Node y : body.outputs()) {
                out.append(indent).append(prefix).append(id.get(y)).append(" -> ").append(owner)
                        .append(" [style=dotted];\n");
            }
        }
    }

    private static void appendNode(StringBuilder out, String indent, String prefix, Node n, int id, boolean output,
            boolean gradient) {
        out.append(indent).append(prefix).append(id).append(" [label=\"").append(escape(label(n))).append('"');
        String fill = gradient ? GRADIENT_FILL : n.arity() > 0 ? null : n.isConstant() ? CONSTANT_FILL : LEAF_FILL;
        if (fill != null) {
            out.append(", fillcolor=\"").append(fill).append('"');
        }
        if (gradient) {
            out.append(", style=\"rounded,filled,dashed\", color=\"#b85450\"");
        }
        if (output) {
            out.append(", peripheries=2");
        }
        out.append("];\n");
    }

    /** The op name, its attributes where they help a reader (names, axes, ranges), and the shape. */
    static String label(Node n) {
        Op op = n.op();
        if (op instanceof Results.Multi m) {
            int k = m.shapes().size();
            return op.name() + attributes(op) + "\n" + k + (k == 1 ? " result" : " results");
        }
        return op.name() + attributes(op) + "\n" + n.shape();
    }

    /** The attributes a reader needs after the op name, e.g. {@code  axis=1 keepDims}; shared with {@link Listing}. */
    static String attributes(Op op) {
        if (op instanceof Leaves.Read r) {
            return " '" + r.parameter().name() + "'";
        } else if (op instanceof Leaves.Placeholder p) {
            return " '" + p.label() + "'";
        } else if (op instanceof Leaves.Constant c) {
            return c.value().size() == 1 ? " " + number(c.value()) : "";
        } else if (op instanceof ReductionOps.Reduction r) {
            Axes a = r.axes();
            String over = a.flat() ? "" : (a.list().length == 1 ? " axis=" + a.list()[0]
                    : " axes=" + Arrays.toString(a.list())) + (a.keepDims() ? " keepDims" : "");
            double c = op instanceof ReductionOps.Variance v ? v.correction()
                    : op instanceof ReductionOps.Std d ? d.correction() : 0;
            return over + (c != 0 ? " correction=" + c : "");
        } else if (op instanceof MatMulOp m) {
            return (m.transposeA() ? " Aᵀ" : "") + (m.transposeB() ? " Bᵀ" : "");
        } else if (op instanceof LayoutOps.Permute p) {
            return " " + Arrays.toString(p.order());
        } else if (op instanceof LayoutOps.Slice s) {
            return " axis=" + s.axis() + " [" + s.start() + ", " + s.end() + ")"
                    + (s.step() > 1 ? " step " + s.step() : "");
        } else if (op instanceof LayoutOps.Pad p) {
            return " axis=" + p.axis() + " at " + p.start() + (p.step() > 1 ? " step " + p.step() : "");
        } else if (op instanceof LayoutOps.Concat c) {
            return " axis=" + c.axis();
        } else if (op instanceof IndexOps.Gather g) {
            return " axis=" + g.axis();
        } else if (op instanceof IndexOps.ScatterAdd s) {
            return " axis=" + s.axis();
        } else if (op instanceof IndexOps.IndexSelect g) {
            return " axis=" + g.axis();
        } else if (op instanceof IndexOps.IndexAdd s) {
            return " axis=" + s.axis();
        } else if (op instanceof UnaryOps.Softplus s) {
            return s.beta() == 1 && s.threshold() == 20 ? "" : " beta=" + s.beta() + " threshold=" + s.threshold();
        } else if (op instanceof ScanOp s) {
            return (s.dynamic() ? " ? steps" : " " + s.length() + (s.length() == 1 ? " step" : " steps"))
                    + (s.xsAxes().isEmpty() || s.xsAxes().get(0) == 0 ? "" : " axis=" + s.xsAxes().get(0));
        } else if (op instanceof BinaryOps.Clamp c) {
            return " [" + c.lo() + ", " + c.hi() + "]";
        } else if (op instanceof Expectation e) {
            return " " + e.role().noun() + " of " + e.owner();
        }
        return "";
    }

    /** A one-element value as its own type prints it: {@code 0.1} for an F32 0.1, not its widened double. */
    private static String number(Tensor v) {
        return v.dtype() == DType.F32 ? Float.toString((float) v.item()) : Double.toString(v.item());
    }

    /** DOT's quoted-string escapes; a newline becomes a centred line break. */
    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static Set<Node> identitySet(List<Node> nodes) {
        Set<Node> set = Collections.newSetFromMap(new IdentityHashMap<>());
        set.addAll(nodes);
        return set;
    }
}
