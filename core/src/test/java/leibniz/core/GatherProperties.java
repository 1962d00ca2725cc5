package leibniz.core;

import static leibniz.core.ShapeOpsProperties.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * PyTorch's {@code gather} and {@code scatter_add} (into zeros) against element loops over the index,
 * PyTorch's own values, their adjoint identity, and F32 exactness.
 */
class GatherProperties {

    /** A tensor, an axis, an index of x's rank fitting x off the axis, and a src at least the index's size. */
    record Case(Tensor x, int axis, Tensor index, Tensor src) {}

    @Provide
    Arbitrary<Case> cases() {
        return Generators.tensors(Generators.shapesWithAxes()).flatMap(x -> Arbitraries.integers()
                .between(0, x.rank() - 1).flatMap(axis -> indexShapes(x.shape(), axis).flatMap(dims -> {
                    Shape is = Shape.of(dims);
                    int bound = x.shape().dim(axis);
                    Arbitrary<Tensor> index = Arbitraries.integers().between(0, Math.max(0, bound - 1))
                            .list().ofSize(is.size())
                            .map(v -> Tensor.of(v.stream().mapToDouble(Integer::doubleValue).toArray(), is));
                    Arbitrary<Tensor> src = Arbitraries.integers().between(0, 1).array(int[].class).ofSize(dims.length)
                            .flatMap(extra -> {
                                int[] d = dims.clone();
                                for (int i = 0; i < d.length; i++) {
                                    d[i] += extra[i];
                                }
                                return Generators.tensors(Arbitraries.just(Shape.of(d)));
                            });
                    return Combinators.combine(index, src).as((i, s) -> new Case(x, axis, i, s));
                })));
    }

    /** Index dimensions: at most x's off the axis, 0..3 along it (0 when x's axis is empty). */
    private static Arbitrary<int[]> indexShapes(Shape x, int axis) {
        Arbitrary<int[]> dims = Arbitraries.just(new int[0]);
        for (int d = 0; d < x.rank(); d++) {
            int hi = d == axis ? (x.dim(d) == 0 ? 0 : 3) : x.dim(d);
            dims = dims.flatMap(prefix -> Arbitraries.integers().between(0, hi).map(v -> {
                int[] next = java.util.Arrays.copyOf(prefix, prefix.length + 1);
                next[prefix.length] = v;
                return next;
            }));
        }
        return dims;
    }

    /** The coordinates of index element {@code t}, with the axis coordinate replaced by the index value. */
    private static int[] target(Tensor index, int t, int axis) {
        int[] i = Generators.unravel(t, index.shape().dims());
        i[axis] = (int) index.toArray()[t];
        return i;
    }

    @Property(tries = 200)
    void gatherReadsAlongTheAxisAtEachIndex(@ForAll("cases") Case c) {
        double[] x = c.x().toArray();
        double[] expected = new double[c.index().size()];
        for (int t = 0; t < expected.length; t++) {
            expected[t] = x[Generators.ravel(target(c.index(), t, c.axis()), c.x().shape().dims())];
        }
        Tensor want = Tensor.of(expected, c.index().shape());
        assertEquals(want, c.x().gather(c.axis(), c.index()));
        assertEquals(want, c.x().gather(c.axis() - c.x().rank(), c.index()));
        assertEquals(want.to(DType.F32), c.x().to(DType.F32).gather(c.axis(), c.index().to(DType.F32)),
                "F32 values move exactly, with indices of either type");
    }

    @Property(tries = 200)
    void scatterAddAddsEachSourceElementAtItsIndex(@ForAll("cases") Case c) {
        Shape shape = c.x().shape();
        double[] expected = new double[shape.size()];
        double[] src = c.src().toArray();
        for (int t = 0; t < c.index().size(); t++) {
            int[] at = Generators.unravel(t, c.index().shape().dims());
            double value = src[Generators.ravel(at, c.src().shape().dims())];
            expected[Generators.ravel(target(c.index(), t, c.axis()), shape.dims())] += value;
        }
        assertEquals(Tensor.of(expected, shape), Tensor.scatterAdd(shape, c.axis(), c.index(), c.src()));
        Tensor src32 = c.src().to(DType.F32);
        assertEquals(Tensor.scatterAdd(shape, c.axis(), c.index(), src32.to(DType.F64)).to(DType.F32),
                Tensor.scatterAdd(shape, c.axis(), c.index(), src32), "F32 sums in double, rounded once");
    }

    /** {@code <gather(x), r> = <x, scatterAdd(r)>}: scatter-add is gather's transpose, so it is its VJP. */
    @Property(tries = 200)
    void scatterAddIsTheTransposeOfGather(@ForAll("cases") Case c) {
        Tensor r = c.x().gather(c.axis(), c.index()).map(v -> 0.5 - v);
        double left = KernelSamples.inner(c.x().gather(c.axis(), c.index()), r);
        double right = KernelSamples.inner(c.x(), Tensor.scatterAdd(c.x().shape(), c.axis(), c.index(), r));
        assertEquals(left, right, 1e-12 * (1 + Math.abs(left)));
    }

    @Example
    void pytorchValues() {
        // torch.gather(torch.arange(12.).reshape(3, 4), 1, [[0, 1], [1, 0]]), and scatter_add into zeros(3, 4).
        Tensor x = Tensor.arange(12).reshape(3, 4);
        Tensor i = Tensor.of(new double[] {0, 1, 1, 0}, 2, 2);
        assertEquals(Tensor.of(new double[] {0, 1, 5, 4}, 2, 2), x.gather(1, i));
        Tensor expected = Tensor.of(new double[] {1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0}, 3, 4);
        assertEquals(expected, Tensor.scatterAdd(Shape.of(3, 4), 1, i, Tensor.ones(2, 2)));
        assertEquals(expected, Tensor.scatterAdd(Shape.of(3, 4), 0, i, Tensor.ones(3, 3)), "a larger src");
        Tensor scores = Tensor.of(new double[] {0.1, 0.7, 0.2, 0.5, 0.3, 0.2}, 2, 3);
        assertEquals(Tensor.of(new double[] {0.7, 0.5}, 2, 1), scores.gather(1, Tensor.vector(1, 0).unsqueeze(1)));
        for (Tensor t : List.of(x, x.to(DType.F32))) {
            assertEquals(t.dtype(), t.gather(0, Tensor.zeros(1, 4)).dtype());
        }
    }

    @Example
    void errorsNameTheOperationAndShapes() {
        Tensor x = Tensor.zeros(3, 4);
        assertMessage("gather: index [2] has rank 1, x [3, 4] has rank 2; they must be equal",
                () -> x.gather(1, Tensor.vector(0, 1)));
        assertMessage("gather: index [4, 2] is larger than x [3, 4] along axis 0 (4 vs 3); only axis 1 may be larger",
                () -> x.gather(1, Tensor.zeros(4, 2)));
        assertMessage("gather: index 4 out of range for axis 1 of size 4", () -> x.gather(-1, Tensor.full(
                Shape.of(1, 1), 4)));
        assertMessage("gather: index 0.5 is not a whole number", () -> x.gather(0, Tensor.full(Shape.of(1, 1), 0.5)));
        assertMessage("gather: axis 2 out of range for rank 2", () -> x.gather(2, Tensor.zeros(1, 1)));
        assertMessage("scatterAdd: index [3, 3] is larger than src [2, 2] along axis 0 (3 vs 2)",
                () -> Tensor.scatterAdd(Shape.of(3, 4), 1, Tensor.zeros(3, 3), Tensor.zeros(2, 2)));
        assertMessage("scatterAdd: index [4, 1] is larger than the target [3, 4] along axis 0 (4 vs 3); only axis 1"
                + " may be larger", () -> Tensor.scatterAdd(Shape.of(3, 4), 1, Tensor.zeros(4, 1), Tensor.zeros(4, 1)));
        assertMessage("scatterAdd: index 3 out of range for axis 0 of size 3",
                () -> Tensor.scatterAdd(Shape.of(3, 4), 0, Tensor.full(Shape.of(1, 1), 3), Tensor.zeros(1, 1)));
    }
}
