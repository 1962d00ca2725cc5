package leibniz.autograd;

import static leibniz.autograd.Rewrites.assertKeeps;
import static leibniz.autograd.Rewrites.rewrite;
import static leibniz.autograd.Rewrites.rule;
import static leibniz.autograd.check.TensorArbitraries.awayFrom;
import static leibniz.autograd.check.TensorArbitraries.tensors;

import java.util.List;
import leibniz.autograd.check.TensorArbitraries;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Each stabilization rule keeps values and gradients, to a relative 1e-12, where the original is
 * accurate (inputs in [−3, 3]); {@code StabilityTest} shows them finite where the original is not. The
 * method names are the rules' ({@code RuleCoverageTest}); the gradient marker's own gradient property
 * is here too.
 */
class StabilizeProperties {
    private static final int TRIES = 30;

    @Provide
    Arbitrary<Tensor> moderate() {
        return tensors(0, 2, 3, -3, 3);
    }

    @Provide
    Arbitrary<Tensor> matrices() {
        return tensors(2, 2, 4, -3, 3);
    }

    private static void check(String name, Node original, Node x, Tensor value, Rule... more) {
        Rule[] rules = new Rule[more.length + 1];
        rules[0] = rule(name);
        System.arraycopy(more, 0, rules, 1, more.length);
        assertKeeps(rules[0].domain(), 0, original, rewrite(original, rules), List.of(x), List.of(value));
    }

    private static Node in(Tensor x) {
        return Node.placeholder("x", x.shape());
    }

    @Property(tries = TRIES)
    void logExp(@ForAll("moderate") Tensor x) {
        Node p = in(x);
        check("stabilize.logExp", p.exp().log(), p, x);
    }

    /** The naive softmax, the max-shifted one (detached or not), and a sum without keepDims unsqueezed back. */
    @Property(tries = TRIES)
    void logSoftmax(@ForAll("matrices") Tensor x, @ForAll @IntRange(max = 1) int axis,
            @ForAll @IntRange(max = 3) int form) {
        Node p = in(x);
        Node y = switch (form) {
            case 1 -> p.sub(p.max(axis, true));
            case 2 -> p.sub(p.max(axis, true).detach());
            default -> p;
        };
        Node e = y.exp();
        Node sum = form == 3 ? e.sum(axis).unsqueeze(axis) : e.sum(axis, true);
        check("stabilize.logSoftmax", e.div(sum).log(), p, x);
    }

    @Property(tries = TRIES)
    void logSoftmaxOfAll(@ForAll("moderate") Tensor x) {
        Node p = in(x);
        check("stabilize.logSoftmax", p.exp().div(p.exp().sum()).log(), p, x);
    }

    @Property(tries = TRIES)
    void logSumExp(@ForAll("matrices") Tensor x, @ForAll @IntRange(min = -1, max = 2) int axis,
            @ForAll boolean keepDims) {
        Node p = in(x);
        Node sum = axis == 2 ? p.exp().sum() : p.exp().sum(axis, keepDims);
        check("stabilize.logSumExp", sum.log(), p, x);
    }

    /** Two tensors in [-3, 3] whose shapes broadcast together. */
    record Operands(Tensor a, Tensor b) {}

    @Provide
    Arbitrary<Operands> operands() {
        return TensorArbitraries.broadcastPairs(2, 3).flatMap(p -> Combinators.combine(
                TensorArbitraries.tensors(p.a(), -3, 3), TensorArbitraries.tensors(p.b(), -3, 3)).as(Operands::new));
    }

    @Property(tries = TRIES)
    void logAddExp(@ForAll("operands") Operands c) {
        Tensor a = c.a();
        Tensor b = c.b();
        Node pa = Node.placeholder("a", a.shape());
        Node pb = Node.placeholder("b", b.shape());
        Node original = pa.exp().add(pb.exp()).log();
        assertKeeps(rule("stabilize.logAddExp").domain(), 0, original, rewrite(original, rule("stabilize.logAddExp")),
                List.of(pa, pb), List.of(a, b));
    }

    @Property(tries = TRIES)
    void logSigmoid(@ForAll("moderate") Tensor x) {
        Node p = in(x);
        check("stabilize.logSigmoid", p.sigmoid().log(), p, x);
    }

    @Property(tries = TRIES)
    void log1pNegSigmoid(@ForAll("moderate") Tensor x) {
        Node p = in(x);
        check("stabilize.log1pNegSigmoid", p.sigmoid().neg().log1p(), p, x);
    }

    @Property(tries = TRIES)
    void oneMinusSigmoid(@ForAll("moderate") Tensor x) {
        Node p = in(x);
        check("stabilize.oneMinusSigmoid", Node.scalar(1).sub(p.sigmoid()), p, x);
    }

    /** Inputs at least 0.01 from 0, where log(1 + x) has lost no more than a relative 1e-13. */
    @Property(tries = TRIES)
    void log1p(@ForAll("moderate") Tensor x, @ForAll boolean left) {
        Tensor t = x.map(v -> v < -0.5 ? -0.5 - v / 10 : Math.abs(v) < 0.01 ? 0.01 : v);
        Node p = in(t);
        Node sum = left ? Node.scalar(1).add(p) : p.add(1);
        check("stabilize.log1p", sum.log(), p, t, rule("canonicalize.constantRight"));
    }

    @Property(tries = TRIES)
    void softplus(@ForAll("moderate") Tensor x) {
        Node p = in(x);
        check("stabilize.softplus", p.exp().log1p(), p, x);
    }

    /** {@code e^x / (1 + e^x)}, {@code 1 / (1 + e^x)} and {@code reciprocal(1 + e^x)}. */
    @Property(tries = TRIES)
    void sigmoid(@ForAll("moderate") Tensor x, @ForAll @IntRange(max = 2) int form) {
        Node p = in(x);
        Node denominator = p.exp().add(1);
        Node original = switch (form) {
            case 0 -> p.exp().div(denominator);
            case 1 -> Node.scalar(1).div(denominator);
            default -> denominator.reciprocal();
        };
        check("stabilize.sigmoid", original, p, x);
    }

    /** Away from 0, where the original VJP is 0/0 and the rewritten one sign(0) = 0. */
    @Property(tries = TRIES)
    void sqrtSquare(@ForAll("nonzero") Tensor x) {
        Node p = in(x);
        check("stabilize.sqrtSquare", p.square().sqrt(), p, x);
    }

    @Provide
    Arbitrary<Tensor> nonzero() {
        return awayFrom(moderate(), 0.1, 0);
    }

    /** The gradient of a stabilized function derived again: the VJPs of −softplus(−x), not of log σ(x). */
    @Property(tries = TRIES)
    void gradient(@ForAll("moderate") Tensor x) {
        Node p = in(x);
        Node marked = Autograd.grad(p.sigmoid().log().sum(), p).get(0);
        Compiled c = Compiler.compile(List.of(marked), Compiler.rules(Program.Options.defaults()));
        org.junit.jupiter.api.Assertions.assertEquals(1, c.fired().get("stabilize.gradient"));
        assertKeeps(Rule.Domain.STABILIZE, 0, marked, c.roots().get(0), List.of(p), List.of(x));
    }

    /** The marker is the identity on its first input, through which gradients flow, first and second order. */
    @Property(tries = TRIES)
    void gradOfGradient(@ForAll("moderate") Tensor x) {
        OpChecks.gradients(xs -> Autograd.grad(xs.get(0).sin().sum(), xs.get(0)).get(0), x);
    }
}
