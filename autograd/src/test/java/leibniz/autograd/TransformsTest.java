package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;

/** Functional transforms against hand-derived values, against each other, and against finite differences. */
class TransformsTest {
    private static final Tensor A = Tensor.normal(7, 0, 1, 4, 3);

    /** f(x, y) = x³y + 2xy², with x and y picked out of one 2-vector by gather and slice. */
    private static Node polynomial(Node v) {
        Node x = v.indexSelect(0, Node.constant(Tensor.scalar(0)));
        Node y = v.slice(0, 1, 2).reshape();
        return x.pow(3).mul(y).add(x.mul(y.square()).mul(2));
    }

    /** A smooth map R³ → R^[2, 2]: mixes products, a sine and an exponential, so its Jacobian is dense. */
    private static Node vectorField(Node x) {
        Node a = x.slice(0, 0, 2);
        Node b = x.slice(0, 1, 3);
        return Node.stack(0, a.mul(b).sin(), a.exp().add(b.square()));
    }

    /** A scalar function of a 3-vector with a dense Hessian. */
    private static Node scalarField(Node x) {
        Node ax = Node.constant(A).matmul(x);
        Node product = x.slice(0, 0, 1).mul(x.slice(0, 1, 2)).mul(x.slice(0, 2, 3)).sum();
        return ax.tanh().sum().add(x.mul(x).sum().square()).add(product);
    }

    @Test
    void hessianOfAPolynomialByHand() {
        double x = 1.5;
        double y = -0.7;
        Node v = Parameter.of("v", Tensor.vector(x, y)).node();
        Node f = polynomial(v);
        assertEquals(Shape.scalar(), f.shape());
        assertEquals(x * x * x * y + 2 * x * y * y, f.value().item(), 1e-12);
        assertArrayEquals(new double[] {3 * x * x * y + 2 * y * y, x * x * x + 4 * x * y},
                Autograd.grad(f, v).get(0).value().toArray(), 1e-12);
        Node h = Autograd.hessian(f, v);
        assertEquals(Shape.of(2, 2), h.shape());
        double mixed = 3 * x * x + 4 * y;
        assertArrayEquals(new double[] {6 * x * y, mixed, mixed, 4 * x}, h.value().toArray(), 1e-12);
    }

    @Test
    void hvpEqualsHessianTimesVector() {
        Node x = Parameter.of("x", Tensor.normal(1, 0, 1, 3)).node();
        Node f = scalarField(x);
        Tensor h = Autograd.hessian(f, x).value();
        for (long seed = 0; seed < 5; seed++) {
            Tensor v = Tensor.normal(100 + seed, 0, 1, 3);
            Tensor expected = h.matmul(v);
            Tensor hv = Autograd.hvp(f, x, Node.constant(v)).value();
            assertTrue(hv.allClose(expected, 0, 1e-10), hv + " vs " + expected);
        }
        assertTrue(h.allClose(h.transpose(), 0, 1e-12), "Hessian is symmetric: " + h);
    }

    @Test
    void jvpEqualsJacobianTimesTangent() {
        Node x = Parameter.of("x", Tensor.vector(0.4, -0.3, 1.1)).node();
        Node y = vectorField(x);
        Tensor jac = Autograd.jacobian(y, x).value().reshape(4, 3);
        for (long seed = 0; seed < 3; seed++) {
            Tensor t = Tensor.normal(200 + seed, 0, 1, 3);
            Node jvp = Autograd.jvp(y, List.of(x), List.of(Node.constant(t)));
            assertEquals(y.shape(), jvp.shape());
            Tensor expected = jac.matmul(t).reshape(2, 2);
            assertTrue(jvp.value().allClose(expected, 0, 1e-12), jvp.value() + " vs " + expected);
        }
    }

    @Test
    void jvpOfAnUnrelatedInputIsZero() {
        Node x = Parameter.of("x", Tensor.ones(3)).node();
        Node z = Parameter.of("z", Tensor.ones(2)).node();
        Node jvp = Autograd.jvp(x.exp(), List.of(z), List.of(Node.constant(Tensor.ones(2))));
        assertTrue(jvp.isZero());
        assertEquals(Shape.of(3), jvp.shape());
    }

    @Test
    void jacobianMatchesCentralDifferences() {
        Node x = Node.placeholder("x", 3);
        Node y = vectorField(x);
        Node jac = Autograd.jacobian(y, x);
        assertEquals(Shape.of(2, 2, 3), jac.shape());
        double[] x0 = {0.4, -0.3, 1.1};
        double[] analytic = Program.of(jac).run(Map.of(x, Tensor.vector(x0))).get(0).toArray();
        Program forward = Program.of(y);
        double eps = 1e-6;
        for (int j = 0; j < 3; j++) {
            double[] plus = x0.clone();
            double[] minus = x0.clone();
            plus[j] += eps;
            minus[j] -= eps;
            double[] yp = forward.run(Map.of(x, Tensor.vector(plus))).get(0).toArray();
            double[] ym = forward.run(Map.of(x, Tensor.vector(minus))).get(0).toArray();
            for (int i = 0; i < 4; i++) {
                assertEquals((yp[i] - ym[i]) / (2 * eps), analytic[i * 3 + j], 1e-8, "dy" + i + "/dx" + j);
            }
        }
    }

    @Test
    void jacobianOfALinearMapIsItsMatrix() {
        Node x = Parameter.of("x", Tensor.ones(3)).node();
        assertTrue(A.allClose(Autograd.jacobian(Node.constant(A).matmul(x), x).value(), 0, 1e-15));
    }

    @Test
    void thirdDerivativeOfAScalarFunction() {
        double x0 = 0.8;
        Node x = Parameter.of("x", Tensor.scalar(x0)).node();
        Node f = x.square().mul(x.sin());  // x² sin x
        UnaryOperator<Node> d = n -> Autograd.grad(n, x).get(0);
        double s = Math.sin(x0);
        double c = Math.cos(x0);
        assertEquals(2 * x0 * s + x0 * x0 * c, d.apply(f).value().item(), 1e-12);
        assertEquals(2 * s + 4 * x0 * c - x0 * x0 * s, d.apply(d.apply(f)).value().item(), 1e-12);
        assertEquals(6 * c - 6 * x0 * s - x0 * x0 * c, d.apply(d.apply(d.apply(f))).value().item(), 1e-12);
    }

    @Test
    void hvpOfALinearFunctionIsTheSymbolicZero() {
        Node x = Parameter.of("x", Tensor.ones(3)).node();
        Node hv = Autograd.hvp(x.sum().mul(2), x, Node.constant(Tensor.ones(3)));
        assertEquals(Tensor.zeros(3), hv.value());
    }

    @Test
    void transformsRefuseMismatchedArguments() {
        Node x = Parameter.of("x", Tensor.ones(3)).node();
        Node f = x.square().sum();
        assertEquals("hvp: vector has shape [2], but the input has shape [3]", assertThrows(
                IllegalArgumentException.class, () -> Autograd.hvp(f, x, Node.constant(Tensor.ones(2)))).getMessage());
        assertEquals("jvp: 1 inputs but 0 tangents", assertThrows(
                IllegalArgumentException.class, () -> Autograd.jvp(f, List.of(x), List.of())).getMessage());
        assertEquals("jvp: tangent 0 has shape [3, 1], but input 0 has shape [3]", assertThrows(
                IllegalArgumentException.class,
                () -> Autograd.jvp(f, List.of(x), List.of(Node.constant(Tensor.ones(3, 1))))).getMessage());
        assertEquals("grad: backward needs a scalar, got [3]: reduce with sum() or mean() first, or pass an output "
                + "gradient to vjp", assertThrows(IllegalArgumentException.class,
                        () -> Autograd.hessian(x.square(), x)).getMessage());
    }
}
