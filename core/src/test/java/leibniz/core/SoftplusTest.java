package leibniz.core;

import static leibniz.core.ShapeOpsProperties.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Softplus with β and a threshold, as PyTorch's {@code nn.Softplus}: its formula and branch, and its values. */
class SoftplusTest {

    @Provide
    Arbitrary<Tensor> inputs() {
        return Generators.tensors(Generators.shapes()).map(t -> t.mul(Tensor.scalar(10)));
    }

    @Property(tries = 200)
    void isTheLogOfOnePlusTheExponentialBelowTheThresholdAndXAbove(@ForAll("inputs") Tensor x,
            @ForAll("betas") double beta, @ForAll("thresholds") double threshold) {
        double[] v = x.toArray();
        double[] expected = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            expected[i] = beta * v[i] > threshold ? v[i] : Math.log1p(Math.exp(beta * v[i])) / beta;
        }
        double[] actual = x.softplus(beta, threshold).toArray();
        for (int i = 0; i < v.length; i++) {
            assertEquals(expected[i], actual[i], 1e-12 * (1 + Math.abs(expected[i])) + 1e-300);
        }
        Tensor f32 = x.to(DType.F32);
        assertArrayEquals(f32.to(DType.F64).softplus(beta, threshold).toFloatArray(),
                f32.softplus(beta, threshold).toFloatArray(), "F32: the F64 value rounded once");
    }

    @Provide
    Arbitrary<Double> betas() {
        return Arbitraries.of(0.5, 1.0, 2.0, 3.0);
    }

    @Provide
    Arbitrary<Double> thresholds() {
        return Arbitraries.of(20.0, 5.0, 1.0, Double.POSITIVE_INFINITY);
    }

    @Example
    void pytorchValues() {
        // torch.nn.functional.softplus(x) and softplus(x, beta=2) (PyTorch 2.13, float64).
        Tensor x = Tensor.vector(-30, 0, 19.9, 20, 20.1, 1000);
        double[] one = x.softplus().toArray();
        assertEquals(9.357622968839737e-14, one[0], 1e-27);
        assertEquals(Math.log(2), one[1], 1e-16);
        assertEquals(19.900000002277924, one[2], 1e-14);
        assertEquals(20.000000002061153, one[3], 1e-12, "20 is not above the threshold 20");
        assertEquals(20.1, one[4], 0, "above the threshold: x itself");
        assertEquals(1000, one[5], 0);
        double[] two = Tensor.vector(-30, 0, 9, 10.5).softplus(2, 20).toArray();
        assertEquals(4.37825538134826e-27, two[0], 1e-40);
        assertEquals(Math.log(2) / 2, two[1], 1e-16);
        assertEquals(9.00000000761499, two[2], 1e-14);
        assertEquals(10.5, two[3], 0, "βx = 21 > 20");
    }

    @Example
    void anInfiniteThresholdNeverOverflows() {
        double[] v = Tensor.vector(800, -800, 0).softplus(1, Double.POSITIVE_INFINITY).toArray();
        assertArrayEquals(new double[] {800, 0, Math.log(2)}, v, 1e-15);
        assertEquals(30 + Math.log1p(Math.exp(-30)), Tensor.vector(30).softplus(1, Double.POSITIVE_INFINITY).item(), 0);
        assertEquals(Math.log1p(Math.exp(-30)), Tensor.vector(-30).softplus(1, Double.POSITIVE_INFINITY).item(), 0);
    }

    @Example
    void badParametersAreRefused() {
        Tensor x = Tensor.vector(1);
        assertMessage("softplus: beta must be positive and finite, got 0.0", () -> x.softplus(0, 20));
        assertMessage("softplus: beta must be positive and finite, got -1.0", () -> x.softplus(-1, 20));
        assertMessage("softplus: beta must be positive and finite, got Infinity",
                () -> x.softplus(Double.POSITIVE_INFINITY, 20));
        assertMessage("softplus: threshold must be a number, got NaN", () -> x.softplus(1, Double.NaN));
    }
}
