package leibniz.core;

import static leibniz.core.F32Samples.assertRounded;
import static leibniz.core.F32Samples.assertSameF64;
import static leibniz.core.F32Samples.narrowed;
import static leibniz.core.F32Samples.uniform;
import static leibniz.core.F32Samples.widened;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Shape operations, indexing and im2col/col2im on F32 keep the type and move the values exactly: each result
 * is, bit for bit, the F64 operation on the widened values narrowed back (sums are rounded once).
 */
class F32ShapeOpsProperties {

    /** F32 tensors of {@code shape} holding {@link Generators#uniform} values rounded to float. */
    private static Arbitrary<Tensor> floats(Shape shape) {
        return Generators.uniform(shape).map(F32Samples::narrowed);
    }

    /** F32 tensors of rank {@code minRank} to 4, dimensions 0 to 4. */
    private static Arbitrary<Tensor> floats(int minRank) {
        return KernelSamples.dims(minRank, 4, 4).flatMap(d -> floats(Shape.of(d)));
    }

    /** An F32 tensor, a permutation of its axes and two axes (0 and 0 below rank 2). */
    record Layout(Tensor x, List<Integer> order, int a, int b) {}

    @Provide
    Arbitrary<Layout> layouts() {
        return floats(0).flatMap(x -> {
            Arbitrary<Integer> axis = Generators.between(0, Math.max(0, x.rank() - 1));
            return Combinators.combine(Generators.permutations(x.rank()), axis, axis)
                    .as((order, a, b) -> new Layout(x, Arrays.stream(order).boxed().toList(), a, b));
        });
    }

    @Property(tries = 100)
    void layoutOperationsMoveValuesExactly(@ForAll("layouts") Layout c) {
        Tensor x = c.x();
        Tensor w = widened(x);
        int[] order = c.order().stream().mapToInt(Integer::intValue).toArray();
        assertRounded(w.permute(order), x.permute(order), "permute");
        assertRounded(w.transpose(), x.transpose(), "transpose");
        assertRounded(w.reshape(-1), x.reshape(-1), "reshape");
        assertRounded(w.squeeze(), x.squeeze(), "squeeze");
        assertRounded(w.unsqueeze(0), x.unsqueeze(0), "unsqueeze");
        assertRounded(w.unsqueeze(-1), x.unsqueeze(-1), "unsqueeze at the end");
        if (x.rank() >= 2) {
            assertRounded(w.transpose(c.a(), c.b()), x.transpose(c.a(), c.b()), "transpose " + c.a() + " " + c.b());
        }
    }

    /** An F32 tensor x, and an F32 tensor y of a shape x broadcasts to. */
    record Broadcast(Tensor x, Tensor y) {}

    /** The target: a new leading axis of 2, and every size-1 dimension stretched to 3. */
    @Provide
    Arbitrary<Broadcast> broadcasts() {
        return floats(0).flatMap(x -> {
            int[] dims = x.shape().dims();
            int[] target = new int[dims.length + 1];
            target[0] = 2;
            for (int i = 0; i < dims.length; i++) {
                target[i + 1] = dims[i] == 1 ? 3 : dims[i];
            }
            return floats(Shape.of(target)).map(y -> new Broadcast(x, y));
        });
    }

    @Property(tries = 100)
    void broadcastToAndSumToAreTheF64OnesRounded(@ForAll("broadcasts") Broadcast c) {
        Tensor x = c.x();
        Tensor y = c.y();
        Shape t = y.shape();
        Tensor big = x.broadcastTo(t);
        assertRounded(widened(x).broadcastTo(t), big, "broadcastTo");
        assertRounded(widened(y).sumTo(x.shape()), y.sumTo(x.shape()), "sumTo");
        assertRounded(widened(y).sumTo(Shape.scalar()), y.sumTo(Shape.scalar()), "sumTo a scalar");
        assertSame(x, x.broadcastTo(x.shape()));
        assertSame(x, x.sumTo(x.shape()));
    }

    /**
     * F32 tensors x and y and an F64 tensor d of one shape of rank 1 to 4, an axis with a range start..end along
     * it, and a new axis.
     */
    record Parts(Tensor x, Tensor y, Tensor d, int axis, int start, int end, int newAxis) {}

    @Provide
    Arbitrary<Parts> parts() {
        return KernelSamples.dims(1, 4, 4).flatMap(d -> Generators.between(0, d.length - 1).flatMap(axis ->
                Generators.between(0, d[axis]).flatMap(end -> Combinators.combine(floats(Shape.of(d)),
                        floats(Shape.of(d)), Generators.uniform(Shape.of(d)), Generators.between(0, end),
                        Generators.between(0, d.length))
                        .as((x, y, f64, start, newAxis) -> new Parts(x, y, f64, axis, start, end, newAxis)))));
    }

    @Property(tries = 100)
    void sliceConcatAndStackKeepF32(@ForAll("parts") Parts c) {
        Tensor x = c.x();
        Tensor w = widened(x);
        int axis = c.axis();
        int start = c.start();
        int end = c.end();
        assertRounded(w.slice(axis, start, end), x.slice(axis, start, end), "slice");
        Tensor y = c.y();
        assertRounded(Tensor.concat(axis, w, widened(y), w), Tensor.concat(axis, x, y, x), "concat");
        assertEquals(x, Tensor.concat(axis, x.slice(axis, 0, start), x.slice(axis, start, x.shape().dim(axis))),
                "slices concatenate back");
        assertRounded(Tensor.stack(c.newAxis(), w, widened(y)), Tensor.stack(c.newAxis(), x, y), "stack");
    }

    @Property(tries = 60)
    void mixedPartsConcatenateAsF64(@ForAll("parts") Parts c) {
        Tensor x = c.x();
        Tensor d = c.d();
        int axis = c.axis();
        assertSameF64(Tensor.concat(axis, widened(x), d), Tensor.concat(axis, x, d), "concat F32, F64");
        assertSameF64(Tensor.concat(axis, d, widened(x), d), Tensor.concat(axis, d, x, d), "concat F64, F32, F64");
        assertSameF64(Tensor.stack(0, widened(x), d), Tensor.stack(0, x, d), "stack");
    }

    @Example
    void stackingScalarsFollowsTheRuleForTheStackedVectors() {
        Tensor a = Tensor.of(new float[] {1.5f});
        Tensor b = Tensor.of(new float[] {-2f});
        assertEquals(Tensor.of(new float[] {1.5f, -2f}, 2), Tensor.stack(0, a, b));
        // Lifted to rank 1 the F64 scalar is data, not a constant: the stack is F64.
        assertEquals(Tensor.vector(1.5, 0.1), Tensor.stack(0, a, Tensor.scalar(0.1)));
        Tensor v = a.reshape(1);
        assertSame(v, Tensor.concat(0, v), "one part is returned as is");
    }

    @Example
    void largerTransposesTakeTheTiledPaths() {
        Tensor x = uniform(5, 3, 40, 70);
        assertRounded(widened(x).transpose(), x.transpose(), "stack of transposes");
        assertRounded(widened(x).permute(2, 0, 1), x.permute(2, 0, 1), "general permutation");
        Tensor m = uniform(6, 65, 33);
        assertRounded(widened(m).transpose(), m.transpose(), "matrix");
    }

    /** An F32 tensor, an axis of it (never empty), indices into the axis and F32 updates of the shape they take. */
    record Indexed(Tensor x, int axis, Tensor indices, Tensor updates) {}

    /** Index shapes of rank 0 to 2, dimensions 0 to 3 with 0 rarer than the others. */
    private static Arbitrary<Shape> indexShapes() {
        Arbitrary<Integer> dim = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(0)),
                Tuple.of(9, Generators.between(1, 3)));
        return dim.list().ofMaxSize(2).map(d -> Shape.of(d.stream().mapToInt(Integer::intValue).toArray()));
    }

    @Provide
    Arbitrary<Indexed> indexed() {
        return KernelSamples.dims(1, 4, 4).flatMap(dims -> Generators.between(0, dims.length - 1).flatMap(axis -> {
            int[] d = dims.clone();
            d[axis] = Math.max(1, d[axis]);
            Shape s = Shape.of(d);
            return indexShapes().flatMap(is -> Generators.between(0, d[axis] - 1).list().ofSize(is.size())
                    .map(v -> Tensor.of(v.stream().mapToDouble(Integer::doubleValue).toArray(), is))
                    .flatMap(idx -> Combinators.combine(floats(s),
                            floats(Shape.of(KernelSamples.spliced(d, axis, is.dims()))))
                            .as((x, u) -> new Indexed(x, axis, idx, u))));
        }));
    }

    @Property(tries = 100)
    void indexSelectAndIndexAddAreExactWithIndicesOfEitherType(@ForAll("indexed") Indexed c,
            @ForAll DType indexType) {
        int axis = c.axis();
        Tensor indices = c.indices().to(indexType);
        Tensor x = c.x();
        Tensor gathered = x.indexSelect(axis, indices);
        assertRounded(widened(x).indexSelect(axis, indices), gathered, "indexSelect");
        Tensor updates = c.updates();
        assertRounded(Tensor.indexAdd(x.shape(), axis, indices, widened(updates)),
                Tensor.indexAdd(x.shape(), axis, indices, updates), "indexAdd, accumulated in double");
        assertSameF64(Tensor.indexAdd(x.shape(), axis, indices, widened(updates)),
                Tensor.indexAdd(x.shape(), axis, indices.to(DType.F64), widened(updates)), "F64 updates stay F64");
    }

    @Example
    void indicesMayBeF32AndOneHotIsF64() {
        Tensor labels = Tensor.of(new float[] {2, 0}, 2);
        assertEquals(Tensor.of(new double[] {0, 0, 1, 1, 0, 0}, 2, 3), Tensor.oneHot(labels, 3));
        Tensor x = Tensor.of(new float[] {10, 20, 30}, 3);
        assertEquals(Tensor.of(new float[] {30, 10}, 2), x.indexSelect(0, labels));
        assertArrayEquals(new float[] {1, 0, 2}, Tensor.indexAdd(Shape.of(3), 0, Tensor.vector(0, 2, 2),
                Tensor.of(new float[] {1, 0.5f, 1.5f}, 3)).toFloatArray());
    }

    @Provide
    Arbitrary<ConvolutionsProperties.Case> windows() {
        return new ConvolutionsProperties().cases();
    }

    @Property(tries = 40)
    void im2colAndCol2imKeepF32(@ForAll("windows") ConvolutionsProperties.Case c) {
        Convolutions.Window win = c.window();
        Tensor x = narrowed(c.x());
        int h = x.shape().dim(2);
        int wd = x.shape().dim(3);
        Tensor cols = Convolutions.im2col(x, win);
        assertRounded(Convolutions.im2col(widened(x), win), cols, "im2col " + win);
        Tensor g = narrowed(c.r());
        assertRounded(Convolutions.col2im(widened(g), h, wd, win), Convolutions.col2im(g, h, wd, win),
                "col2im " + win);
    }
}
