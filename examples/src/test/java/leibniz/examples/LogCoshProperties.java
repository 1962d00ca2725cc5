package leibniz.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import leibniz.autograd.Autograd;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.autograd.check.GradCheck;
import leibniz.autograd.check.TensorArbitraries;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;

/**
 * Properties of the custom op {@link LogCosh}, as a user would write them for their own op: its first and
 * second derivatives against central differences on random tensors, its value against the textbook formula
 * where that one is finite, and its value and slope far out, where the textbook formula overflows.
 */
class LogCoshProperties {
    private static final GradCheck CHECK = GradCheck.of(xs -> LogCosh.logcosh(xs.get(0)));

    /** Tensors of rank 0 to 3, up to 4 along each axis, elements in [−5, 5]; log cosh is smooth, no kinks to avoid. */
    @Provide
    Arbitrary<Tensor> tensors() {
        return TensorArbitraries.tensors(0, 3, 4, -5, 5);
    }

    @Property(tries = 50)
    void gradientMatchesCentralDifferences(@ForAll("tensors") Tensor x) {
        CHECK.check(x);
    }

    @Property(tries = 30)
    void secondDerivativeMatchesCentralDifferences(@ForAll("tensors") Tensor x) {
        CHECK.checkSecondOrder(x);
    }

    @Property(tries = 100)
    void equalsLogOfCoshWhereThatIsFinite(@ForAll @DoubleRange(min = -30, max = 30) double x) {
        assertEquals(Math.log(Math.cosh(x)), LogCosh.logcosh(x), 1e-13);
    }

    @Property(tries = 100)
    void isAbsMinusLogTwoWithSlopeSignFarOut(@ForAll @DoubleRange(min = 40, max = 1e300) double a,
            @ForAll boolean negative) {
        double x = negative ? -a : a;
        Parameter p = Parameter.of("x", Tensor.scalar(x));
        Node y = LogCosh.logcosh(p.node());
        assertEquals(a - Math.log(2), y.value().item(), Math.ulp(a) * 2);
        assertEquals(Math.signum(x), Autograd.grad(y, p.node()).get(0).value().item());
        assertEquals(0, Autograd.hessian(y, p.node()).value().item());
    }
}
