package leibniz.core;

import static leibniz.core.KernelSamples.ravel;
import static leibniz.core.KernelSamples.unravel;
import static leibniz.core.ShapeOpsProperties.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class IndexingProperties {

    /**
     * One case: x of rank 1 to 3, an axis of it, whole-number indices into the axis (repeats likely) of rank 0
     * to 2, and r of the shape indexSelect gives: x's with the axis replaced by the indices' dimensions.
     */
    private record Case(Tensor x, int axis, Tensor indices, Tensor r) {
        int[] dims() {
            return x.shape().dims();
        }

        /** {@code dims[:axis] + indices.shape + dims[axis+1:]}. */
        int[] spliced() {
            return KernelSamples.spliced(dims(), axis, indices.shape().dims());
        }

        /** The index into x that element {@code f} of an indexSelect's output reads. */
        int source(int f) {
            int[] dims = dims();
            int[] o = unravel(f, spliced());
            int m = indices.rank();
            int[] i = new int[dims.length];
            System.arraycopy(o, 0, i, 0, axis);
            int[] t = new int[m];
            System.arraycopy(o, axis, t, 0, m);
            i[axis] = (int) indices.toArray()[ravel(t, indices.shape().dims())];
            System.arraycopy(o, axis + m, i, axis + 1, dims.length - axis - 1);
            return ravel(i, dims);
        }
    }

    /** Whole numbers in {@code [0, bound)} of dimensions {@code dims}. */
    private static Arbitrary<Tensor> indices(int[] dims, int bound) {
        return Generators.between(0, Math.max(0, bound - 1)).list().ofSize(Shape.of(dims).size())
                .map(v -> Tensor.of(v.stream().mapToDouble(Integer::doubleValue).toArray(), dims));
    }

    @Provide
    Arbitrary<Case> cases() {
        return Combinators.combine(KernelSamples.dims(1, 3, 4), KernelSamples.dims(0, 2, 3)).flatAs((dims, idxDims) ->
                Generators.between(0, dims.length - 1).flatMap(axis -> {
                    // An empty axis admits no index, so its index tensor must be empty too.
                    int[] shape = dims[axis] == 0 ? new int[] {0} : idxDims;
                    return indices(shape, dims[axis]).flatMap(idx -> Combinators.combine(
                            Generators.uniform(Shape.of(dims)),
                            Generators.uniform(Shape.of(KernelSamples.spliced(dims, axis, idx.shape().dims()))))
                            .as((x, r) -> new Case(x, axis, idx, r)));
                }));
    }

    @Property(tries = 200)
    void indexSelectReadsTheIndexedSlices(@ForAll("cases") Case c) {
        Tensor x = c.x();
        double[] v = x.toArray();
        int[] outDims = c.spliced();
        double[] expected = new double[Shape.of(outDims).size()];
        for (int f = 0; f < expected.length; f++) {
            expected[f] = v[c.source(f)];
        }
        assertEquals(Tensor.of(expected, outDims), x.indexSelect(c.axis(), c.indices()));
        assertEquals(Tensor.of(expected, outDims), x.indexSelect(c.axis() - x.rank(), c.indices()));
    }

    @Property(tries = 200)
    void indexAddAccumulatesAtTheIndexedSlices(@ForAll("cases") Case c) {
        Tensor u = c.r();
        double[] uv = u.toArray();
        double[] expected = new double[c.x().size()];
        for (int f = 0; f < uv.length; f++) {
            expected[c.source(f)] += uv[f];
        }
        Tensor actual = Tensor.indexAdd(c.x().shape(), c.axis(), c.indices(), u);
        assertTrue(actual.allClose(Tensor.of(expected, c.dims()), 1e-12), () -> actual + " vs " + expected);
    }

    @Property(tries = 200)
    void indexAddIsTheAdjointOfIndexSelect(@ForAll("cases") Case c) {
        Tensor x = c.x();
        Tensor r = c.r();
        double left = KernelSamples.inner(x.indexSelect(c.axis(), c.indices()), r);
        double right = KernelSamples.inner(x, Tensor.indexAdd(x.shape(), c.axis(), c.indices(), r));
        assertEquals(left, right, 1e-12);
    }

    /** Indices of rank 0 to 2 into 1 to 6 classes. */
    record Labels(Tensor indices, int classes) {}

    @Provide
    Arbitrary<Labels> labels() {
        return Combinators.combine(KernelSamples.dims(0, 2, 3), Generators.between(1, 6))
                .flatAs((dims, classes) -> indices(dims, classes).map(i -> new Labels(i, classes)));
    }

    @Property(tries = 100)
    void oneHotTimesArangeIsTheIndex(@ForAll("labels") Labels c) {
        Tensor labels = c.indices();
        int classes = c.classes();
        Tensor h = Tensor.oneHot(labels, classes);
        assertEquals(labels.shape().inserting(labels.rank(), classes), h.shape());
        assertEquals(labels, h.matmul(Tensor.arange(classes)));
        assertEquals(Tensor.ones(labels.shape()), h.matmul(Tensor.ones(classes)));
    }

    @Example
    void smallCasesByHand() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 3, 2);
        assertEquals(Tensor.of(new double[] {5, 6, 1, 2, 5, 6}, 3, 2), x.indexSelect(0, Tensor.vector(2, 0, 2)));
        assertEquals(Tensor.vector(3, 4), x.indexSelect(0, Tensor.scalar(1)));
        assertEquals(Tensor.of(new double[] {2, 1, 4, 3, 6, 5}, 3, 2), x.indexSelect(1, Tensor.vector(1, 0)));
        assertEquals(Tensor.of(new double[] {0, 0, 0, 0, 2, 4}, 3, 2),
                Tensor.indexAdd(Shape.of(3, 2), 0, Tensor.vector(2, 2), Tensor.of(new double[] {1, 2, 1, 2}, 2, 2)));
        assertEquals(Tensor.of(new double[] {0, 1, 0, 1, 0, 0}, 2, 3), Tensor.oneHot(Tensor.vector(1, 0), 3));
    }

    @Example
    void errorsNameTheOperationAndShapes() {
        Tensor x = Tensor.zeros(3, 2);
        assertMessage("indexSelect: index 5 out of range for axis 0 of size 3", () -> x.indexSelect(0, Tensor.vector(0, 5)));
        assertMessage("indexSelect: index -1 out of range for axis 1 of size 2", () -> x.indexSelect(-1, Tensor.vector(-1)));
        assertMessage("indexSelect: index 1.5 is not a whole number", () -> x.indexSelect(0, Tensor.vector(1.5)));
        assertMessage("indexSelect: index NaN is not a whole number", () -> x.indexSelect(0, Tensor.vector(Double.NaN)));
        assertMessage("indexSelect: index Infinity out of range for axis 0 of size 3",
                () -> x.indexSelect(0, Tensor.scalar(Double.POSITIVE_INFINITY)));
        assertMessage("indexSelect: axis 2 out of range for rank 2", () -> x.indexSelect(2, Tensor.vector(0)));
        assertMessage("indexAdd: updates have shape [2, 3], expected [2, 2] for indices [2] along axis 0 of [3, 2]",
                () -> Tensor.indexAdd(Shape.of(3, 2), 0, Tensor.vector(0, 1), Tensor.zeros(2, 3)));
        assertMessage("indexAdd: index 3 out of range for axis 0 of size 3",
                () -> Tensor.indexAdd(Shape.of(3, 2), 0, Tensor.vector(3), Tensor.zeros(1, 2)));
        assertMessage("indexAdd: index 0.25 is not a whole number",
                () -> Tensor.indexAdd(Shape.of(3, 2), 0, Tensor.vector(0.25), Tensor.zeros(1, 2)));
        assertMessage("indexAdd: axis -3 out of range for rank 2",
                () -> Tensor.indexAdd(Shape.of(3, 2), -3, Tensor.vector(0), Tensor.zeros(1, 2)));
        assertMessage("oneHot: classes must be at least 1, got 0", () -> Tensor.oneHot(Tensor.vector(0), 0));
        assertMessage("oneHot: index 3 out of range for 3 classes", () -> Tensor.oneHot(Tensor.vector(0, 3), 3));
        assertMessage("oneHot: index 2.5 is not a whole number", () -> Tensor.oneHot(Tensor.vector(2.5), 3));
    }
}
