package leibniz.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import leibniz.core.Pointwise.Fn;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fused kernels against the {@link Tensor} methods they stand for, bit for bit: every function alone in
 * F64, F32 and mixed types over every way of reading an input, and random chains of functions.
 */
class PointwiseProperties {
    /** The functions of one, two and three operands, without the constant. */
    private static final List<Fn> APPLIED = List.of(Fn.values()).stream().filter(f -> f != Fn.CONSTANT).toList();

    /** A loop shape and three operands, F64 or F32, each of a shape one kernel reads (full, one element, row or column). */
    record Case(Shape loop, List<Tensor> operands) {
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<Shape> loops = Arbitraries.integers().between(1, 4).list().ofMaxSize(3)
                .map(d -> Shape.of(d.stream().mapToInt(Integer::intValue).toArray()));
        Arbitrary<DType> types = Arbitraries.of(DType.F64, DType.F32);
        return Combinators.combine(loops, Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 63),
                types.list().ofSize(3)).flatAs((loop, split, ways, t) -> {
                    int p = Math.min(split, loop.rank());
                    List<Arbitrary<Tensor>> operands = new ArrayList<>();
                    for (int k = 0; k < 3; k++) {
                        DType type = t.get(k);
                        operands.add(Generators.tensors(read(loop, p, ways >> (2 * k) & 3))
                                .map(x -> F32Samples.typed(x, type)));
                    }
                    return Combinators.combine(operands).as(in -> new Case(loop, in));
                });
    }

    /** The shape read in way {@code way} (0 full, 1 one element, 2 row, 3 column) when the loop splits at p. */
    private static Shape read(Shape loop, int p, int way) {
        int[] d = loop.dims();
        for (int i = 0; i < d.length; i++) {
            boolean outer = i < p;
            if (way == 1 || way == 2 && outer || way == 3 && !outer) {
                d[i] = 1;
            }
        }
        if (way == 2) {
            int[] suffix = new int[d.length - p];
            System.arraycopy(d, p, suffix, 0, suffix.length);
            return Shape.of(suffix); // a row drops its leading dimensions, as a bias does
        }
        return way == 1 ? Shape.scalar() : Shape.of(d);
    }

    @Property(tries = 300)
    void everyFunctionIsItsTensorMethod(@ForAll("cases") Case c, @ForAll("functions") Fn fn) {
        Tensor[] in = c.operands().subList(0, fn.arity).toArray(new Tensor[0]);
        if (fn == Fn.ADD_SCALED) {
            in[1] = in[1].to(in[0].dtype()); // the fused form is for a and b of the result's type
            in[2] = Tensor.scalar(in[2].at(0)).to(in[2].dtype()); // α is a scalar
        }
        double[] attributes = attributes(fn);
        Tensor expected = tensorMethod(fn, in, attributes, c.operands().get(1).dtype());
        Pointwise.Builder k = Pointwise.builder(expected.shape());
        int[] args = new int[in.length];
        for (int i = 0; i < in.length; i++) {
            args[i] = k.input(in[i].shape(), in[i].dtype());
        }
        k.output(k.apply(fn, expected.dtype(), attributes, args));
        Tensor actual = k.build().run(in)[0];
        assertBits(expected, actual, fn.toString());
    }

    @Provide
    Arbitrary<Fn> functions() {
        return Arbitraries.of(APPLIED);
    }

    /** A chain of unary and binary functions over two inputs, computed once fused and once op by op. */
    @Property(tries = 200)
    void chainsAreTheirOpsInOrder(@ForAll("cases") Case c, @ForAll("chains") List<Fn> chain) {
        Tensor a = c.operands().get(0).abs().add(0.5);
        Tensor b = c.operands().get(1);
        Tensor y = a;
        List<Tensor> values = new ArrayList<>(List.of(a, b));
        for (Fn fn : chain) {
            y = fn.arity == 1 ? tensorMethod(fn, new Tensor[] {y}, attributes(fn), null)
                    : tensorMethod(fn, new Tensor[] {y, b}, new double[0], null);
            values.add(y);
        }
        Shape loop = Shape.broadcast(y.shape(), b.shape(), "chain");
        Pointwise.Builder k = Pointwise.builder(loop);
        int v = k.input(a.shape(), a.dtype());
        int w = k.input(b.shape(), b.dtype());
        for (int i = 0; i < chain.size(); i++) {
            Fn fn = chain.get(i);
            DType t = values.get(i + 2).dtype();
            v = fn.arity == 1 ? k.apply(fn, t, attributes(fn), v) : k.apply(fn, t, v, w);
        }
        k.output(v);
        k.output(w);
        Tensor[] out = k.build().run(new Tensor[] {a, b});
        assertBits(y.broadcastTo(loop), out[0], chain.toString());
        assertBits(b.broadcastTo(loop), out[1], "the copied input");
    }

    @Provide
    Arbitrary<List<Fn>> chains() {
        return Arbitraries.of(Fn.NEG, Fn.EXP, Fn.TANH, Fn.SIGMOID, Fn.SQUARE, Fn.RELU, Fn.SOFTPLUS, Fn.ADD, Fn.MUL,
                Fn.SUB, Fn.DIV, Fn.MAXIMUM, Fn.LT).list().ofMinSize(1).ofMaxSize(12);
    }

    @Example
    void anOutputMayOverwriteAnInputInPlace() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
        Buffer shared = Buffer.of(x.shape(), DType.F64);
        Tensor in = Kernels.sumTo(x, x.shape(), shared);
        Pointwise.Builder k = Pointwise.builder(x.shape());
        int v = k.input(x.shape(), DType.F64);
        k.output(k.apply(Fn.MUL, DType.F64, v, v));
        k.output(k.apply(Fn.NEG, DType.F64, v));
        Tensor[] out = k.build().run(new Tensor[] {in}, new Buffer[] {shared, Buffer.of(x.shape(), DType.F64)});
        assertSame(shared.view(), out[0]);
        assertArrayEquals(new double[] {1, 4, 9, 16}, out[0].toArray());
        assertArrayEquals(new double[] {-1, -2, -3, -4}, out[1].toArray());
    }

    @Example
    void aBoundKernelWritesItsBuffersAtEveryRunAndChecksItsInputs() {
        Pointwise kernel = tanhOfSum(Shape.of(2, 3));
        Buffer out = Buffer.of(Shape.of(2, 3), DType.F64);
        Pointwise.Bound bound = kernel.bind(out);
        Tensor bias = Tensor.vector(0.5, -1, 2);
        for (double shift : new double[] {0, 3}) {
            Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3).add(shift);
            bound.run(x, bias);
            assertBits(x.add(bias).tanh(), out.view(), "bound tanh(x + b)");
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> bound.run(bias, Tensor.vector(1, 2, 3)));
        assertEquals("pointwise: input 0 is [3] F64, the kernel reads [2, 3] F64", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> bound.run(bias));
        assertEquals("pointwise: the kernel takes 2 inputs and 1 outputs, got 1 and 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> kernel.bind(Buffer.of(Shape.of(3, 2), DType.F64)));
        assertEquals("pointwise: the result is [2, 3] F64, the buffer holds [3, 2] F64", e.getMessage());
    }

    @Example
    void kernelsOfOneStructureShareTheirCompiledLoop() {
        Pointwise small = tanhOfSum(Shape.of(4, 5));
        int cached = KernelCache.size();
        Pointwise large = tanhOfSum(Shape.of(40, 7));
        assertEquals(cached, KernelCache.size());
        assertEquals(small.source(), large.source());
        assertTrue(small.source().contains("for (int j = 0; j < n; j++) t3[j] = leibniz.core.Scalars.tanh(t2[j]);"), small.source());
        Pointwise tiny = tanhOfSum(Shape.of(2, 3)); // a few elements: one at a time, no tiles
        assertTrue(tiny.source().contains("final double v3 = leibniz.core.Scalars.tanh(v2);"), tiny.source());
    }

    private static Pointwise tanhOfSum(Shape loop) {
        Pointwise.Builder k = Pointwise.builder(loop);
        int a = k.input(loop, DType.F64);
        int b = k.input(Shape.of(loop.dim(-1)), DType.F64);
        k.output(k.apply(Fn.TANH, DType.F64, k.apply(Fn.ADD, DType.F64, a, b)));
        return k.build();
    }

    @Example
    void inputsThatNoSplitServesAreRefused() {
        Shape loop = Shape.of(2, 3, 4);
        assertTrue(Pointwise.fits(loop, Shape.of(4), Shape.of(2, 3, 1), Shape.scalar(), loop));
        assertFalse(Pointwise.fits(loop, Shape.of(4), Shape.of(2, 1, 1)));
        assertFalse(Pointwise.fits(loop, Shape.of(3, 1)));
        Pointwise.Builder k = Pointwise.builder(loop);
        k.input(Shape.of(4), DType.F64);
        k.output(k.apply(Fn.NEG, DType.F64, k.input(Shape.of(3, 1), DType.F64)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, k::build);
        assertEquals("pointwise: inputs [[4], [3, 1]] are not read by one split of the loop [2, 3, 4] into rows and"
                + " columns", e.getMessage());
    }

    @Example
    void aLargeKernelSplitsAcrossTheCoresWithTheSameBits() {
        Shape loop = Shape.of(600, 300);
        Tensor x = Generators.filled(loop, 3);
        Tensor bias = Generators.filled(Shape.of(300), 4);
        Pointwise.Builder k = Pointwise.builder(loop);
        int a = k.input(loop, DType.F64);
        int b = k.input(bias.shape(), DType.F64);
        k.output(k.apply(Fn.SIGMOID, DType.F64, k.apply(Fn.ADD, DType.F64, a, b)));
        assertBits(x.add(bias).sigmoid(), k.build().run(new Tensor[] {x, bias})[0], "sigmoid");
    }

    private static double[] attributes(Fn fn) {
        return switch (fn) {
            case SOFTPLUS -> new double[] {1.5, 2.0};
            case CLAMP -> new double[] {-0.7, 0.3};
            default -> new double[0];
        };
    }

    /** What the tensor method of {@code fn} gives; {@code cast} is the target type of a cast. */
    static Tensor tensorMethod(Fn fn, Tensor[] in, double[] attributes, DType cast) {
        Tensor x = in[0];
        return switch (fn) {
            case ERF -> x.erf();
            case SOFTPLUS -> x.softplus(attributes[0], attributes[1]);
            case CLAMP -> x.clamp(attributes[0], attributes[1]);
            case CAST -> x.to(cast == null ? DType.F32 : cast);
            case CONSTANT -> throw new IllegalArgumentException("no method");
            case ADD_SCALED -> x.add(in[1], in[2].item());
            case WHERE -> Tensor.where(x, in[1], in[2]);
            default -> fn.arity == 1 ? F32ElementwiseProperties.apply(Elementwise.Unary.valueOf(fn.name()), x)
                    : F32ElementwiseProperties.apply(Elementwise.Binary.valueOf(fn.name()), x, in[1]);
        };
    }

    static void assertBits(Tensor expected, Tensor actual, String what) {
        assertEquals(expected.shape(), actual.shape(), what);
        assertEquals(expected.dtype(), actual.dtype(), what);
        double[] e = expected.toArray();
        double[] a = actual.toArray();
        for (int i = 0; i < e.length; i++) {
            assertEquals(Double.doubleToLongBits(e[i]), Double.doubleToLongBits(a[i]),
                    () -> what + ": " + Arrays.toString(e) + " vs " + Arrays.toString(a));
        }
    }
}
