package leibniz.autograd;

import static leibniz.autograd.Rewrites.assertKeeps;
import static leibniz.autograd.Rewrites.rewrite;
import static leibniz.autograd.Rewrites.rule;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Arrays;
import java.util.List;
import java.util.function.BinaryOperator;
import leibniz.autograd.check.TensorArbitraries;
import leibniz.core.DType;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Each canonicalization rule keeps values and gradients as its domain says, at inputs that include NaN,
 * ±∞, ±0 and subnormals; the method name is the rule's ({@code RuleCoverageTest}).
 */
class CanonicalizeProperties {
    private static final int TRIES = 40;

    @Provide
    Arbitrary<Tensor> ieeeTensors() {
        return Rewrites.ieeeTensors();
    }

    @Provide
    Arbitrary<Double> ieee() {
        return Rewrites.ieee();
    }

    @Provide
    Arbitrary<BinaryOperator<Node>> commutative() {
        return Arbitraries.of(Node::add, Node::mul, Node::maximum, Node::minimum);
    }

    /** Checks rule {@code name} (which must fire) on {@code original} of the placeholders xs fed values. */
    private static void check(String name, int ulps, Node original, List<Node> xs, List<Tensor> values, Rule... more) {
        Rule r = rule(name);
        Rule[] rules = new Rule[more.length + 1];
        rules[0] = r;
        System.arraycopy(more, 0, rules, 1, more.length);
        assertKeeps(r.domain(), ulps, original, rewrite(original, rules), xs, values);
    }

    private static Node in(Tensor x) {
        return Node.placeholder("x", x.shape(), x.dtype());
    }

    @Property(tries = TRIES)
    void constantRight(@ForAll("ieeeTensors") Tensor x, @ForAll("ieee") double c,
            @ForAll("commutative") BinaryOperator<Node> op) {
        Node p = in(x);
        check("canonicalize.constantRight", 0, op.apply(Node.scalar(c), p), List.of(p), List.of(x));
    }

    @Property(tries = TRIES)
    void mulOne(@ForAll("ieeeTensors") Tensor x, @ForAll boolean wide, @ForAll boolean f32, @ForAll boolean left) {
        Tensor t = f32 ? x.to(DType.F32) : x;
        Node p = in(t);
        Node one = Node.constant(wide ? Tensor.ones(x.shape().inserting(0, 2)) : Tensor.scalar(1));
        Node original = left ? one.mul(p) : p.mul(one);
        check("canonicalize.mulOne", 0, original, List.of(p), List.of(t), rule("canonicalize.constantRight"));
    }

    @Property(tries = TRIES)
    void mulMinusOne(@ForAll("ieeeTensors") Tensor x) {
        Node p = in(x);
        check("canonicalize.mulMinusOne", 0, p.mul(-1), List.of(p), List.of(x));
    }

    @Property(tries = TRIES)
    void divOne(@ForAll("ieeeTensors") Tensor x) {
        Node p = in(x);
        check("canonicalize.divOne", 0, p.div(1), List.of(p), List.of(x));
    }

    @Property(tries = TRIES)
    void divPowerOfTwo(@ForAll("ieeeTensors") Tensor x, @ForAll @IntRange(min = -30, max = 30) int k,
            @ForAll boolean negative, @ForAll boolean f32) {
        Tensor t = f32 ? x.to(DType.F32) : x;
        Node p = in(t);
        check("canonicalize.divPowerOfTwo", 0, p.div((negative ? -1 : 1) * Math.scalb(1.0, k)), List.of(p), List.of(t));
    }

    @Property(tries = TRIES)
    void scalePowersOfTwo(@ForAll("ieeeTensors") Tensor x, @ForAll @IntRange(max = 60) int j,
            @ForAll @IntRange(max = 60) int k, @ForAll boolean negative) {
        Node p = in(x);
        Node original = p.mul(Math.scalb(negative ? -1.0 : 1.0, j)).mul(Math.scalb(1.0, k));
        check("canonicalize.scalePowersOfTwo", 0, original, List.of(p), List.of(x));
    }

    /** 0 ulps: only −0 + 0 changes, to the −0 the rule keeps. */
    @Property(tries = TRIES)
    void addZero(@ForAll("ieeeTensors") Tensor x, @ForAll boolean negativeZero) {
        Node p = in(x);
        check("canonicalize.addZero", 0, p.add(negativeZero ? -0.0 : 0.0), List.of(p), List.of(x));
    }

    @Property(tries = TRIES)
    void subZero(@ForAll("ieeeTensors") Tensor x) {
        Node p = in(x);
        check("canonicalize.subZero", 0, p.sub(0.0), List.of(p), List.of(x));
    }

    @Property(tries = TRIES)
    void zeroSub(@ForAll("ieeeTensors") Tensor x) {
        Node p = in(x);
        check("canonicalize.zeroSub", 0, Node.scalar(0).sub(p), List.of(p), List.of(x));
    }

    @Property(tries = TRIES)
    void addSelf(@ForAll("ieeeTensors") Tensor x) {
        Node p = in(x);
        check("canonicalize.addSelf", 0, p.add(p), List.of(p), List.of(x));
    }

    @Property(tries = TRIES)
    void negNeg(@ForAll("ieeeTensors") Tensor x) {
        Node p = in(x);
        check("canonicalize.negNeg", 0, p.neg().neg(), List.of(p), List.of(x));
    }

    @Property(tries = TRIES)
    void addNeg(@ForAll("ieeeTensors") Tensor a, @ForAll("ieee") double b, @ForAll boolean left) {
        Node pa = in(a);
        Node pb = Node.placeholder("b", Shape.scalar());
        Node original = left ? pb.neg().add(pa) : pa.add(pb.neg());
        check("canonicalize.addNeg", 0, original, List.of(pa, pb), List.of(a, Tensor.scalar(b)));
    }

    @Property(tries = TRIES)
    void subNeg(@ForAll("ieeeTensors") Tensor a, @ForAll("ieee") double b) {
        Node pa = in(a);
        Node pb = Node.placeholder("b", Shape.scalar());
        check("canonicalize.subNeg", 0, pa.sub(pb.neg()), List.of(pa, pb), List.of(a, Tensor.scalar(b)));
    }

    @Property(tries = TRIES)
    void reshapeReshape(@ForAll("ieeeTensors") Tensor x) {
        Node p = in(x);
        int[] reversed = x.shape().dims().clone();
        for (int i = 0; i < reversed.length / 2; i++) {
            int t = reversed[i];
            reversed[i] = reversed[reversed.length - 1 - i];
            reversed[reversed.length - 1 - i] = t;
        }
        check("canonicalize.reshapeReshape", 0, p.reshape(-1).reshape(reversed), List.of(p), List.of(x));
    }

    /** A tensor and two permutations of the axes of it lifted by one leading axis of 1. */
    record TwoPermutations(Tensor x, List<Integer> first, List<Integer> second) {}

    @Provide
    Arbitrary<TwoPermutations> twoPermutations() {
        return Rewrites.ieeeTensors().flatMap(x -> {
            Arbitrary<List<Integer>> order = TensorArbitraries.permutations(x.rank() + 1)
                    .map(o -> Arrays.stream(o).boxed().toList());
            return Combinators.combine(order, order).as((a, b) -> new TwoPermutations(x, a, b));
        });
    }

    @Property(tries = TRIES)
    void permutePermute(@ForAll("twoPermutations") TwoPermutations c) {
        Tensor x = c.x();
        Node p = in(x);
        Node lifted = p.reshape(x.shape().inserting(0, 1));   // rank 1 to 3, so there is something to permute
        Node original = lifted.permute(axes(c.first())).permute(axes(c.second()));
        check("canonicalize.permutePermute", 0, original, List.of(p), List.of(x));
    }

    private static int[] axes(List<Integer> order) {
        return order.stream().mapToInt(Integer::intValue).toArray();
    }

    /** 2 ulps: the values are exact, the gradient sums in one pass what it summed in two. */
    @Property(tries = TRIES)
    void broadcastBroadcast(@ForAll("ieeeTensors") Tensor x) {
        Node p = in(x);
        Node original = p.broadcastTo(x.shape().inserting(0, 2)).broadcastTo(x.shape().inserting(0, 2).inserting(0, 3));
        check("canonicalize.broadcastBroadcast", 2, original, List.of(p), List.of(x));
    }

    @Property(tries = TRIES)
    void implicitBroadcast(@ForAll("ieeeTensors") Tensor a, @ForAll("ieee") double b, @ForAll boolean left,
            @ForAll @IntRange(max = 7) int which) {
        Node pa = in(a);
        Node lifted = pa.reshape(a.shape().inserting(0, 1));   // never rank 0, where broadcastTo adds no node
        Node pb = Node.placeholder("b", Shape.scalar());
        Node wide = pb.broadcastTo(lifted.shape());
        List<BinaryOperator<Node>> ops = List.of(Node::add, Node::sub, Node::mul, Node::div, Node::pow, Node::maximum,
                Node::minimum, Node::lt);
        BinaryOperator<Node> op = ops.get(which);
        Node original = left ? op.apply(wide, lifted) : op.apply(lifted, wide);
        check("canonicalize.implicitBroadcast", 0, original, List.of(pa, pb), List.of(a, Tensor.scalar(b)));
    }

    @Property(tries = TRIES)
    void sameShape(@ForAll("ieeeTensors") Tensor x, @ForAll @IntRange(max = 3) int which) {
        Node p = in(x);
        int[] identity = new int[x.shape().rank()];
        for (int i = 0; i < identity.length; i++) {
            identity[i] = i;
        }
        Node original = Node.apply(switch (which) {
            case 0 -> new LayoutOps.Reshape(x.shape());
            case 1 -> new LayoutOps.BroadcastTo(x.shape());
            case 2 -> new LayoutOps.SumTo(x.shape());
            default -> new LayoutOps.Permute(identity);
        }, p);
        check("canonicalize.sameShape", 0, original, List.of(p), List.of(x));
    }

    @Property(tries = TRIES)
    void castCast(@ForAll("ieeeTensors") Tensor x, @ForAll boolean roundTrip) {
        Tensor t = x.to(DType.F32);
        Node p = in(t);
        Node original = roundTrip ? p.to(DType.F64).to(DType.F32) : Node.apply(new UnaryOps.Cast(DType.F32), p);
        check("canonicalize.castCast", 0, original, List.of(p), List.of(t));
    }

    @Property(tries = TRIES)
    void detachDetach(@ForAll("ieeeTensors") Tensor x, @ForAll boolean constant) {
        Node p = in(x);
        Node original = constant ? Node.apply(new UnaryOps.StopGradient(), Node.constant(x)).add(p)
                : p.detach().detach().add(p);
        check("canonicalize.detachDetach", 0, original, List.of(p), List.of(x));
    }

    @Property(tries = TRIES)
    void expectation(@ForAll("ieeeTensors") Tensor x, @ForAll boolean labels) {
        Node p = in(x);
        Node marked = labels ? Lint.expectLabels(p, 3, "loss") : Lint.expect(p, Lint.Role.LOGITS, "loss");
        check("canonicalize.expectation", 0, marked.mul(p), List.of(p), List.of(x));
    }

    @Property(tries = TRIES)
    void compareInfinity(@ForAll("ieeeTensors") Tensor x, @ForAll boolean below) {
        Node p = in(x);
        Node original = (below ? p.lt(Node.scalar(Double.NEGATIVE_INFINITY)) : p.gt(Node.scalar(Double.POSITIVE_INFINITY)))
                .add(p);
        check("canonicalize.compareInfinity", 0, original, List.of(p), List.of(x));
    }

    @Property(tries = TRIES)
    void whereConstant(@ForAll("ieeeTensors") Tensor a, @ForAll("ieee") double b, @ForAll("ieee") double c,
            @ForAll boolean wide) {
        Node pa = in(a);
        Node pb = Node.placeholder("b", Shape.scalar());
        Node cond = wide ? Node.scalar(c).broadcastTo(a.shape().inserting(0, 2)) : Node.constant(Tensor.full(a.shape(), c));
        check("canonicalize.whereConstant", 0, Node.where(cond, pa, pb), List.of(pa, pb), List.of(a, Tensor.scalar(b)));
    }

    /** The gradient as the VJPs built it, unmarked: the marker is dropped where nothing was stabilized. */
    @Property(tries = TRIES)
    void gradient(@ForAll("ieeeTensors") Tensor x) {
        Node p = in(x);
        Node original = Autograd.grad(p.exp().sum(), p).get(0);
        Node rewritten = rewrite(original, rule("canonicalize.gradient"));
        assertSame(original.input(0), rewritten);
        assertKeeps(Rule.Domain.EXACT, 0, original, rewritten, List.of(p), List.of(x));
    }
}
