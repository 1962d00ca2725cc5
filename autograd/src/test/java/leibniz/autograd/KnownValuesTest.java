package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;

/** Values and derivatives computed by hand or by an independent implementation (micrograd). */
class KnownValuesTest {
    private static Node leaf(String name, double v) {
        return Parameter.of(name, Tensor.scalar(v)).node();
    }

    @Test
    void microgradSanityCheck() {
        Node x = leaf("x", -4);
        Node z = x.mul(2).add(2).add(x);
        Node q = z.relu().add(z.mul(x));
        Node h = z.mul(z).relu();
        Node y = h.add(q).add(q.mul(x));
        assertEquals(-20, y.value().item(), 1e-12);
        assertEquals(46, Autograd.grad(y, x).get(0).value().item(), 1e-12);
    }

    @Test
    void microgradMoreOps() {
        Node a = leaf("a", -4);
        Node b = leaf("b", 2);
        Node c = a.add(b);
        Node d = a.mul(b).add(b.pow(3));
        c = c.add(c.add(1));
        c = c.add(Node.scalar(1).add(c).add(a.neg()));
        d = d.add(d.mul(2).add(b.add(a).relu()));
        d = d.add(d.mul(3).add(b.sub(a).relu()));
        Node e = c.sub(d);
        Node f = e.pow(2);
        Node g = f.div(2.0);
        g = g.add(Node.scalar(10.0).div(f));
        List<Node> grads = Autograd.grad(g, a, b);
        assertEquals(24.70408163265306, g.value().item(), 1e-12);
        assertEquals(138.83381924198252, grads.get(0).value().item(), 1e-10);
        assertEquals(645.5772594752186, grads.get(1).value().item(), 1e-10);
    }

    @Test
    void secondDerivativeOfCube() {
        Node x = leaf("x", 3);
        Node y = x.pow(3);
        Node dy = Autograd.grad(y, x).get(0);
        Node d2y = Autograd.grad(dy, x).get(0);
        Node d3y = Autograd.grad(d2y, x).get(0);
        assertEquals(27, dy.value().item(), 1e-12);
        assertEquals(18, d2y.value().item(), 1e-12);
        assertEquals(6, d3y.value().item(), 1e-12);
    }

    @Test
    void chainOfOneHundredThousandOps() {
        Node x = leaf("x", 0.5);
        Node y = x;
        for (int i = 0; i < 100_000; i++) {
            y = y.mul(1.0).add(0.0);
        }
        assertEquals(1.0, Autograd.grad(y, x).get(0).value().item(), 0);
    }
}
