package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import leibniz.autograd.check.GradCheck;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;

/** Forward mode as a whole: what its graphs hold, custom ops without a rule, jacfwd, hvp, and bad rules. */
class ForwardModeTest {

    /** x³ with no JVP rule of its own: forward mode must transpose its VJP. */
    record Cube() implements Op {
        public String name() { return "cube"; }
        public Shape shape(Shape... in) { return in[0]; }
        public Tensor forward(Tensor... in) { return in[0].pow(3); }
        public List<Node> vjp(Node out, Node g) { return List.of(g.mul(out.input(0).square()).mul(3)); }
    }

    /** An op whose JVP rule returns a tangent of the wrong shape. */
    record BadTangent() implements Op {
        public String name() { return "badTangent"; }
        public Shape shape(Shape... in) { return in[0]; }
        public Tensor forward(Tensor... in) { return in[0]; }
        public List<Node> vjp(Node out, Node g) { return List.of(g); }
        public Node jvp(Node out, List<Node> t) { return t.get(0).unsqueeze(1); }
    }

    private static Node tanhNetwork(Node x, Node w1, Node w2) {
        return x.matmul(w1).tanh().matmul(w2).sigmoid().sum();
    }

    @Test
    void theJvpOfATanhNetworkIsOneForwardPassWithNoReverseOp() {
        Node x = Node.constant(Tensor.normal(1, 0, 1, 4, 3));
        Node w1 = Parameter.of("w1", Tensor.normal(2, 0, 1, 3, 5)).node();
        Node w2 = Parameter.of("w2", Tensor.normal(3, 0, 1, 5, 2)).node();
        Node y = tanhNetwork(x, w1, w2);
        Node t1 = Node.constant(Tensor.normal(4, 0, 1, 3, 5));
        Node jvp = Autograd.jvp(y, List.of(w1, w2), List.of(t1, Node.zeros(w2.shape())));
        for (Node n : Topo.order(List.of(jvp), false)) {
            assertTrue(!n.op().name().endsWith("Backward"), () -> "a reverse-mode op in the JVP graph: " + n);
        }
        Tensor expected = TransformChecks.doubleVjp(y, List.of(w1, w2), List.of(t1, Node.zeros(w2.shape()))).value();
        assertTrue(jvp.value().allClose(expected, 1e-12, 1e-12), jvp.value() + " vs " + expected);
        Tensor viaJacobian = Autograd.jacobian(y, w1).value().mul(t1.value()).sum();
        assertTrue(jvp.value().allClose(viaJacobian, 1e-12, 1e-12));
    }

    @Test
    void aCustomOpWithoutAJvpRuleWorksThroughItsVjp() {
        Node x = Parameter.of("x", Tensor.vector(0.5, -2, 3)).node();
        Node t = Node.constant(Tensor.vector(1, 2, -1));
        Node jvp = Autograd.jvp(Node.apply(new Cube(), x).sin(), List.of(x), List.of(t));
        Tensor v = Tensor.vector(0.5, -2, 3);
        Tensor expected = v.pow(3).cos().mul(v.square().mul(3)).mul(Tensor.vector(1, 2, -1));
        assertTrue(jvp.value().allClose(expected, 1e-12, 1e-12), jvp.value() + " vs " + expected);
        GradCheck.of(xs -> Node.apply(new Cube(), xs.get(0))).checkJvp(v);
    }

    @Test
    void jacfwdAndJacobianAgreeAndHaveTheShapeOfYThenX() {
        Node x = Parameter.of("x", Tensor.normal(5, 0, 1, 2, 3)).node();
        Node y = Node.stack(0, x.sin().sum(0), x.square().mul(x.slice(1, 0, 1)).sum(0)).exp();
        Node forward = Autograd.jacfwd(y, x);
        Node reverse = Autograd.jacobian(y, x);
        assertEquals(Shape.of(2, 3, 2, 3), forward.shape());
        assertEquals(forward.shape(), reverse.shape());
        assertTrue(forward.value().allClose(reverse.value(), 1e-12, 1e-12));
        Tensor a = Tensor.normal(6, 0, 1, 4, 3);
        Node v = Parameter.of("v", Tensor.ones(3)).node();
        assertTrue(a.allClose(Autograd.jacfwd(Node.constant(a).matmul(v), v).value(), 0, 1e-15));
        assertEquals(Tensor.zeros(4, 3), Autograd.jacfwd(Node.constant(a).sum(1), v).value());
    }

    @Test
    void theJacobiansOfTallAndWideMapsMatchCentralDifferences() {
        Node x = Node.placeholder("x", 3);
        Node tall = Node.constant(Tensor.normal(8, 0, 1, 50, 3)).matmul(x).tanh();
        Tensor x0 = Tensor.vector(0.3, -0.2, 0.5);
        Tensor fwd = Program.of(Autograd.jacfwd(tall, x)).run(Map.of(x, x0)).get(0);
        Tensor rev = Program.of(Autograd.jacobian(tall, x)).run(Map.of(x, x0)).get(0);
        Program f = Program.of(tall);
        double eps = 1e-6;
        for (int j = 0; j < 3; j++) {
            double[] plus = x0.toArray();
            double[] minus = x0.toArray();
            plus[j] += eps;
            minus[j] -= eps;
            Tensor up = f.run(Map.of(x, Tensor.vector(plus))).get(0);
            Tensor column = up.sub(f.run(Map.of(x, Tensor.vector(minus))).get(0)).mul(1 / (2 * eps));
            for (int i = 0; i < 50; i++) {
                assertEquals(column.get(i), fwd.get(i, j), 1e-8);
                assertEquals(column.get(i), rev.get(i, j), 1e-8);
            }
        }
    }

    /** Forward over reverse, reverse over reverse, and the Hessian itself give one Hv. */
    @Test
    void hvpForwardOverReverseEqualsReverseOverReverse() {
        Node x = Parameter.of("x", Tensor.normal(9, 0, 1, 4)).node();
        Node product = x.slice(0, 0, 1).mul(x.slice(0, 1, 2)).mul(x.slice(0, 2, 3)).sum();
        Node f = x.matmul(Node.constant(Tensor.normal(10, 0, 1, 4, 4))).tanh().square().sum().add(product);
        Node v = Node.constant(Tensor.normal(11, 0, 1, 4));
        Node forwardOverReverse = Autograd.hvp(f, x, v);
        Node g = Autograd.grad(f, x).get(0);
        Node reverseOverReverse = Autograd.grad(g.mul(v).sum(), x).get(0);
        Tensor viaHessian = Autograd.hessian(f, x).value().matmul(v.value());
        assertTrue(forwardOverReverse.value().allClose(reverseOverReverse.value(), 1e-12, 1e-12));
        assertTrue(forwardOverReverse.value().allClose(viaHessian, 1e-12, 1e-12));
    }

    @Test
    void secondDerivativesByForwardOverForward() {
        double x0 = 0.8;
        Node x = Parameter.of("x", Tensor.scalar(x0)).node();
        Node one = Node.scalar(1);
        Node f = x.square().mul(x.sin());
        Node d1 = Autograd.jvp(f, List.of(x), List.of(one));
        Node d2 = Autograd.jvp(d1, List.of(x), List.of(one));
        double s = Math.sin(x0);
        double c = Math.cos(x0);
        assertEquals(2 * x0 * s + x0 * x0 * c, d1.value().item(), 1e-12);
        assertEquals(2 * s + 4 * x0 * c - x0 * x0 * s, d2.value().item(), 1e-12);
        assertEquals(d2.value().item(), Autograd.grad(d1, x).get(0).value().item(), 1e-12, "reverse over forward");
    }

    @Test
    void aRuleThatReturnsABadTangentIsNamed() {
        Node x = Parameter.of("x", Tensor.ones(3)).node();
        Node y = Node.apply(new BadTangent(), x);
        assertEquals("jvp of badTangent: tangent has shape [3, 1], but the value has shape [3]", assertThrows(
                IllegalArgumentException.class, () -> Autograd.jvp(y.exp(), List.of(x), List.of(Node.constant(
                        Tensor.ones(3))))).getMessage());
    }
}
