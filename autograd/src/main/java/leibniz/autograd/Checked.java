package leibniz.autograd;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;
import leibniz.autograd.Rule.Domain;
import leibniz.core.DType;
import leibniz.core.Tensor;

/**
 * The checked mode of a {@link Program}, after PyTensor's DebugMode: every value of the compiled program
 * that stands for a node of the graph as written is compared with that node's value, in topological
 * order, and the first difference is reported with the rule to blame.
 *
 * <p>How close the two must be follows the loosest rule that contributed to the compiled value: bit for
 * bit when only {@link Domain#EXACT} rules did; otherwise within a relative tolerance (1e-6 in F64, 1e-3
 * in F32, plus a small absolute one for values near 0); and for stabilizing, symbolic-zero and fast-math
 * rules, any value is accepted where the graph as written gave NaN or ±∞.
 */
final class Checked {
    private Checked() {
    }

    /** Throws {@link IllegalStateException} at the first value of {@code compiled} that differs from its origin's. */
    static void compare(Compiled compiled, Plan plan, Tensor[] values, Plan original, Tensor[] originalValues) {
        Map<Node, Integer> originalSlot = new IdentityHashMap<>();
        for (int i = 0; i < original.nodes.length; i++) {
            originalSlot.put(original.nodes[i], i);
        }
        Map<Node, Domain> loosest = new IdentityHashMap<>();
        for (int i = 0; i < plan.nodes.length; i++) {
            Node f = plan.nodes[i];
            Rule rule = compiled.rules().get(f);
            Domain d = rule == null ? Domain.EXACT : rule.domain();
            if (f.op() instanceof Results.Multi m) {
                d = looser(d, loosest(m, plan.bodies));
            }
            for (Node in : f.inputs()) {
                d = looser(d, loosest.get(in));
            }
            loosest.put(f, d);
            Node origin = compiled.origins().get(f);
            if (origin == null || values[i] == null) {
                continue; // no node of the graph as written, or a fused loop's local
            }
            Tensor written = originalValues[originalSlot.get(origin)];
            int at = firstDifference(written, values[i], d);
            if (at >= 0) {
                throw difference(compiled, f, origin, written, values[i], at);
            }
        }
    }

    /**
     * The loosest domain of the rules that compiled the bodies of {@code m} under {@code options}, and the bodies
     * of the loops in them: a loop's results are as close to the loop as written as its bodies are to theirs.
     */
    static Domain loosest(Results.Multi m, Program.Options options) {
        Domain d = Domain.EXACT;
        for (Body b : m.bodies().values()) {
            d = looser(d, b.program(options, m.plansBodies()).loosest());
        }
        return d;
    }

    /** The looser of two domains. */
    static Domain looser(Domain a, Domain b) {
        return b.ordinal() > a.ordinal() ? b : a;
    }

    /** The first element where {@code compiled} is not close enough to {@code written} for domain d, or -1. */
    static int firstDifference(Tensor written, Tensor compiled, Domain d) {
        double[] a = written.toArray();
        double[] b = compiled.toArray();
        boolean f32 = written.dtype() == DType.F32 || compiled.dtype() == DType.F32;
        double rtol = f32 ? 1e-3 : 1e-6;
        double atol = f32 ? 1e-5 : 1e-9;
        for (int k = 0; k < a.length; k++) {
            if (Double.doubleToLongBits(a[k]) == Double.doubleToLongBits(b[k])) {
                continue;
            }
            double scale = Math.max(Math.abs(a[k]), Math.abs(b[k]));
            boolean close = d != Domain.EXACT && (a[k] == b[k] || Math.abs(a[k] - b[k]) <= atol + rtol * scale);
            boolean repaired = d.ordinal() > Domain.ULPS.ordinal() && !Double.isFinite(a[k]);
            if (!close && !repaired) {
                return k;
            }
        }
        return -1;
    }

    private static IllegalStateException difference(Compiled compiled, Node f, Node origin, Tensor written,
            Tensor value, int at) {
        Node blamed = rewritten(compiled, f);
        Rule rule = blamed == null ? null : compiled.rules().get(blamed);
        Node rewrote = blamed == null ? origin : compiled.origins().getOrDefault(blamed, origin);
        String who = rule == null ? "no rewrite (a merge or a rebuild)" : "rule " + rule.name() + " (" + rule.domain() + ")";
        return new IllegalStateException("checked run: " + who + " changed the value of " + Compiler.describe(rewrote)
                + (rewrote == origin ? "" : ", which feeds " + Compiler.describe(origin)) + ": element "
                + Arrays.toString(index(at, written)) + " is " + written.toArray()[at] + " as written and "
                + value.toArray()[at] + " compiled" + (Double.isNaN(value.toArray()[at])
                        ? " (a checked run fills each buffer with NaN once its last reader has run: a step may have"
                        + " read a value the memory plan had already released)" : ""));
    }

    /** {@code f} if a rule built it, else the nearest node upstream that a rule built, or null. */
    private static Node rewritten(Compiled compiled, Node f) {
        Deque<Node> todo = new ArrayDeque<>();
        Map<Node, Boolean> seen = new IdentityHashMap<>();
        todo.add(f);
        while (!todo.isEmpty()) {
            Node m = todo.poll();
            if (compiled.rules().containsKey(m)) {
                return m;
            }
            for (Node in : m.inputs()) {
                if (seen.put(in, Boolean.TRUE) == null) {
                    todo.add(in);
                }
            }
        }
        return null;
    }

    /** The multi-index of row-major position {@code flat} in {@code t}. */
    static int[] index(int flat, Tensor t) {
        int[] strides = t.shape().strides();
        int[] index = new int[strides.length];
        for (int d = 0; d < strides.length; d++) {
            index[d] = flat / strides[d];
            flat %= strides[d];
        }
        return index;
    }
}
