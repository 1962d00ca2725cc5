package leibniz.autograd;

import static leibniz.autograd.Rewrites.assertKeeps;
import static leibniz.autograd.Rewrites.rewrite;
import static leibniz.autograd.Rewrites.rule;
import static leibniz.autograd.check.TensorArbitraries.tensors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.BinaryOperator;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Folding computes a constant subgraph with the kernel a run would use, so the values are the same bits;
 * random draws and ops that grow their inputs are left to run time. The method name is the rule's
 * ({@code RuleCoverageTest}).
 */
class ConstantFoldingProperties {
    private static final Shape S = Shape.of(2, 3);

    @Provide
    Arbitrary<Tensor> ieee() {
        return Rewrites.ieee().list().ofSize(S.size())
                .map(v -> Tensor.of(v.stream().mapToDouble(Double::doubleValue).toArray(), S));
    }

    @Property(tries = 40)
    void fold(@ForAll("ieee") Tensor a, @ForAll("ieee") Tensor b, @ForAll @IntRange(max = 6) int which) {
        List<BinaryOperator<Node>> ops = List.of(Node::add, Node::mul, Node::div, Node::pow,
                (u, v) -> u.exp().sub(v.square()), (u, v) -> u.matmul(v.transpose()), (u, v) -> u.sum(1).mul(v.max()));
        Node folded = ops.get(which).apply(Node.constant(a), Node.constant(b));
        Node p = Node.placeholder("x", folded.shape());
        Node original = folded.add(p);
        Node rewritten = rewrite(original, rule("constantFolding.fold"));
        assertTrue(rewritten.input(0).isConstant(), rewritten.input(0).toString());
        assertKeeps(rule("constantFolding.fold").domain(), 0, original, rewritten, List.of(p),
                List.of(Tensor.zeros(folded.shape())));
    }

    /** An elementwise op of a broadcast constant and another constant, or a reshape of a broadcast scalar. */
    @Property(tries = 40)
    void broadcastLast(@ForAll("ieee") Tensor a, @ForAll("ieee") Tensor b, @ForAll @IntRange(max = 4) int which) {
        Node wide = Node.constant(a.slice(0, 0, 1)).broadcastTo(Shape.of(4, 2, 3));
        Node d = Node.constant(b);
        List<Node> originals = List.of(wide.mul(d), d.sub(wide), wide.exp(), wide.maximum(d),
                Node.constant(a.slice(0, 0, 1).slice(1, 0, 1)).broadcastTo(Shape.of(4, 1)).reshape(2, 2, 1));
        Node folded = originals.get(which);
        Node p = Node.placeholder("x", folded.shape());
        Node original = folded.add(p);
        Node rewritten = rewrite(original, rule("constantFolding.broadcastLast"), rule("constantFolding.fold"));
        assertTrue(rewritten.input(0).op() instanceof LayoutOps.BroadcastTo, rewritten.input(0).toString());
        assertKeeps(rule("constantFolding.broadcastLast").domain(), 0, original, rewritten, List.of(p),
                List.of(Tensor.zeros(folded.shape())));
    }

    @Example
    void randomDrawsAndGrowingOpsAreLeftToRunTime() {
        Node mask = Node.bernoulli(S, 0.5, 7);
        Node wide = Node.constant(Tensor.vector(1, 2, 3)).broadcastTo(S);
        Compiled c = Compiler.compile(List.of(mask, wide), List.of(rule("constantFolding.fold")));
        assertEquals(0, c.fired().get("constantFolding.fold"));
        assertEquals(List.of(mask, wide), c.roots());
    }
}
