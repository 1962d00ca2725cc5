package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import leibniz.autograd.check.GradCheck;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;

/** Fan-out through slices: the gradients of disjoint slices are joined by one concat, not summed as padded copies. */
class GradientSumTest {
    private final Parameter x = Parameter.of("x", Tensor.arange(0, 12, 1).reshape(2, 6));

    @Test
    void disjointSlicesJoinIntoOneConcat() {
        // y = Σ_t (t + 1) · Σ x[:, t], for columns 0, 1, 3 and 4: column 2 and 5 get no gradient.
        Node y = Node.scalar(0);
        for (int t : new int[] {0, 1, 3, 4}) {
            y = y.add(x.node().slice(1, t, t + 1).sum().mul(t + 1));
        }
        Node g = Autograd.grad(y, x.node()).get(0);
        assertEquals("concat", g.input(0).op().name());   // input 0 of the gradient marker: the VJP graph
        assertArrayEquals(new double[] {1, 2, 0, 4, 5, 0, 1, 2, 0, 4, 5, 0}, g.value().toArray(), 0);
    }

    @Test
    void joinedGradientsDifferentiateAgain() {
        GradCheck check = GradCheck.of(in -> {
            Node sum = Node.scalar(0);
            for (int t : new int[] {0, 2, 3}) {
                sum = sum.add(in.get(0).slice(1, t, t + 1).square().sum().mul(t + 1));
            }
            return sum;
        });
        Tensor at = Tensor.normal(3, 0, 1, 2, 5);
        check.check(at);
        check.checkSecondOrder(at);
    }

    @Test
    void overlappingSlicesAreAdded() {
        Node y = x.node().slice(1, 0, 4).sum().add(x.node().slice(1, 2, 6).sum().mul(10));
        Node g = Autograd.grad(y, x.node()).get(0);
        assertEquals("add", g.input(0).op().name());
        assertArrayEquals(new double[] {1, 1, 11, 11, 10, 10, 1, 1, 11, 11, 10, 10}, g.value().toArray(), 0);
    }

    @Test
    void slicesAlongDifferentAxesAndOtherTermsStillSum() {
        Node y = x.node().slice(0, 0, 1).sum().add(x.node().slice(1, 5, 6).sum()).add(x.node().square().sum());
        double[] g = Autograd.grad(y, x.node()).get(0).value().toArray();
        double[] expected = new double[12];
        for (int i = 0; i < 12; i++) {
            expected[i] = 2 * i + (i < 6 ? 1 : 0) + (i % 6 == 5 ? 1 : 0);
        }
        assertArrayEquals(expected, g, 0);
    }
}
