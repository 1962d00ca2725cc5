package leibniz.autograd.debugging;

import java.util.List;
import java.util.Map;
import leibniz.autograd.*;
import leibniz.core.*;
import org.junit.jupiter.api.Test;

class ScratchDebugModeTest {
    record Cube() implements Op {
        public String name() { return "cube"; }
        public Shape shape(Shape... in) { return in[0]; }
        public Tensor forward(Tensor... in) { return in[0].pow(3); }
        public List<Node> vjp(Node out, Node g) { return List.of(g.mul(out.input(0).square())); }
    }

    @Test
    void print() {
        Parameter w = Parameter.of("w", Tensor.vector(1, -2, 3, 4));
        Node x = Node.placeholder("x", 4);
        Node y = x.mul(w.node()).log().sum();
        Node g = Autograd.grad(y, w.node()).get(0);
        try { Program.of(y, g).run(Map.of(x, Tensor.vector(1, 1, 1, 1))); } catch (RuntimeException e) { System.out.println(e.getMessage()); }
        Node s = w.node().sqrt().sum();
        Node gs = Autograd.grad(s, w.node()).get(0);
        try { Program.of(gs).run(); } catch (RuntimeException e) { System.out.println(e.getMessage()); }
        try { Node.placeholder("x", 64, 784).matmul(Parameter.of("weight", Tensor.zeros(256, 10)).node()); } catch (RuntimeException e) { System.out.println(e.getMessage()); }
        try { Node.apply(new Cube(), w.node()).sum().value(); } catch (RuntimeException e) { System.out.println(e.getMessage()); }
        System.out.println(Autograd.explainZero(w.node().detach().sum(), w));
        System.out.println(Autograd.explainZero(w.node().argmax().add(w.node().step().sum()), w));
        System.out.println(Autograd.explainZero(w.node().sub(10).relu().sum(), w));
        System.out.println(Autograd.explainZero(w.node().mul(1e-12).sum(), w));
        System.out.println(Autograd.explainZero(x.sum(), w, Map.of(x, Tensor.ones(4))));
        Node p = Node.placeholder("p", 8);
        Node t = Node.placeholder("t", 8, 1);
        System.out.println(Lint.of().check(p.sub(t).square().mean(), List.of(w)));
    }
}
