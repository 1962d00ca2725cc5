package leibniz.autograd;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The text of {@link Program#explain()}: one line per step of the compiled program, as PyTensor's
 * {@code debugprint} and JAX's jaxpr print them, then the outputs and assignments, the rewrites that
 * fired, and the compile time.
 * <pre>
 * program: 1 output, 0 assignments; 7 nodes as written, 4 compiled       x·2 + x·2, summed over axis 1
 *   %0 = placeholder 'x'          [2, 3] F64
 *   %1 = constant 4.0             [] F64
 *   %2 = mul(%0, %1)              [2, 3] F64
 *   %3 = sum(%2) axis=1 keepDims  [2, 1] F64
 * outputs: %3
 * rewrites:
 *   merge                             3
 *   canonicalize.scalePowersOfTwo     1
 *   canonicalize.addSelf              1
 *   deadCode                          2
 * compiled in 0.3 ms
 * </pre>
 * A loop, a conditional or a checkpointed call is one step, with the listing of each of its bodies'
 * compiled programs indented under it.
 */
final class Listing {
    /** Step texts longer than this do not push the shape column further right. */
    private static final int COLUMN_LIMIT = 48;

    private Listing() {
    }

    /** The first line: outputs, assignments and node counts. */
    static String summary(int outputs, int assignments, Compiled c) {
        String counts = c.asWritten() ? c.after() + " nodes, not compiled"
                : c.before() + " nodes as written, " + c.after() + " compiled";
        return "program: " + plural(outputs, "output") + ", " + plural(assignments, "assignment") + "; " + counts;
    }

    /**
     * The whole listing of {@code plan}, the compiled graph of {@code c}: the leaves, then each step in the
     * order it runs, a fused loop as a header and its members; with {@code sources}, each loop's Java source.
     */
    static String of(Plan plan, int outputs, List<Assign> updates, Compiled c, long planNanos, boolean sources) {
        Map<Node, Integer> id = new IdentityHashMap<>();
        for (int i = 0; i < plan.nodes.length; i++) {
            id.put(plan.nodes[i], i);
        }
        List<String[]> lines = new ArrayList<>();
        boolean[] stepped = new boolean[plan.nodes.length];
        for (Step step : plan.memory.steps) {
            for (int o : step instanceof Step.Fused f ? f.members() : step.outputs()) {
                stepped[o] = true;
            }
        }
        for (int i = 0; i < plan.nodes.length; i++) {
            if (!stepped[i]) {
                lines.add(line(plan.nodes, i, id, ""));
            }
        }
        for (Step step : plan.memory.steps) {
            if (step instanceof Step.Fused f) {
                lines.add(new String[] {"loop #" + f.number() + ": reads " + slots(f.inputs()) + "; writes "
                        + slots(f.outputs()), ""});
                for (int m : f.members()) {
                    lines.add(line(plan.nodes, m, id, "  "));
                }
                if (sources) {
                    for (String source : f.kernel().source().split("\n")) {
                        lines.add(new String[] {"  | " + source, ""});
                    }
                }
            } else {
                int slot = ((Step.Single) step).slot();
                lines.add(line(plan.nodes, slot, id, ""));
                if (plan.nodes[slot].op() instanceof Results.Multi m) {
                    bodies(lines, m);
                }
            }
        }
        int width = 0;
        for (String[] l : lines) {
            if (!l[1].isEmpty()) {
                width = Math.max(width, Math.min(l[0].length(), COLUMN_LIMIT));
            }
        }
        StringBuilder out = new StringBuilder(summary(outputs, updates.size(), c)).append('\n');
        for (String[] l : lines) {
            out.append("  ").append(l[1].isEmpty() ? l[0] : pad(l[0], width) + "  " + l[1]).append('\n');
        }
        if (outputs > 0) {
            out.append("outputs:");
            for (int k = 0; k < outputs; k++) {
                out.append(k == 0 ? " %" : ", %").append(plan.rootSlots[k]);
            }
            out.append('\n');
        }
        for (int k = 0; k < updates.size(); k++) {
            int slot = plan.rootSlots[outputs + k];
            out.append("assign '").append(updates.get(k).target().name()).append("' = %").append(slot)
                    .append(plan.memory.inPlace[slot] ? ", in place" : "").append('\n');
        }
        if (!c.asWritten()) {
            out.append("memory: ").append(plural(plan.memory.buffers(), "buffer"))
                    .append(String.format(Locale.ROOT, ", %,d bytes of intermediates", plan.memory.bytes())).append('\n');
        }
        return out.append(rewrites(c, planNanos)).toString();
    }

    /** {@code %7 = mul(%3, %6)} and {@code [64, 10] F64}, indented by {@code indent}. */
    private static String[] line(Node[] nodes, int i, Map<Node, Integer> id, String indent) {
        Node n = nodes[i];
        StringBuilder s = new StringBuilder(indent).append('%').append(i).append(" = ").append(n.op().name());
        if (n.arity() > 0) {
            s.append('(');
            for (int j = 0; j < n.arity(); j++) {
                s.append(j == 0 ? "%" : ", %").append(id.get(n.input(j)));
            }
            s.append(')');
        }
        String column = n.op() instanceof Results.Multi m ? plural(m.shapes().size(), "result")
                : Dynamic.show(n) + " " + n.dtype();
        return new String[] {s.append(Dot.attributes(n.op())).toString(), column};
    }

    /** The compiled program of each body of a loop, conditional or checkpoint, as lines indented under its step. */
    private static void bodies(List<String[]> lines, Results.Multi m) {
        for (Map.Entry<String, Body> e : m.bodies().entrySet()) {
            lines.add(new String[] {"  " + e.getKey() + ":", ""});
            for (String line : e.getValue().program(m.plansBodies()).explain().split("\n")) {
                lines.add(new String[] {"    " + line, ""});
            }
        }
    }

    private static String slots(int[] slots) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < slots.length; i++) {
            s.append(i == 0 ? "%" : ", %").append(slots[i]);
        }
        return s.toString();
    }

    private static String rewrites(Compiled c, long planNanos) {
        if (c.asWritten()) {
            return "not compiled\n";
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("merge", c.merged());
        counts.putAll(c.fired());
        counts.put("deadCode", c.dead());
        counts.values().removeIf(count -> count == 0);
        int width = counts.keySet().stream().mapToInt(String::length).max().orElse(0);
        StringBuilder out = new StringBuilder(counts.isEmpty() ? "rewrites: none\n" : "rewrites:\n");
        counts.forEach((name, count) -> out.append("  ").append(pad(name, width))
                .append(String.format(Locale.ROOT, " %5d", count)).append('\n'));
        return out.append(String.format(Locale.ROOT, "compiled in %.1f ms (rewrites %.1f ms, fused loops and memory"
                + " plan %.1f ms)\n", (c.nanos() + planNanos) / 1e6, c.nanos() / 1e6, planNanos / 1e6)).toString();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    private static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
