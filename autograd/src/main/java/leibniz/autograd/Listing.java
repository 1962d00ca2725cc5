package leibniz.autograd;

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

    /** The whole listing of {@code plan}, the compiled graph of {@code c}. */
    static String of(Plan plan, int outputs, List<Assign> updates, Compiled c) {
        Map<Node, Integer> id = new IdentityHashMap<>();
        String[] steps = new String[plan.nodes.length];
        int width = 0;
        for (int i = 0; i < steps.length; i++) {
            Node n = plan.nodes[i];
            id.put(n, i);
            StringBuilder s = new StringBuilder("%").append(i).append(" = ").append(n.op().name());
            if (n.arity() > 0) {
                s.append('(');
                for (int j = 0; j < n.arity(); j++) {
                    s.append(j == 0 ? "%" : ", %").append(id.get(n.input(j)));
                }
                s.append(')');
            }
            steps[i] = s.append(Dot.attributes(n.op())).toString();
            width = Math.max(width, Math.min(steps[i].length(), COLUMN_LIMIT));
        }
        StringBuilder out = new StringBuilder(summary(outputs, updates.size(), c)).append('\n');
        for (int i = 0; i < steps.length; i++) {
            Node n = plan.nodes[i];
            out.append("  ").append(pad(steps[i], width)).append("  ");
            if (n.op() instanceof Results.Multi m) {
                out.append(plural(m.shapes().size(), "result")).append('\n');
                bodies(out, m);
            } else {
                out.append(Dynamic.show(n)).append(' ').append(n.dtype()).append('\n');
            }
        }
        if (outputs > 0) {
            out.append("outputs:");
            for (int k = 0; k < outputs; k++) {
                out.append(k == 0 ? " %" : ", %").append(plan.rootSlots[k]);
            }
            out.append('\n');
        }
        for (int k = 0; k < updates.size(); k++) {
            out.append("assign '").append(updates.get(k).target().name()).append("' = %")
                    .append(plan.rootSlots[outputs + k]).append('\n');
        }
        return out.append(rewrites(c)).toString();
    }

    /** The compiled program of each body of a loop, conditional or checkpoint, indented under its step. */
    private static void bodies(StringBuilder out, Results.Multi m) {
        for (Map.Entry<String, Body> e : m.bodies().entrySet()) {
            out.append("    ").append(e.getKey()).append(":\n");
            for (String line : e.getValue().program().explain().split("\n")) {
                out.append("      ").append(line).append('\n');
            }
        }
    }

    private static String rewrites(Compiled c) {
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
        return out.append(String.format(Locale.ROOT, "compiled in %.1f ms", c.nanos() / 1e6)).append('\n').toString();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    private static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
