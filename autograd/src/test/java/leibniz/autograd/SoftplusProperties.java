package leibniz.autograd;

import static leibniz.autograd.check.TensorArbitraries.awayFrom;
import static leibniz.autograd.check.TensorArbitraries.tensors;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * First and second derivatives of {@link UnaryOps.Softplus} with β and a threshold, on both sides of the
 * threshold (inputs kept away from the switch at x = threshold/β, where the function jumps by up to
 * e^−threshold/β), and PyTorch's values and derivatives.
 */
class SoftplusProperties {

    /** An input and the op's parameters. */
    record Case(Tensor x, double beta, double threshold) {}

    @Provide
    Arbitrary<Case> cases() {
        return Combinators.combine(Arbitraries.of(0.5, 1.0, 2.0, 3.0), Arbitraries.of(20.0, 1.0, 2.5, 4.0))
                .flatAs((beta, threshold) -> awayFrom(tensors(0, 3, 3, -4, 4), 0.1, threshold / beta)
                        .map(x -> new Case(x, beta, threshold)));
    }

    @Property(tries = 40)
    void gradOfSoftplus(@ForAll("cases") Case c) {
        OpChecks.gradients(xs -> xs.get(0).softplus(c.beta(), c.threshold()), c.x());
    }

    @Property(tries = 20)
    void theDefaultIsBetaOneThresholdTwenty(@ForAll("cases") Case c) {
        Node x = Node.constant(c.x());
        assertEquals(x.softplus(1, 20).value(), x.softplus().value());
        assertEquals(c.x().softplus(c.beta(), c.threshold()), x.softplus(c.beta(), c.threshold()).value());
    }

    @Example
    void pytorchValuesAndDerivatives() {
        // torch.nn.functional.softplus(x, beta=2, threshold=4) in float64, its gradient and second derivative.
        Tensor v = Tensor.vector(-3, -0.5, 0, 0.7, 2.4, 25);
        Node x = Parameter.of("x", v).node();
        Node y = x.softplus(2, 4);
        Node g = Autograd.grad(y.sum(), x).get(0);
        Node h = Autograd.grad(g.sum(), x).get(0);
        List<Tensor> out = Program.of(y, g, h).run();
        assertArrayEquals(new double[] {0.0012378425688652247, 0.15663084375911143, 0.34657359027997264,
            0.8102087049592255, 2.4, 25.0}, out.get(0).toArray(), 1e-15);
        assertArrayEquals(new double[] {0.0024726231566347748, 0.2689414213699951, 0.5, 0.8021838885585817, 1, 1},
                out.get(1).toArray(), 1e-15);
        assertArrayEquals(new double[] {0.004933018582720096, 0.3932238664829637, 0.5, 0.31736979499122936, 0, 0},
                out.get(2).toArray(), 1e-15);
    }

    @Example
    void badParametersAreRefusedWhenTheNodeIsBuilt() {
        Node x = Node.constant(Tensor.vector(1));
        assertEquals("softplus: beta must be positive and finite, got 0.0",
                assertThrows(IllegalArgumentException.class, () -> x.softplus(0, 20)).getMessage());
        assertEquals("softplus: threshold must be a number, got NaN",
                assertThrows(IllegalArgumentException.class, () -> x.softplus(1, Double.NaN)).getMessage());
    }
}
