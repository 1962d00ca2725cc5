package leibniz.autograd;

import static leibniz.autograd.Rewrites.assertKeeps;
import static leibniz.autograd.Rewrites.rewrite;
import static leibniz.autograd.Rewrites.rule;
import static leibniz.autograd.check.TensorArbitraries.tensors;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;

/**
 * The fast-math rules keep values and gradients to a relative 1e-12 on moderate finite inputs, the
 * domain where they are used; {@link #mulZeroIsWrongAtInfinityAndNaN} shows why they are off by default.
 * The method names are the rules' ({@code RuleCoverageTest}).
 */
class FastMathProperties {
    private static final int TRIES = 30;

    @Provide
    Arbitrary<Tensor> moderate() {
        return tensors(0, 2, 3, -3, 3);
    }

    private static void check(String name, Tensor x, UnaryOperator<Node> f) {
        Node p = Node.placeholder("x", x.shape());
        Node original = f.apply(p);
        assertKeeps(rule(name).domain(), 0, original, rewrite(original, rule(name)), List.of(p), List.of(x));
    }

    @Property(tries = TRIES)
    void mulZero(@ForAll("moderate") Tensor x) {
        check("fastMath.mulZero", x, p -> p.mul(0));
    }

    @Example
    void mulZeroIsWrongAtInfinityAndNaN() {
        Node p = Node.placeholder("x", 2);
        Map<Node, Tensor> feed = Map.of(p, Tensor.vector(Double.POSITIVE_INFINITY, Double.NaN));
        assertEquals(Tensor.vector(Double.NaN, Double.NaN), Rewrites.run(List.of(p.mul(0)), feed).get(0));
        Node rewritten = rewrite(p.mul(0), rule("fastMath.mulZero"));
        assertEquals(Tensor.vector(0, 0), Rewrites.run(List.of(rewritten), feed).get(0));
    }

    @Property(tries = TRIES)
    void collectProducts(@ForAll("moderate") Tensor x, @ForAll @DoubleRange(min = -3, max = 3) double a,
            @ForAll @DoubleRange(min = -3, max = 3) double b) {
        check("fastMath.collectProducts", x, p -> p.mul(a).mul(b));
    }

    @Property(tries = TRIES)
    void collectSums(@ForAll("moderate") Tensor x, @ForAll @DoubleRange(min = -3, max = 3) double a,
            @ForAll @DoubleRange(min = -3, max = 3) double b) {
        check("fastMath.collectSums", x, p -> p.add(a).add(b));
    }

    @Property(tries = TRIES)
    void divByConstant(@ForAll("moderate") Tensor x, @ForAll @DoubleRange(min = 0.1, max = 3) double c) {
        check("fastMath.divByConstant", x, p -> p.div(c));
    }
}
