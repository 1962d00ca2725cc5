package leibniz.nn;

import static leibniz.autograd.check.TensorArbitraries.awayFrom;
import static leibniz.autograd.check.TensorArbitraries.tensors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.function.UnaryOperator;
import leibniz.autograd.Autograd;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.autograd.check.GradCheck;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * First derivatives of every activation (and second derivatives of the smooth ones) against central
 * differences through the {@link Activation} module, plus values computed by hand or by Python's math.
 */
class ActivationsProperties {
    private static final int TRIES = 25;

    @Provide
    Arbitrary<Tensor> any() {
        return tensors(0, 3, 4, -3, 3);
    }

    @Provide
    Arbitrary<Tensor> nonzero() {
        return awayFrom(tensors(0, 3, 4, -3, 3), 0.1, 0);
    }

    @Provide
    Arbitrary<Tensor> rows() {
        return tensors(1, 3, 4, -3, 3);
    }

    private static void firstAndSecond(Activation a, Tensor x) {
        GradCheck check = GradCheck.of(xs -> a.forward(xs.get(0)));
        check.check(x);
        check.checkSecondOrder(x);
    }

    @Property(tries = TRIES)
    void smoothActivations(@ForAll("any") Tensor x) {
        firstAndSecond(Activation.sigmoid(), x);
        firstAndSecond(Activation.tanh(), x);
        firstAndSecond(Activation.gelu(), x);
        firstAndSecond(Activation.geluTanh(), x);
        Checks.input(Activation.softplus(), Context::evaluation, x); // second derivative off only at exactly 0
    }

    @Property(tries = TRIES)
    void activationsWithAKinkAtZero(@ForAll("nonzero") Tensor x) {
        firstAndSecond(Activation.relu(), x);
        firstAndSecond(Activation.leakyRelu(0.1), x);
        firstAndSecond(Activation.elu(1.5), x);
        firstAndSecond(Activation.softplus(), x);
    }

    @Property(tries = TRIES)
    void softmaxAlongEveryAxis(@ForAll("rows") Tensor x) {
        for (int axis = -x.rank(); axis < x.rank(); axis++) {
            firstAndSecond(Activation.softmax(axis), x);
            firstAndSecond(Activation.logSoftmax(axis), x);
            Tensor sums = Activations.softmax(Node.constant(x), axis).value().sum(axis);
            assertTrue(sums.allClose(Tensor.ones(sums.shape()), 1e-12), sums::toString);
        }
    }

    @Test
    void knownValues() {
        assertEquals(0.8413447460685429, value(Activations::gelu, 1), 1e-15);
        assertEquals(-0.15865525393145707, value(Activations::gelu, -1), 1e-15);
        assertEquals(0.8411919906082768, value(Activations::geluTanh, 1), 1e-15);
        assertEquals(Math.log(2), value(Activations::softplus, 0), 1e-15);
        assertEquals(1000, value(Activations::softplus, 1000), 0);
        assertEquals(0, value(Activations::softplus, -1000), 0);
        assertEquals(9.357622968839737e-14, value(Activations::softplus, -30), 1e-27);
        assertEquals(-1.2642411176571153, value(x -> Activations.elu(x, 2), -1), 1e-15);
        assertEquals(3, value(x -> Activations.elu(x, 2), 3), 0);
        assertEquals(-0.2, value(x -> Activations.leakyRelu(x, 0.1), -2), 1e-15);
        assertEquals(2, value(x -> Activations.leakyRelu(x, 0.1), 2), 0);
    }

    @Test
    void derivativesAtTheKinks() {
        assertEquals(0.5, slope(Activations::softplus, 0), 0);
        assertEquals(0.1, slope(x -> Activations.leakyRelu(x, 0.1), 0), 0);
        assertEquals(2, slope(x -> Activations.elu(x, 2), 0), 0);
        assertEquals(0, slope(Activations::relu, 0), 0);
        assertEquals(1, slope(x -> Activations.elu(x, 2), 1000), 0); // no ∞·0 from the unused branch
    }

    @Test
    void softmaxIsStableAtPlusMinusThousand() {
        Parameter p = Parameter.of("x", Tensor.matrix(new double[][] {{1000, -1000, 0}, {1, 2, 3}}));
        Node s = Activations.softmax(p.node(), -1);
        Tensor v = s.value();
        Tensor expected = Tensor.matrix(new double[][] {
            {1, 0, 0}, {0.09003057317038048, 0.2447284710547977, 0.665240955774822}});
        assertTrue(expected.allClose(v, 1e-15), v::toString);
        Tensor logv = Activations.logSoftmax(p.node(), 1).value();
        assertEquals(-2000, logv.get(0, 1), 0);
        assertEquals(-0.40760596444438013, logv.get(1, 2), 1e-15);
        Tensor g = Autograd.grad(s.mul(Node.constant(Tensor.vector(1, 2, 3))).sum(), p.node()).get(0).value();
        assertTrue(Double.isFinite(g.abs().sum().item()), g::toString);
    }

    @Test
    void modulesHaveNoParametersAndPrintTheirName() {
        assertEquals(Map.of(), Activation.relu().parameters());
        assertEquals("LeakyReLU(0.2)", Activation.leakyRelu(0.2).toString());
        assertEquals("Softmax(-1)", Activation.softmax(-1).toString());
        Node x = Node.scalar(2);
        Activation square = Activation.of("Square", Node::square);
        assertEquals(4, square.forward(x, Context.training()).value().item(), 0);
        Node y = Node.constant(Tensor.vector(1, -1));
        assertSame(y.relu().op().getClass(), Activation.relu().forward(y).op().getClass());
    }

    @Test
    void messages() {
        assertEquals("leakyRelu: slope must be finite, got NaN", assertThrows(IllegalArgumentException.class,
                () -> Activation.leakyRelu(Double.NaN)).getMessage());
        assertEquals("elu: alpha must be finite, got Infinity", assertThrows(IllegalArgumentException.class,
                () -> Activations.elu(Node.scalar(1), Double.POSITIVE_INFINITY)).getMessage());
        assertEquals("softmax: axis 2 out of range for rank 2", assertThrows(IllegalArgumentException.class,
                () -> Activations.softmax(Node.placeholder("x", 3, 4), 2)).getMessage());
        assertEquals("logSoftmax: axis -3 out of range for rank 2", assertThrows(IllegalArgumentException.class,
                () -> Activations.logSoftmax(Node.placeholder("x", 3, 4), -3)).getMessage());
    }

    private static double value(UnaryOperator<Node> f, double x) {
        return f.apply(Node.scalar(x)).value().item();
    }

    private static double slope(UnaryOperator<Node> f, double x) {
        Node p = Parameter.of("x", Tensor.scalar(x)).node();
        return Autograd.grad(f.apply(p), p).get(0).value().item();
    }
}
