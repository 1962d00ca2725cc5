package leibniz.autograd;

import static leibniz.autograd.Rewrites.assertKeeps;
import static leibniz.autograd.Rewrites.rewrite;
import static leibniz.autograd.Rewrites.rule;
import static leibniz.autograd.check.TensorArbitraries.awayFrom;
import static leibniz.autograd.check.TensorArbitraries.tensors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import leibniz.core.Convolutions.Window;
import leibniz.core.DType;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The algebra of the symbolic zero keeps values and gradients wherever the other operands are finite,
 * the domain of {@link Rule.Domain#SYMBOLIC}; {@link #theSymbolicZeroAbsorbsInfinity} shows where it
 * parts from IEEE arithmetic. The method names are the rules' ({@code RuleCoverageTest}).
 */
class ZerosProperties {
    private static final int TRIES = 30;
    private static final Shape S = Shape.of(2, 3);

    /** Finite, and away from 0 so that no division of a zero is 0/0. */
    @Provide
    Arbitrary<Tensor> finite() {
        return awayFrom(tensors(S, -3, 3), 0.1, 0);
    }

    private static void check(String name, Tensor x, Function<Node, Node> f) {
        Node p = Node.placeholder("x", x.shape());
        Node original = f.apply(p);
        assertKeeps(rule(name).domain(), 0, original, rewrite(original, rule(name)), List.of(p), List.of(x));
    }

    private static Node zero(Shape s) {
        return Node.zeros(s);
    }

    @Property(tries = TRIES)
    void sum(@ForAll("finite") Tensor x, @ForAll boolean left, @ForAll boolean wide) {
        Node z = zero(wide ? S.inserting(0, 2) : S);
        check("zeros.sum", x, p -> left ? z.add(p) : p.add(z));
    }

    @Property(tries = TRIES)
    void difference(@ForAll("finite") Tensor x, @ForAll boolean left) {
        check("zeros.difference", x, p -> left ? zero(S).sub(p) : p.sub(zero(Shape.scalar())));
    }

    @Property(tries = TRIES)
    void product(@ForAll("finite") Tensor x, @ForAll @IntRange(max = 2) int form) {
        check("zeros.product", x, p -> (switch (form) {
            case 0 -> p.mul(zero(S));
            case 1 -> zero(Shape.of(3)).mul(p);
            default -> zero(S).div(p);
        }).add(p));
    }

    @Property(tries = TRIES)
    void scaledSum(@ForAll("finite") Tensor x, @ForAll @IntRange(max = 2) int form) {
        Node alpha = Node.scalar(-0.5);
        check("zeros.scaledSum", x, p -> switch (form) {
            case 0 -> p.add(zero(S), alpha);
            case 1 -> p.add(p.exp(), zero(Shape.scalar()));
            default -> zero(S).add(p, alpha);
        });
    }

    /** Each op linear in its zero input, added to x so that x has a gradient. */
    @Property(tries = TRIES)
    void linear(@ForAll("finite") Tensor x, @ForAll @IntRange(max = 19) int which) {
        Node idx = Node.constant(Tensor.vector(1, 0, 1));
        Node index = Node.constant(Tensor.matrix(new double[][] {{0, 2, 1}, {1, 1, 0}}));
        Node z = zero(S);
        List<Function<Node, Node>> ops = List.of(Node::neg, n -> n.reshape(3, 2), n -> n.transpose(),
                n -> n.broadcastTo(S.inserting(0, 2)), n -> Node.apply(new LayoutOps.SumTo(Shape.of(3)), n),
                n -> n.slice(1, 0, 2), n -> Node.apply(new LayoutOps.Pad(Shape.of(2, 7), 1, 1, 7, 2), n),
                n -> n.to(DType.F32), n -> Node.apply(new UnaryOps.StopGradient(), n), n -> n.sum(0), n -> n.mean(),
                n -> n.indexSelect(1, idx), n -> Node.indexAdd(Shape.of(2, 2), 1, idx, n), n -> n.gather(1, index),
                n -> Node.scatterAdd(Shape.of(2, 3), 1, index, n), n -> n.matmul(Node.constant(Tensor.ones(3, 4))),
                n -> Node.concat(0, n, n), n -> Node.where(Node.constant(Tensor.ones(3)), n, n),
                n -> Node.apply(new UnaryOps.TanhBackward(), Node.constant(Tensor.ones(S)), n),
                n -> Windows.unfold(n.reshape(1, 1, 2, 3), Window.square(1, 1, 0)));
        Node fz = ops.get(which).apply(z);
        check("zeros.linear", x, p -> fz.sum().to(DType.F64).add(p));
    }

    @Example
    void theSymbolicZeroAbsorbsInfinity() {
        Node p = Node.placeholder("x", 2);
        Node original = zero(Shape.of(2)).mul(p);
        Map<Node, Tensor> feed = Map.of(p, Tensor.vector(Double.POSITIVE_INFINITY, 1));
        assertEquals(Tensor.vector(Double.NaN, 0), Rewrites.run(List.of(original), feed).get(0));
        Node rewritten = rewrite(original, rule("zeros.product"));
        assertTrue(rewritten.isZero());
        assertEquals(Tensor.vector(0, 0), Rewrites.run(List.of(rewritten), feed).get(0));
    }
}
