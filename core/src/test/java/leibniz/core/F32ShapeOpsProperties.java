package leibniz.core;

import static leibniz.core.F32Samples.assertRounded;
import static leibniz.core.F32Samples.assertSameF64;
import static leibniz.core.F32Samples.uniform;
import static leibniz.core.F32Samples.widened;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.SplittableRandom;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Shape operations, indexing and im2col/col2im on F32 keep the type and move the values exactly: each result
 * is, bit for bit, the F64 operation on the widened values narrowed back (sums are rounded once).
 */
class F32ShapeOpsProperties {

    @Provide
    Arbitrary<int[]> shapes() {
        return KernelSamples.dims(0, 4, 4);
    }

    @Provide
    Arbitrary<int[]> shapesWithAxes() {
        return KernelSamples.dims(1, 4, 4);
    }

    @Property(tries = 100)
    void layoutOperationsMoveValuesExactly(@ForAll("shapes") int[] dims, @ForAll long seed) {
        Tensor x = uniform(seed, dims);
        Tensor w = widened(x);
        SplittableRandom rng = new SplittableRandom(seed);
        int[] order = KernelSamples.randomPermutation(rng, dims.length);
        assertRounded(w.permute(order), x.permute(order), "permute");
        assertRounded(w.transpose(), x.transpose(), "transpose");
        assertRounded(w.reshape(-1), x.reshape(-1), "reshape");
        assertRounded(w.squeeze(), x.squeeze(), "squeeze");
        assertRounded(w.unsqueeze(0), x.unsqueeze(0), "unsqueeze");
        assertRounded(w.unsqueeze(-1), x.unsqueeze(-1), "unsqueeze at the end");
        if (dims.length >= 2) {
            int a = rng.nextInt(dims.length);
            int b = rng.nextInt(dims.length);
            assertRounded(w.transpose(a, b), x.transpose(a, b), "transpose " + a + " " + b);
        }
    }

    @Property(tries = 100)
    void broadcastToAndSumToAreTheF64OnesRounded(@ForAll("shapes") int[] dims, @ForAll long seed) {
        Tensor x = uniform(seed, dims);
        // The target: a new leading axis, and every size-1 dimension stretched to 3.
        int[] target = new int[dims.length + 1];
        target[0] = 2;
        for (int i = 0; i < dims.length; i++) {
            target[i + 1] = dims[i] == 1 ? 3 : dims[i];
        }
        Shape t = Shape.of(target);
        Tensor big = x.broadcastTo(t);
        assertRounded(widened(x).broadcastTo(t), big, "broadcastTo");
        Tensor y = uniform(seed + 1, target);
        assertRounded(widened(y).sumTo(x.shape()), y.sumTo(x.shape()), "sumTo");
        assertRounded(widened(y).sumTo(Shape.scalar()), y.sumTo(Shape.scalar()), "sumTo a scalar");
        assertSame(x, x.broadcastTo(x.shape()));
        assertSame(x, x.sumTo(x.shape()));
    }

    @Property(tries = 100)
    void sliceConcatAndStackKeepF32(@ForAll("shapesWithAxes") int[] dims, @ForAll long seed) {
        Tensor x = uniform(seed, dims);
        Tensor w = widened(x);
        SplittableRandom rng = new SplittableRandom(seed);
        int axis = rng.nextInt(dims.length);
        int end = rng.nextInt(dims[axis] + 1);
        int start = rng.nextInt(end + 1);
        assertRounded(w.slice(axis, start, end), x.slice(axis, start, end), "slice");
        Tensor y = uniform(seed + 1, dims);
        assertRounded(Tensor.concat(axis, w, widened(y), w), Tensor.concat(axis, x, y, x), "concat");
        assertEquals(x, Tensor.concat(axis, x.slice(axis, 0, start), x.slice(axis, start, dims[axis])),
                "slices concatenate back");
        int newAxis = rng.nextInt(dims.length + 1);
        assertRounded(Tensor.stack(newAxis, w, widened(y)), Tensor.stack(newAxis, x, y), "stack");
    }

    @Property(tries = 60)
    void mixedPartsConcatenateAsF64(@ForAll("shapesWithAxes") int[] dims, @ForAll long seed) {
        Tensor x = uniform(seed, dims);
        Tensor d = KernelSamples.random(seed + 1, dims);
        int axis = new SplittableRandom(seed).nextInt(dims.length);
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

    @Property(tries = 100)
    void indexSelectAndIndexAddAreExactWithIndicesOfEitherType(@ForAll("shapesWithAxes") int[] dims,
            @ForAll long seed, @ForAll DType indexType) {
        SplittableRandom rng = new SplittableRandom(seed);
        dims = dims.clone();
        int axis = rng.nextInt(dims.length);
        if (dims[axis] == 0) {
            dims[axis] = 1;
        }
        int[] idxDims = KernelSamples.randomDims(rng, rng.nextInt(3), 3);
        double[] idx = new double[Shape.of(idxDims).size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = rng.nextInt(dims[axis]);
        }
        Tensor indices = Tensor.of(idx, idxDims).to(indexType);
        Tensor x = uniform(seed, dims);
        Tensor gathered = x.indexSelect(axis, indices);
        assertRounded(widened(x).indexSelect(axis, indices), gathered, "indexSelect");
        Tensor updates = uniform(seed + 1, gathered.shape().dims());
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

    @Property(tries = 40)
    void im2colAndCol2imKeepF32(@ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = rng.nextInt(3);
        int c = 1 + rng.nextInt(3);
        int h = 1 + rng.nextInt(6);
        int wd = 1 + rng.nextInt(6);
        int ph = rng.nextInt(2);
        int pw = rng.nextInt(2);
        Convolutions.Window win = Convolutions.Window.of(Math.min(1 + rng.nextInt(3), h + 2 * ph),
                Math.min(1 + rng.nextInt(3), wd + 2 * pw), 1 + rng.nextInt(2), 1 + rng.nextInt(2), ph, pw);
        Tensor x = uniform(seed, n, c, h, wd);
        Tensor cols = Convolutions.im2col(x, win);
        assertRounded(Convolutions.im2col(widened(x), win), cols, "im2col " + win);
        Tensor g = uniform(seed + 1, cols.shape().dims());
        assertRounded(Convolutions.col2im(widened(g), h, wd, win), Convolutions.col2im(g, h, wd, win),
                "col2im " + win);
    }
}
