package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import leibniz.autograd.Rule.Domain;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;

/** The checked mode: the first runs evaluate the graph as written beside the compiled one and name the first rule that changed a value. */
class CheckedTest {
    /** out = x, counting its evaluations. */
    record Count(AtomicInteger calls) implements Op {
        public String name() { return "count"; }
        public Shape shape(Shape... in) { return in[0]; }
        public Tensor forward(Tensor... in) {
            calls.incrementAndGet();
            return in[0];
        }
        public List<Node> vjp(Node out, Node g) { return List.of(g); }
    }

    @Test
    void theFirstRunsEvaluateBothGraphs() {
        AtomicInteger calls = new AtomicInteger();
        Node x = Node.placeholder("x", 3);
        Node y = Node.apply(new Count(calls), x.mul(1)).sigmoid().log().sum();
        Node g = Autograd.grad(y, x).get(0);
        Program checked = Program.of(List.of(y, g), List.of(), Program.Options.defaults().checked(2));
        Program plain = Program.of(y, g);
        Map<Node, Tensor> feed = Map.of(x, Tensor.vector(-1000, 0, 3));
        for (int run = 0; run < 3; run++) {
            assertEquals(plain.run(feed), checked.run(feed));   // −∞ and NaN as written, accepted: stabilized
        }
        assertEquals(3 + 2 + 2 + 1, calls.get());   // plain: once a run; checked: twice in the first two runs
    }

    @Test
    void aRuleThatChangesAValueIsNamedWithTheNodeAndTheElement() {
        Rule wrong = Rule.of("test.mulOneIsTwo", Domain.EXACT,
                n -> n.op() instanceof BinaryOps.Mul && Patterns.isConstant(n.input(1), 1) ? n.input(0).mul(2) : null);
        Node x = Node.placeholder("x", 2);
        Node y = x.mul(1).exp();
        Compiled c = Compiler.compile(List.of(y), List.of(wrong));
        Map<Parameter, Integer> index = new HashMap<>();
        Plan compiled = new Plan(c.roots(), index, 1, List.of(), false, true, Program.Options.defaults());
        Plan original = new Plan(List.of(y), index, 1, List.of(), false, false, Program.Options.defaults());
        Map<Node, Tensor> feed = Map.of(x, Tensor.vector(1, 2));
        Tensor[] none = new Tensor[0];
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Checked.compare(c, compiled,
                compiled.evaluate(feed, none, true), original, original.evaluate(feed, none, true)));
        assertEquals("checked run: rule test.mulOneIsTwo (EXACT) changed the value of mul[2] F64: element [0] is 1.0 as"
                + " written and 2.0 compiled", e.getMessage());
    }

    @Test
    void toleranceFollowsTheLoosestRuleUpstream() {
        Tensor a = Tensor.vector(1, Double.NaN, 0.1);
        Tensor b = Tensor.vector(1 + 1e-9, 5, 0.1);
        assertEquals(0, Checked.firstDifference(a, b, Domain.EXACT));
        assertEquals(1, Checked.firstDifference(a, b, Domain.ULPS));
        assertEquals(-1, Checked.firstDifference(a, b, Domain.STABILIZE));
        assertEquals(-1, Checked.firstDifference(Tensor.vector(0.0), Tensor.vector(-0.0), Domain.ULPS));
        assertEquals(0, Checked.firstDifference(Tensor.vector(0.0), Tensor.vector(-0.0), Domain.EXACT));
    }

    @Test
    void badOptionsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Program.Options.defaults().checked(-1));
        assertEquals("program options: checked runs must be at least 0, got -1", e.getMessage());
        Node x = Node.placeholder("x", 2);
        e = assertThrows(IllegalArgumentException.class, () -> Program.of(List.of(x), List.of(), null));
        assertEquals("program: options are required; pass Program.Options.defaults()", e.getMessage());
    }
}
