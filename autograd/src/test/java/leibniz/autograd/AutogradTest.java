package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The reverse-mode engine: fan-out, symbolic zeros, intermediate targets, stop-gradient, custom ops, errors. */
class AutogradTest {
    private static final double[] X = {0.3, -1.2, 2.0};

    /** out = x³.  dx = g ⊙ 3x² */
    record Cube() implements Op {
        public String name() { return "cube"; }
        public Shape shape(Shape... in) { return in[0]; }
        public Tensor forward(Tensor... in) { return in[0].pow(3); }
        public List<Node> vjp(Node out, Node g) { return List.of(g.mul(out.input(0).square()).mul(3)); }
    }

    /** out = ln(1 + eˣ).  dx = g ⊙ σ(x) */
    record Softplus() implements Op {
        public String name() { return "softplus"; }
        public Shape shape(Shape... in) { return in[0]; }
        public Tensor forward(Tensor... in) { return in[0].exp().log1p(); }
        public List<Node> vjp(Node out, Node g) { return List.of(g.mul(out.input(0).sigmoid())); }
    }

    /** An op whose VJP returns whatever it is given, to provoke the engine's checks. */
    record Broken(String name, List<Node> answer) implements Op {
        public Shape shape(Shape... in) { return in[0]; }
        public Tensor forward(Tensor... in) { return in[0]; }
        public List<Node> vjp(Node out, Node g) { return answer; }
    }

    private static Node leaf(String name, double... values) {
        return Parameter.of(name, Tensor.vector(values)).node();
    }

    private static double[] values(Node n) {
        return n.value().toArray();
    }

    private static void assertMessage(String expected, Executable bad) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, bad).getMessage());
    }

    @Test
    void fanOutIsSummed() {
        Node x = leaf("x", X);
        Node y = x.mul(2).add(x.sin()).add(x.square()).sum();  // x used three times
        double[] dx = values(Autograd.grad(y, x).get(0));
        for (int i = 0; i < X.length; i++) {
            assertEquals(2 + Math.cos(X[i]) + 2 * X[i], dx[i], 1e-12);
        }
    }

    @Test
    void sameInputTwiceInOneOp() {
        Node x = leaf("x", X);
        double[] dx = values(Autograd.grad(x.mul(x).sum(), x).get(0));
        for (int i = 0; i < X.length; i++) {
            assertEquals(2 * X[i], dx[i], 1e-12);
        }
    }

    @Test
    void unrelatedInputGetsTheSymbolicZero() {
        Node x = leaf("x", X);
        Node z = Parameter.of("z", Tensor.ones(2, 2)).node();
        List<Node> grads = Autograd.grad(x.exp().sum(), x, z);
        assertFalse(grads.get(0).isZero());
        assertTrue(grads.get(1).isZero());
        assertEquals(Shape.of(2, 2), grads.get(1).shape());
        assertEquals(Tensor.zeros(2, 2), grads.get(1).value());
    }

    @Test
    void gradientThroughNonDifferentiableOpIsZero() {
        Node x = leaf("x", X);
        Node y = x.step().mul(x.argmax()).sum();
        assertTrue(Autograd.grad(y, x).get(0).isZero());
    }

    @Test
    void gradientWithRespectToAnIntermediateNode() {
        Node x = leaf("x", X);
        Node h = x.square();
        Node y = h.sin().sum().add(x.sum());
        double[] dh = values(Autograd.grad(y, h).get(0));
        for (int i = 0; i < X.length; i++) {
            assertEquals(Math.cos(X[i] * X[i]), dh[i], 1e-12);
        }
    }

    @Test
    void detachStopsTheGradient() {
        Node x = leaf("x", X);
        Node y = x.mul(x.detach()).sum();  // d/dx of x·c with c = x held constant is x, not 2x
        assertArrayEquals(X, values(Autograd.grad(y, x).get(0)), 1e-12);
        assertTrue(Autograd.grad(x.detach().sum(), x).get(0).isZero());
    }

    @Test
    void sizeOneNonScalarOutputIsAccepted() {
        Node x = leaf("x", X);
        Node y = x.reshape(1, 3).matmul(x.reshape(3, 1));  // shape [1, 1]
        assertEquals(Shape.of(1, 1), y.shape());
        double[] dx = values(Autograd.grad(y, x).get(0));
        for (int i = 0; i < X.length; i++) {
            assertEquals(2 * X[i], dx[i], 1e-12);
        }
    }

    @Test
    void broadcastInputGradientIsSummedBack() {
        Node b = leaf("b", 1, 2, 3);
        Node m = Parameter.of("m", Tensor.ones(4, 3)).node();
        Node y = m.add(b).square().sum();
        assertArrayEquals(new double[] {16, 24, 32}, values(Autograd.grad(y, b).get(0)), 1e-12);
    }

    @Test
    void gradientsOfParametersInOrder() {
        Parameter a = Parameter.of("a", Tensor.scalar(2));
        Parameter b = Parameter.of("b", Tensor.scalar(5));
        List<Node> grads = Autograd.gradients(a.node().mul(b.node()), List.of(b, a));
        assertEquals(2, grads.get(0).value().item(), 0);
        assertEquals(5, grads.get(1).value().item(), 0);
    }

    @Test
    void customOpDifferentiatedThreeTimes() {
        Node x = leaf("x", X);
        Node y = Node.apply(new Cube(), x).sum();
        Node dy = Autograd.grad(y, x).get(0);
        Node d2y = Autograd.grad(dy.sum(), x).get(0);
        Node d3y = Autograd.grad(d2y.sum(), x).get(0);
        for (int i = 0; i < X.length; i++) {
            assertEquals(3 * X[i] * X[i], values(dy)[i], 1e-12);
            assertEquals(6 * X[i], values(d2y)[i], 1e-12);
            assertEquals(6, values(d3y)[i], 1e-12);
        }
    }

    @Test
    void customSoftplusDifferentiatedTwice() {
        Node x = leaf("x", X);
        Node y = Node.apply(new Softplus(), x);
        assertEquals("softplus", y.op().name());
        Node dy = Autograd.grad(y.sum(), x).get(0);
        Node d2y = Autograd.grad(dy.sum(), x).get(0);
        for (int i = 0; i < X.length; i++) {
            double s = 1 / (1 + Math.exp(-X[i]));
            assertEquals(Math.log1p(Math.exp(X[i])), values(y)[i], 1e-12);
            assertEquals(s, values(dy)[i], 1e-12);
            assertEquals(s * (1 - s), values(d2y)[i], 1e-12);
        }
    }

    @Test
    void gradOfNonScalarIsRefused() {
        Node y = Parameter.of("y", Tensor.ones(4, 2)).node();
        assertMessage("grad: backward needs a scalar, got [4, 2]: reduce with sum() or mean() first, or pass an "
                + "output gradient to vjp", () -> Autograd.grad(y, y));
    }

    @Test
    void customVjpOfTheWrongShapeIsRefused() {
        Node x = Parameter.of("x", Tensor.ones(2, 3)).node();
        Node y = Node.apply(new Broken("bad", List.of(Node.constant(Tensor.ones(3)))), x).sum();
        assertMessage("vjp of bad: gradient for input 0 has shape [3], but the input has shape [2, 3]",
                () -> Autograd.grad(y, x));
    }

    @Test
    void customVjpWithTheWrongCountIsRefused() {
        Node x = Parameter.of("x", Tensor.ones(2, 3)).node();
        Node g = Node.constant(Tensor.ones(2, 3));
        Node y = Node.apply(new Broken("bad", List.of(g, g)), x).sum();
        assertMessage("vjp of bad: returned 2 gradients for 1 inputs", () -> Autograd.grad(y, x));
    }

    @Test
    void matmulShapeErrorIsThrownWhenTheNodeIsBuilt() {
        Node a = Node.placeholder("a", 2, 3);
        Node b = Node.placeholder("b", 4, 5);
        assertMessage("matmul: [2, 3] x [4, 5]: inner dimensions differ (3 vs 4); 3 is dim 1 of placeholder 'a'; 4 is"
                + " dim 0 of placeholder 'b'", () -> a.matmul(b));
        assertMessage("add: [2, 3] and [4, 5]: dimensions 2 and 4 do not broadcast; 2 is dim 0 of placeholder 'a'; 4"
                + " is dim 0 of placeholder 'b'", () -> a.add(b));
    }

    @Test
    void vjpSeedOfTheWrongShapeIsRefused() {
        Node x = leaf("x", X);
        assertMessage("vjp: output gradient has shape [2], but the output has shape [3]",
                () -> Autograd.vjp(x.exp(), List.of(x), Node.constant(Tensor.ones(2))));
    }

    @Test
    void vjpWithAnOutputGradient() {
        Node x = leaf("x", X);
        Node v = Node.constant(Tensor.vector(1, 2, 3));
        double[] dx = values(Autograd.vjp(x.square(), List.of(x), v).get(0));
        for (int i = 0; i < X.length; i++) {
            assertEquals(2 * X[i] * (i + 1), dx[i], 1e-12);
        }
    }

    @Test
    void gradOfALeafWithRespectToItselfIsOne() {
        Node x = Parameter.of("x", Tensor.scalar(3)).node();
        assertEquals(1, Autograd.grad(x, x).get(0).value().item(), 0);
    }
}
