package leibniz.core;

import static leibniz.core.KernelSamples.random;
import static leibniz.core.KernelSamples.ravel;
import static leibniz.core.KernelSamples.unravel;
import static leibniz.core.ShapeOpsProperties.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class IndexingProperties {

    @Provide
    Arbitrary<int[]> shapes() {
        return KernelSamples.dims(1, 3, 4);
    }

    @Provide
    Arbitrary<int[]> indexShapes() {
        return KernelSamples.dims(0, 2, 3);
    }

    /** One case: an axis of {@code dims} and whole-number indices into it (repeats likely), of shape {@code idxDims}. */
    private record Case(int axis, Tensor indices) {
        static Case of(int[] dims, int[] idxDims, long seed) {
            SplittableRandom rng = new SplittableRandom(seed);
            int axis = rng.nextInt(dims.length);
            // An empty axis admits no index, so its index tensor must be empty too.
            int[] shape = dims[axis] == 0 ? new int[] {0} : idxDims;
            double[] v = new double[Shape.of(shape).size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = rng.nextInt(dims[axis]);
            }
            return new Case(axis, Tensor.of(v, shape));
        }

        /** {@code dims[:axis] + indices.shape + dims[axis+1:]}. */
        int[] spliced(int[] dims) {
            int[] m = indices.shape().dims();
            int[] out = new int[dims.length - 1 + m.length];
            System.arraycopy(dims, 0, out, 0, axis);
            System.arraycopy(m, 0, out, axis, m.length);
            System.arraycopy(dims, axis + 1, out, axis + m.length, dims.length - axis - 1);
            return out;
        }

        /** The index into {@code dims} that element {@code f} of an indexSelect's output reads. */
        int source(int f, int[] dims) {
            int[] o = unravel(f, spliced(dims));
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

    @Property(tries = 200)
    void indexSelectReadsTheIndexedSlices(@ForAll("shapes") int[] dims, @ForAll("indexShapes") int[] idxDims,
            @ForAll long seed) {
        Tensor x = random(seed, dims);
        Case c = Case.of(dims, idxDims, seed);
        double[] v = x.toArray();
        int[] outDims = c.spliced(dims);
        double[] expected = new double[Shape.of(outDims).size()];
        for (int f = 0; f < expected.length; f++) {
            expected[f] = v[c.source(f, dims)];
        }
        assertEquals(Tensor.of(expected, outDims), x.indexSelect(c.axis(), c.indices()));
        assertEquals(Tensor.of(expected, outDims), x.indexSelect(c.axis() - dims.length, c.indices()));
    }

    @Property(tries = 200)
    void indexAddAccumulatesAtTheIndexedSlices(@ForAll("shapes") int[] dims,
            @ForAll("indexShapes") int[] idxDims, @ForAll long seed) {
        Case c = Case.of(dims, idxDims, seed);
        int[] updDims = c.spliced(dims);
        Tensor u = random(seed + 1, updDims);
        double[] uv = u.toArray();
        double[] expected = new double[Shape.of(dims).size()];
        for (int f = 0; f < uv.length; f++) {
            expected[c.source(f, dims)] += uv[f];
        }
        Tensor actual = Tensor.indexAdd(Shape.of(dims), c.axis(), c.indices(), u);
        assertTrue(actual.allClose(Tensor.of(expected, dims), 1e-12), () -> actual + " vs " + expected);
    }

    @Property(tries = 200)
    void indexAddIsTheAdjointOfIndexSelect(@ForAll("shapes") int[] dims, @ForAll("indexShapes") int[] idxDims,
            @ForAll long seed) {
        Tensor x = random(seed, dims);
        Case c = Case.of(dims, idxDims, seed);
        Tensor r = random(seed + 1, c.spliced(dims));
        double left = KernelSamples.inner(x.indexSelect(c.axis(), c.indices()), r);
        double right = KernelSamples.inner(x, Tensor.indexAdd(x.shape(), c.axis(), c.indices(), r));
        assertEquals(left, right, 1e-12);
    }

    @Property(tries = 100)
    void oneHotTimesArangeIsTheIndex(@ForAll("indexShapes") int[] idxDims,
            @ForAll @IntRange(min = 1, max = 6) int classes, @ForAll long seed) {
        Case c = Case.of(new int[] {classes}, idxDims, seed);
        Tensor h = Tensor.oneHot(c.indices(), classes);
        assertEquals(c.indices().shape().inserting(c.indices().rank(), classes), h.shape());
        assertEquals(c.indices(), h.matmul(Tensor.arange(classes)));
        assertEquals(Tensor.ones(c.indices().shape()), h.matmul(Tensor.ones(classes)));
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
