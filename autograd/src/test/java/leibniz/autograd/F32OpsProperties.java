package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import leibniz.core.Convolutions.Window;
import leibniz.core.DType;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Every public op of {@link Node}, built on F32 parameters, runs in F32 (F64 where documented: one-hot
 * rows, Bernoulli masks, a cast to F64), its value has the type its node states, and its value and its
 * gradients (of the F32 inputs' type) match the same op on the same values in F64 to float precision.
 * Non-differentiable ops give the symbolic zero of the input's type.
 */
class F32OpsProperties {
    private static final int TRIES = 20;
    private static final double RTOL = 1e-4;

    /** An op applied to parameters holding {@code inputs}; {@code flat} when no gradient flows through it. */
    private record Case(String name, Function<List<Node>, Node> f, DType type, boolean flat, List<Tensor> inputs) {
    }

    private static Case op(String name, Function<List<Node>, Node> f, Tensor... inputs) {
        return new Case(name, f, DType.F32, false, List.of(inputs));
    }

    private static Case flat(String name, DType type, Function<List<Node>, Node> f, Tensor... inputs) {
        return new Case(name, f, type, true, List.of(inputs));
    }

    /** Runs the case in both types and compares value, types and gradients. */
    private static void check(Case c, SplittableRandom rng) {
        List<Node> x32 = new ArrayList<>();
        List<Node> x64 = new ArrayList<>();
        for (Tensor t : c.inputs()) {
            Tensor f = t.to(DType.F32); // both twins see exactly the same values
            x32.add(Parameter.of("x", f).node());
            x64.add(Parameter.of("x", f.to(DType.F64)).node());
        }
        Node y32 = c.f().apply(x32);
        Node y64 = c.f().apply(x64);
        assertEquals(c.type(), y32.dtype(), c.name());
        Tensor r = Samples.uniform(rng, y32.shape());
        List<Node> g32 = Autograd.grad(y32.mul(Node.constant(r.to(y32.dtype()))).sum(), x32);
        List<Node> g64 = Autograd.grad(y64.mul(Node.constant(r)).sum(), x64);
        List<Node> outputs = new ArrayList<>(List.of(y32, y64));
        outputs.addAll(g32);
        outputs.addAll(g64);
        List<Tensor> v = Program.of(outputs).run();
        DTypeProperties.assertClose(c.name(), c.type(), v.get(0), v.get(1), RTOL);
        int n = x32.size();
        for (int i = 0; i < n; i++) {
            String what = c.name() + ": gradient " + i;
            assertEquals(DType.F32, g32.get(i).dtype(), what);
            if (c.flat()) {
                assertTrue(g32.get(i).isZero(), what + " is not the symbolic zero");
            } else {
                DTypeProperties.assertClose(what, DType.F32, v.get(2 + i), v.get(2 + n + i), RTOL);
            }
        }
    }

    private static void checkAll(List<Case> cases, long seed) {
        SplittableRandom rng = new SplittableRandom(seed ^ 0x5DEECE66DL);
        for (Case c : cases) {
            check(c, rng);
        }
    }

    private static Tensor positive(SplittableRandom rng, Shape s) {
        return Samples.uniform(rng, s).mul(0.75).add(1.25); // in [0.5, 2): inside every op's domain
    }

    @Property(tries = TRIES)
    void f32UnaryOpsMatchTheirF64Twins(@ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Shape s = Samples.shape(rng, 0, 3, 3);
        Tensor x = Samples.uniform(rng, s);
        Tensor p = positive(rng, s);
        checkAll(List.of(
                op("neg", xs -> xs.get(0).neg(), x), op("abs", xs -> xs.get(0).abs(), x),
                op("exp", xs -> xs.get(0).exp(), x), op("square", xs -> xs.get(0).square(), x),
                op("sin", xs -> xs.get(0).sin(), x), op("cos", xs -> xs.get(0).cos(), x),
                op("tanh", xs -> xs.get(0).tanh(), x), op("sigmoid", xs -> xs.get(0).sigmoid(), x),
                op("erf", xs -> xs.get(0).erf(), x), op("relu", xs -> xs.get(0).relu(), x),
                op("softplus", xs -> xs.get(0).softplus(), x), op("softplus(2, 1)", xs -> xs.get(0).softplus(2, 1), x),
                op("clamp", xs -> xs.get(0).clamp(-0.5, 0.5), x),
                op("log", xs -> xs.get(0).log(), p), op("log1p", xs -> xs.get(0).log1p(), p),
                op("sqrt", xs -> xs.get(0).sqrt(), p), op("reciprocal", xs -> xs.get(0).reciprocal(), p),
                new Case("to(F64)", xs -> xs.get(0).to(DType.F64), DType.F64, false, List.of(x)),
                flat("sign", DType.F32, xs -> xs.get(0).sign(), x),
                flat("step", DType.F32, xs -> xs.get(0).step(), x),
                flat("detach", DType.F32, xs -> xs.get(0).detach(), x)), seed);
    }

    @Property(tries = TRIES)
    void f32BinaryOpsMatchTheirF64Twins(@ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Shape s = Samples.shape(rng, 1, 3, 3);
        Shape t = Samples.operand(rng, s);
        Tensor a = Samples.uniform(rng, s);
        Tensor b = Samples.uniform(rng, t);
        Tensor pa = positive(rng, s);
        Tensor pb = positive(rng, t);
        Tensor cond = Samples.uniform(rng, Samples.operand(rng, s)).gt(Tensor.scalar(0));
        checkAll(List.of(
                op("add", xs -> xs.get(0).add(xs.get(1)), a, b), op("sub", xs -> xs.get(1).sub(xs.get(0)), a, b),
                op("mul", xs -> xs.get(0).mul(xs.get(1)), a, b), op("div", xs -> xs.get(0).div(xs.get(1)), a, pb),
                op("pow", xs -> xs.get(0).pow(xs.get(1)), pa, b),
                op("maximum", xs -> xs.get(0).maximum(xs.get(1)), a, b),
                op("minimum", xs -> xs.get(1).minimum(xs.get(0)), a, b),
                op("scalar add, sub, mul, div", xs -> xs.get(0).add(0.5).sub(0.25).mul(1.5).div(3), a),
                op("pow(3)", xs -> xs.get(0).pow(3), a), op("pow(0.5)", xs -> xs.get(0).pow(0.5), pa),
                op("where", xs -> Node.where(Node.constant(cond), xs.get(0), xs.get(1)), a, b),
                op("where scalar", xs -> Node.where(Node.constant(cond), Node.scalar(0), xs.get(0)), a),
                flat("eq", DType.F32, xs -> xs.get(0).eq(xs.get(0).clamp(-0.5, 0.5)), a),
                flat("ne", DType.F32, xs -> xs.get(0).ne(xs.get(1)), a, b),
                flat("lt", DType.F32, xs -> xs.get(0).lt(xs.get(1)), a, b),
                flat("le", DType.F32, xs -> xs.get(1).le(xs.get(0)), a, b),
                flat("gt", DType.F32, xs -> xs.get(0).gt(xs.get(1)), a, b),
                flat("ge", DType.F32, xs -> xs.get(0).ge(Node.scalar(0)), a)), seed);
    }

    @Property(tries = TRIES)
    void f32ReductionsOverEveryAxisMatchTheirF64Twins(@ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Shape s = Samples.shape(rng, 1, 3, 3);
        Tensor x = Samples.distinct(rng, s); // no ties: max, min and arg-reductions pick the same element
        List<Case> cases = new ArrayList<>();
        cases.add(op("sum", xs -> xs.get(0).sum(), x));
        cases.add(op("mean", xs -> xs.get(0).mean(), x));
        cases.add(op("max", xs -> xs.get(0).max(), x));
        cases.add(op("min", xs -> xs.get(0).min(), x));
        cases.add(op("logsumexp", xs -> xs.get(0).logsumexp(), x));
        cases.add(op("variance", xs -> xs.get(0).variance(), x));
        cases.add(op("variance(1)", xs -> xs.get(0).variance(xs.get(0).shape().allAxes(), s.size() > 1 ? 1 : 0, false), x));
        cases.add(op("std", xs -> xs.get(0).std(), x));
        int[] axes = Samples.axes(rng, s.rank());
        double c = rng.nextBoolean() && s.size() > axes.length ? 0.5 : 0;
        String over = "(" + java.util.Arrays.toString(axes) + ")";
        for (boolean keep : new boolean[] {false, true}) {
            cases.add(op("sum" + over, xs -> xs.get(0).sum(axes, keep), x));
            cases.add(op("mean" + over, xs -> xs.get(0).mean(axes, keep), x));
            cases.add(op("max" + over, xs -> xs.get(0).max(axes, keep), x));
            cases.add(op("min" + over, xs -> xs.get(0).min(axes, keep), x));
            cases.add(op("logsumexp" + over, xs -> xs.get(0).logsumexp(axes, keep), x));
            cases.add(op("variance" + over, xs -> xs.get(0).variance(axes, c, keep), x));
            cases.add(op("std" + over, xs -> xs.get(0).std(axes, c, keep), x));
        }
        cases.add(flat("argmax", DType.F32, xs -> xs.get(0).argmax(), x));
        cases.add(flat("argmin", DType.F32, xs -> xs.get(0).argmin(), x));
        for (int axis = -s.rank(); axis < s.rank(); axis++) {
            int a = axis;
            for (boolean keep : new boolean[] {false, true}) {
                String at = "(" + a + ", " + keep + ")";
                cases.add(op("sum" + at, xs -> xs.get(0).sum(a, keep), x));
                cases.add(op("mean" + at, xs -> xs.get(0).mean(a, keep), x));
                cases.add(op("max" + at, xs -> xs.get(0).max(a, keep), x));
                cases.add(op("min" + at, xs -> xs.get(0).min(a, keep), x));
                cases.add(op("logsumexp" + at, xs -> xs.get(0).logsumexp(a, keep), x));
                cases.add(op("variance" + at, xs -> xs.get(0).variance(a, keep), x));
            }
            cases.add(flat("argmax(" + a + ")", DType.F32, xs -> xs.get(0).argmax(a), x));
            cases.add(flat("argmin(" + a + ")", DType.F32, xs -> xs.get(0).argmin(a), x));
        }
        checkAll(cases, seed);
    }

    /** A matrix of {@code batch} whose product-side dimensions are (rows, cols), stored transposed when {@code t}. */
    private static Shape matrix(Shape batch, int rows, int cols, boolean t) {
        Shape s = batch.inserting(batch.rank(), t ? cols : rows);
        return s.inserting(s.rank(), t ? rows : cols);
    }

    @Property(tries = TRIES)
    void f32MatmulMatchesItsF64Twin(@ForAll boolean ta, @ForAll boolean tb, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int m = rng.nextInt(1, 4);
        int k = rng.nextInt(1, 5);
        int n = rng.nextInt(1, 4);
        Shape batchA = Samples.shape(rng, 1, 2, 3);
        Shape batchB = Samples.operand(rng, batchA);
        Tensor va = Samples.uniform(rng, Shape.of(k));
        Tensor vb = Samples.uniform(rng, Shape.of(k));
        Tensor a = Samples.uniform(rng, matrix(Shape.scalar(), m, k, ta));
        Tensor b = Samples.uniform(rng, matrix(Shape.scalar(), k, n, tb));
        Tensor ba = Samples.uniform(rng, matrix(batchA, m, k, ta));
        Tensor bb = Samples.uniform(rng, matrix(batchB, k, n, tb));
        Function<List<Node>, Node> flags = xs -> xs.get(0).matmul(xs.get(1), ta, tb);
        checkAll(List.of(
                op("vector · vector", xs -> xs.get(0).matmul(xs.get(1)), va, vb),
                op("matrix · vector", xs -> (ta ? xs.get(0).transpose() : xs.get(0)).matmul(xs.get(1)), a, vb),
                op("vector · matrix", xs -> xs.get(0).matmul(tb ? xs.get(1).transpose() : xs.get(1)), va, b),
                op("matrix · matrix " + ta + " " + tb, flags, a, b),
                op("batched " + ta + " " + tb, flags, ba, bb)), seed);
    }

    @Property(tries = TRIES)
    void f32LayoutOpsMatchTheirF64Twins(@ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Shape s = Samples.shape(rng, 1, 3, 3);
        Tensor x = Samples.uniform(rng, s);
        int axis = rng.nextInt(s.rank());
        int[] order = Samples.permutation(rng, s.rank());
        Shape narrow = Samples.operand(rng, s);
        int start = rng.nextInt(s.dim(axis) + 1);
        int end = rng.nextInt(start, s.dim(axis) + 1);
        Tensor y = Samples.uniform(rng, s.withDim(axis, rng.nextInt(1, 3)));
        Tensor z = Samples.uniform(rng, s);
        Tensor withOne = Samples.uniform(rng, s.inserting(axis, 1));
        checkAll(List.of(
                op("reshape", xs -> xs.get(0).reshape(-1).reshape(1, s.size()), x),
                op("permute", xs -> xs.get(0).permute(order), x),
                op("transpose", xs -> xs.get(0).transpose(), x),
                op("transpose(0, -1)", xs -> xs.get(0).transpose(0, -1), x),
                op("squeeze", xs -> xs.get(0).squeeze(), withOne),
                op("squeeze(axis)", xs -> xs.get(0).squeeze(axis), withOne),
                op("unsqueeze", xs -> xs.get(0).unsqueeze(-1 - axis), x),
                op("broadcastTo", xs -> xs.get(0).broadcastTo(s), Samples.uniform(rng, narrow)),
                op("sumTo", xs -> xs.get(0).sumTo(narrow), x),
                op("slice", xs -> xs.get(0).slice(axis, start, end), x),
                op("strided slice", xs -> xs.get(0).slice(axis, start - 1, end + 1, 2), x),
                op("concat", xs -> Node.concat(axis, xs.get(0), xs.get(1)), x, y),
                op("stack", xs -> Node.stack(axis, xs.get(0), xs.get(1)), x, z)), seed);
    }

    @Property(tries = TRIES)
    void f32IndexWindowAndRandomOpsMatchTheirF64Twins(@ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Shape s = Samples.shape(rng, 1, 3, 3);
        int axis = rng.nextInt(s.rank());
        Tensor indices = Samples.indices(rng, Samples.shape(rng, 0, 2, 3), s.dim(axis));
        Node idx = Node.constant(indices); // F64 indices: data, whatever the values' type
        Shape taken = IndexOps.taken(s, axis, indices.shape());
        Window w = Window.square(rng.nextInt(1, 3), rng.nextInt(1, 3), rng.nextInt(2));
        Shape image = Shape.of(rng.nextInt(1, 3), rng.nextInt(1, 3), rng.nextInt(2, 5), rng.nextInt(2, 5));
        Shape cols = w.columns(image, "unfold");
        Tensor along = Samples.indices(rng, s.withDim(axis, rng.nextInt(1, 4)), s.dim(axis));
        Node index = Node.constant(along.to(DType.F32)); // F32 indices are data too
        checkAll(List.of(
                op("gather", xs -> xs.get(0).gather(axis, index), Samples.uniform(rng, s)),
                op("scatterAdd", xs -> Node.scatterAdd(s, axis, index, xs.get(0)), Samples.uniform(rng, along.shape())),
                op("indexSelect", xs -> xs.get(0).indexSelect(axis, idx), Samples.uniform(rng, s)),
                op("indexAdd", xs -> Node.indexAdd(s, axis, idx, xs.get(0)), Samples.uniform(rng, taken)),
                op("unfold", xs -> Windows.unfold(xs.get(0), w), Samples.uniform(rng, image)),
                op("fold", xs -> Windows.fold(xs.get(0), image.dim(2), image.dim(3), w), Samples.uniform(rng, cols)),
                flat("oneHot", DType.F64, xs -> xs.get(0).oneHot(4), Samples.indices(rng, s, 4)),
                flat("bernoulli", DType.F64, xs -> Node.bernoulli(s, 0.5, seed, xs.get(0)),
                        Tensor.scalar(rng.nextInt(100)))), seed);
    }
}
