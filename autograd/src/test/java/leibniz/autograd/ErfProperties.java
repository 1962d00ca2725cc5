package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import leibniz.autograd.check.TensorArbitraries;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The error function's first and second derivatives against central differences, and a known value. */
class ErfProperties {
    @Provide
    Arbitrary<Tensor> values() {
        return TensorArbitraries.tensors(0, 3, 4, -3, 3);
    }

    @Property(tries = 30)
    void gradOfErf(@ForAll("values") Tensor x) {
        OpChecks.gradients(xs -> xs.get(0).erf(), x);
    }

    @Test
    void derivativeIsTwoOverRootPiTimesGaussian() {
        Node x = Parameter.of("x", Tensor.scalar(0.5)).node();
        double expected = 2 / Math.sqrt(Math.PI) * Math.exp(-0.25);
        assertEquals(expected, Autograd.grad(x.erf(), x).get(0).value().item(), 1e-15);
        assertEquals(0.5204998778130465, x.erf().value().item(), 1e-15);
    }
}
