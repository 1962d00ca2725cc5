package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import leibniz.autograd.Rule.Domain;
import leibniz.core.DType;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/**
 * What the rule properties share: applying one rule, evaluating graphs as written, and comparing values
 * and gradients as a rule's domain promises: bit for bit for {@link Domain#EXACT}, within a number of
 * ulps for {@link Domain#ULPS} (±0 equal, NaN equal to NaN), within a relative tolerance otherwise.
 */
final class Rewrites {
    private static final Program.Options AS_WRITTEN = Program.Options.defaults().uncompiled();

    private Rewrites() {
    }

    /** The rule called {@code name} among every rule the compiler has, fast-math ones included. */
    static Rule rule(String name) {
        List<Rule> all = new ArrayList<>(Compiler.rules(Program.Options.defaults().fastMath(true)));
        all.addAll(new GradientRules(Map.of()).rules());
        return all.stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no rule " + name));
    }

    /** {@code original} compiled with {@code rules} only; fails unless the first of them fired. */
    static Node rewrite(Node original, Rule... rules) {
        Compiled c = Compiler.compile(List.of(original), List.of(rules));
        int fired = c.fired().get(rules[0].name());
        assertTrue(fired > 0, rules[0].name() + " did not fire on " + original);
        return c.roots().get(0);
    }

    /** The values of {@code nodes} as written, placeholders fed by {@code feeds}. */
    static List<Tensor> run(List<Node> nodes, Map<Node, Tensor> feeds) {
        return Program.of(nodes, List.of(), AS_WRITTEN).run(feeds);
    }

    /** The gradients of Σ r ⊙ y with respect to {@code xs}, unmarked, evaluated as written. */
    static List<Tensor> gradients(Node y, List<Node> xs, Map<Node, Tensor> feeds, long seed) {
        Tensor r = Tensor.uniform(seed, 0.5, 1.5, y.shape().dims()).to(y.dtype());
        return run(ReverseMode.derive(y, xs, Node.constant(r)), feeds);
    }

    /**
     * Checks that {@code rewritten} gives {@code original}'s values and gradients with respect to
     * {@code xs} as {@code domain} promises ({@code ulps}: for ULPS), at the inputs {@code values}.
     */
    static void assertKeeps(Domain domain, int ulps, Node original, Node rewritten, List<Node> xs, List<Tensor> values) {
        Map<Node, Tensor> feeds = new HashMap<>();
        for (int i = 0; i < xs.size(); i++) {
            feeds.put(xs.get(i), values.get(i));
        }
        assertEquals(original.shape(), rewritten.shape());
        assertEquals(original.dtype(), rewritten.dtype());
        assertAgree(domain, ulps, "value", run(List.of(original), feeds).get(0), run(List.of(rewritten), feeds).get(0));
        List<Tensor> before = gradients(original, xs, feeds, 7);
        List<Tensor> after = gradients(rewritten, xs, feeds, 7);
        for (int i = 0; i < xs.size(); i++) {
            assertAgree(domain, ulps, "gradient " + i, before.get(i), after.get(i));
        }
    }

    /** Fails unless {@code actual} agrees with {@code expected} as the domain promises. */
    static void assertAgree(Domain domain, int ulps, String what, Tensor expected, Tensor actual) {
        assertEquals(expected.shape(), actual.shape(), what);
        assertEquals(expected.dtype(), actual.dtype(), what);
        double[] a = expected.toArray();
        double[] b = actual.toArray();
        for (int k = 0; k < a.length; k++) {
            if (!agree(domain, ulps, a[k], b[k], expected.dtype())) {
                fail(what + ", element " + k + ": " + a[k] + " before, " + b[k] + " after (" + domain
                        + (domain == Domain.ULPS ? ", " + ulps + " ulps" : "") + ")");
            }
        }
    }

    private static boolean agree(Domain domain, int ulps, double a, double b, DType type) {
        if (Double.doubleToLongBits(a) == Double.doubleToLongBits(b)) {
            return true;
        }
        if (domain == Domain.EXACT || Double.isNaN(a) || Double.isNaN(b)) {
            return false;
        }
        if (a == b) {
            return true;   // ±0: the ULPS rules that change only a zero's sign say so
        }
        double ulp = type == DType.F32 ? Math.ulp((float) Math.max(Math.abs(a), Math.abs(b)))
                : Math.ulp(Math.max(Math.abs(a), Math.abs(b)));
        double tolerance = domain == Domain.ULPS ? ulps * ulp : 1e-12 * Math.max(Math.abs(a), Math.abs(b)) + 1e-15;
        return Math.abs(a - b) <= tolerance;
    }

    /** Doubles of moderate size, with NaN, ±∞, ±0, subnormals and the extremes now and then. */
    static Arbitrary<Double> ieee() {
        return Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.doubles().between(-3, 3).ofScale(3)),
                Tuple.of(2, Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0,
                        Double.MIN_VALUE, -1e-310, Double.MAX_VALUE, -1e300, 1e-300)));
    }

    /** Tensors of rank 0 to 2 (dimensions 1 to 3) whose elements come from {@link #ieee()}. */
    static Arbitrary<Tensor> ieeeTensors() {
        return Arbitraries.integers().between(1, 3).list().ofMaxSize(2).flatMap(dims -> {
            Shape shape = Shape.of(dims.stream().mapToInt(Integer::intValue).toArray());
            return ieee().list().ofSize(shape.size())
                    .map(v -> Tensor.of(v.stream().mapToDouble(Double::doubleValue).toArray(), shape));
        });
    }
}
