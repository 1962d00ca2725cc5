package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import leibniz.autograd.Rule.Domain;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;

/** The compile step: what it does to the issue's examples, what it never touches, and how it reports a faulty rule. */
class CompilerTest {
    private final Node x = Node.placeholder("x", 2, 3);

    /** A user's op: pure or not, the compiler cannot know, so it never merges, folds or rewrites it. */
    record Twice() implements Op {
        public String name() { return "twice"; }
        public Shape shape(Shape... in) { return in[0]; }
        public Tensor forward(Tensor... in) { return in[0].mul(Tensor.scalar(2)); }
        public List<Node> vjp(Node out, Node g) { return List.of(g.mul(2)); }
    }

    private static Compiled compile(Node... roots) {
        return Compiler.compile(List.of(roots), Compiler.rules(Program.Options.defaults()));
    }

    @Test
    void theIssuesExamplesShrink() {
        // x·2 + x·2: the two products merge, x' + x' is x'·2, and (x·2)·2 is x·4.
        assertEquals(6, Program.of(List.of(x.mul(2).add(x.mul(2))), List.of(), Program.Options.defaults().uncompiled())
                .size());
        assertEquals(3, Program.of(x.mul(2).add(x.mul(2))).size());
        assertEquals(1, Program.of(x.mul(1).add(0)).size());
        Compiled folded = compile(Node.scalar(2).mul(3).mul(x));
        assertEquals(3, folded.after());
        assertEquals(Tensor.scalar(6), ((Leaves.Constant) folded.roots().get(0).input(1).op()).value());
    }

    @Test
    void theUsersNodesAreNeverChanged() {
        Node y = x.mul(1).exp().add(x.mul(1).exp()).sum();
        List<List<Node>> inputs = new ArrayList<>();
        for (Node n : Topo.order(List.of(y), false)) {
            inputs.add(n.inputs());
        }
        Compiled c = compile(y);
        int i = 0;
        for (Node n : Topo.order(List.of(y), false)) {
            assertEquals(inputs.get(i++), n.inputs());
        }
        assertEquals(9, c.before());
        assertEquals(5, c.after());   // x, exp x, 2, mul, sum
        assertSame(x, c.images().get(x));
    }

    @Test
    void mergesTheForwardWithTheGradient() {
        // d/dx Σ (sin x + cos x) = cos x − sin x: the VJPs build sin x and cos x again, merged with the forward's.
        Node y = x.sin().add(x.cos()).sum();
        Node g = Autograd.grad(y, x).get(0);
        Compiled c = compile(y, g);
        assertEquals(2, Topo.order(c.roots(), false).stream().filter(n -> n.op() instanceof UnaryOps.Sin
                || n.op() instanceof UnaryOps.Cos).count());
        Map<Node, Tensor> feed = Map.of(x, Tensor.normal(3, 0, 1, 2, 3));
        Tensor expected = feed.get(x).cos().sub(feed.get(x).sin());
        assertEquals(expected, Program.of(g).run(feed).get(0));
    }

    @Test
    void aCustomOpIsLeftAsWritten() {
        Node c = Node.constant(Tensor.ones(2, 3));
        Node a = Node.apply(new Twice(), x);
        Node b = Node.apply(new Twice(), x);
        Node folded = Node.apply(new Twice(), c);
        Compiled compiled = compile(a.add(b).add(folded).mul(1));
        Node sum = compiled.roots().get(0);
        assertSame(a, sum.input(0).input(0));
        assertSame(b, sum.input(0).input(1));
        assertSame(folded, sum.input(1));
        assertEquals(1, compiled.fired().get("canonicalize.mulOne"));
    }

    @Test
    void aRuleThatThrowsIsReportedWithItsName() {
        Rule boom = Rule.of("test.boom", Domain.EXACT, n -> {
            if (n.op() instanceof UnaryOps.Exp) {
                throw new IllegalArgumentException("no such pattern");
            }
            return null;
        });
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Compiler.compile(List.of(x.exp()), List.of(boom)));
        assertEquals("compile: rule test.boom failed at exp[2, 3] F64: no such pattern", e.getMessage());
    }

    @Test
    void rulesThatCycleAreReported() {
        Rule swap = Rule.of("test.swap", Domain.EXACT,
                n -> n.op() instanceof BinaryOps.Add ? Node.apply(n.op(), n.input(1), n.input(0)) : null);
        Rule neg = Rule.of("test.twoNegs", Domain.EXACT,
                n -> n.op() instanceof UnaryOps.Exp ? n.input(0).neg().neg().exp() : null);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Compiler.compile(List.of(x.add(x.exp())), List.of(swap)));
        assertEquals("compile: rules test.swap rewrote add[2, 3] F64 64 times in a row without reaching a fixpoint; a"
                + " rule set must terminate", e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> Compiler.compile(List.of(x.exp()), List.of(neg)));
        assertEquals("compile: rules test.twoNegs rewrote exp[2, 3] F64 64 times in a row without reaching a fixpoint;"
                + " a rule set must terminate", e.getMessage());
    }

    @Test
    void aReplacementOfAnotherShapeOrTypeIsRefused() {
        Rule sum = Rule.of("test.sum", Domain.EXACT, n -> n.op() instanceof UnaryOps.Exp ? n.sum() : null);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Compiler.compile(List.of(x.exp()), List.of(sum)));
        assertEquals("compile: rule test.sum replaced exp[2, 3] F64 by sum[] F64; a replacement must keep the node's"
                + " shape and type", e.getMessage());
    }

    @Test
    void aLongChainCompilesWithoutRecursion() {
        Node y = x;
        for (int i = 0; i < 100_000; i++) {
            y = y.neg();
        }
        Node z = x;
        for (int i = 0; i < 100_000; i++) {
            z = z.tanh();
        }
        assertEquals(1, Program.of(y).size());
        assertEquals(100_001, Program.of(z).size());
    }

    @Test
    void valueCompilesTooAndStabilizesBeforeItFolds() {
        Node p = Parameter.of("p", Tensor.vector(1, 2)).node();
        assertEquals(Tensor.vector(6, 12), Node.scalar(2).mul(3).mul(p).value());
        // Folding σ(−1000) first would give log 0 = −∞; stabilized first, it is −softplus(1000).
        Node z = Node.constant(Tensor.scalar(-1000));
        assertEquals(-1000, z.sigmoid().log().value().item(), 0);
        assertEquals(Double.NEGATIVE_INFINITY, Program.of(List.of(z.sigmoid().log()), List.of(),
                Program.Options.defaults().uncompiled()).run().get(0).item(), 0);
    }
}
