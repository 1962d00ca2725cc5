package leibniz.autograd;

import static leibniz.autograd.Rewrites.assertKeeps;
import static leibniz.autograd.Rewrites.rewrite;
import static leibniz.autograd.Rewrites.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Each specialization rule keeps values and gradients, at inputs that include NaN, ±∞, ±0 and
 * subnormals; pow's replacements within the ulps their Javadoc states (gradients: pow's VJP rounds
 * x^(b−1) and a product more). The method names are the rules' ({@code RuleCoverageTest}).
 */
class SpecializeProperties {
    private static final int TRIES = 40;

    @Provide
    Arbitrary<Tensor> ieeeTensors() {
        return Rewrites.ieeeTensors();
    }

    private static void check(String name, int ulps, Tensor x, java.util.function.UnaryOperator<Node> f) {
        Node p = Node.placeholder("x", x.shape());
        Node original = f.apply(p);
        assertKeeps(rule(name).domain(), ulps, original, rewrite(original, rule(name)), List.of(p), List.of(x));
    }

    @Property(tries = TRIES)
    void powOne(@ForAll("ieeeTensors") Tensor x) {
        check("specialize.powOne", 0, x, p -> p.pow(1));
    }

    @Property(tries = TRIES)
    void powTwo(@ForAll("ieeeTensors") Tensor x) {
        check("specialize.powTwo", 2, x, p -> p.pow(2));
    }

    /** Everywhere but at −0 and −∞ ({@link #powHalfDiffersAtMinusZeroAndMinusInfinity}). */
    @Property(tries = TRIES)
    void powHalf(@ForAll("ieeeTensors") Tensor x) {
        Tensor t = x.map(v -> Double.doubleToRawLongBits(v) == Long.MIN_VALUE ? 0.0
                : v == Double.NEGATIVE_INFINITY ? Double.POSITIVE_INFINITY : v);
        check("specialize.powHalf", 4, t, p -> p.pow(0.5));
    }

    @Example
    void powHalfDiffersAtMinusZeroAndMinusInfinity() {
        Node p = Node.placeholder("x", 2);
        Node rewritten = rewrite(p.pow(0.5), rule("specialize.powHalf"));
        Map<Node, Tensor> feed = Map.of(p, Tensor.vector(-0.0, Double.NEGATIVE_INFINITY));
        assertEquals(Tensor.vector(0.0, Double.POSITIVE_INFINITY), Rewrites.run(List.of(p.pow(0.5)), feed).get(0));
        assertEquals(Tensor.vector(-0.0, Double.NaN), Rewrites.run(List.of(rewritten), feed).get(0));
    }

    @Property(tries = TRIES)
    void powMinusOne(@ForAll("ieeeTensors") Tensor x) {
        check("specialize.powMinusOne", 4, x, p -> p.pow(-1));
    }

    @Property(tries = TRIES)
    void mulSelf(@ForAll("ieeeTensors") Tensor x) {
        check("specialize.mulSelf", 0, x, p -> p.mul(p));
    }
}
