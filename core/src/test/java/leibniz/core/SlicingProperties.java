package leibniz.core;

import static leibniz.core.ShapeOpsProperties.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Strided slices {@code x[start:end:step]} and {@code sliceScatter} against index loops that follow
 * Python's slicing rules, PyTorch's values, and the adjoint identity that makes sliceScatter slicing's
 * transpose.
 */
class SlicingProperties {

    /** A tensor, an axis of it (possibly negative) and a slice, bounds anywhere from well before to well after. */
    record Case(Tensor x, int axis, int start, int end, int step) {}

    @Provide
    Arbitrary<Case> cases() {
        return Generators.tensors(Generators.shapesWithAxes()).flatMap(x -> Combinators.combine(
                Arbitraries.integers().between(-x.rank(), x.rank() - 1),
                Arbitraries.integers().between(-6, 6),
                Arbitraries.integers().between(-6, 6),
                Arbitraries.integers().between(1, 4)).as((axis, start, end, step) -> new Case(x, axis, start, end, step)));
    }

    /** The positions a Python slice {@code [start:end:step]} takes from a sequence of {@code size}, one by one. */
    static List<Integer> taken(int size, int start, int end, int step) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            // i is taken if it lies in the range, negative bounds counting from the end, and on the step grid.
            int from = start < 0 ? Math.max(0, start + size) : Math.min(start, size);
            int to = end < 0 ? Math.max(0, end + size) : Math.min(end, size);
            if (i >= from && i < to && (i - from) % step == 0) {
                out.add(i);
            }
        }
        return out;
    }

    /** {@code x} with only the positions {@code taken} kept along {@code axis}, element by element. */
    static Tensor naiveSlice(Tensor x, int axis, List<Integer> taken) {
        int[] in = x.shape().dims();
        int[] out = in.clone();
        out[axis] = taken.size();
        double[] v = x.toArray();
        double[] y = new double[Shape.of(out).size()];
        for (int f = 0; f < y.length; f++) {
            int[] i = Generators.unravel(f, out);
            i[axis] = taken.get(i[axis]);
            y[f] = v[Generators.ravel(i, in)];
        }
        return Tensor.of(y, out);
    }

    @Property(tries = 300)
    void sliceTakesWhatPythonSlicingTakes(@ForAll("cases") Case c) {
        int a = c.axis() < 0 ? c.axis() + c.x().rank() : c.axis();
        List<Integer> taken = taken(c.x().shape().dim(a), c.start(), c.end(), c.step());
        Tensor expected = naiveSlice(c.x(), a, taken);
        assertEquals(expected, c.x().slice(c.axis(), c.start(), c.end(), c.step()));
        if (c.step() == 1) {
            assertEquals(expected, c.x().slice(c.axis(), c.start(), c.end()));
        }
        Tensor f32 = c.x().to(DType.F32);
        assertEquals(expected.to(DType.F32), f32.slice(c.axis(), c.start(), c.end(), c.step()), "F32 moves exactly");
    }

    @Property(tries = 300)
    void sliceScatterWritesTheSliceAndKeepsTheRest(@ForAll("cases") Case c) {
        Tensor x = c.x();
        int a = c.axis() < 0 ? c.axis() + x.rank() : c.axis();
        List<Integer> taken = taken(x.shape().dim(a), c.start(), c.end(), c.step());
        Tensor src = x.slice(c.axis(), c.start(), c.end(), c.step()).mul(Tensor.scalar(-2)).add(Tensor.scalar(10));
        Tensor out = x.sliceScatter(src, c.axis(), c.start(), c.end(), c.step());
        int[] dims = x.shape().dims();
        double[] v = x.toArray();
        double[] s = src.toArray();
        for (int f = 0; f < v.length; f++) {
            int[] i = Generators.unravel(f, dims);
            int k = taken.indexOf(i[a]);
            if (k >= 0) {
                i[a] = k;
                v[f] = s[Generators.ravel(i, src.shape().dims())];
            }
        }
        assertArrayEquals(v, out.toArray());
        assertEquals(x.dtype(), out.dtype());
    }

    /** {@code <slice(x), r> = <x, sliceScatter(0, r)>}: slicing and scattering into zeros are each other's transpose. */
    @Property(tries = 200)
    void sliceScatterIntoZerosIsTheTransposeOfSlice(@ForAll("cases") Case c) {
        Tensor x = c.x();
        Tensor sliced = x.slice(c.axis(), c.start(), c.end(), c.step());
        Tensor r = sliced.map(v -> 1.5 - v * v);
        Tensor back = Tensor.zeros(x.shape()).sliceScatter(r, c.axis(), c.start(), c.end(), c.step());
        assertEquals(KernelSamples.inner(sliced, r), KernelSamples.inner(x, back), 1e-12);
    }

    @Example
    void pytorchValues() {
        // torch.arange(10.)[2:100:3], [8:3], [20:30], [-3:], [-100:2] (PyTorch 2.13).
        Tensor x = Tensor.arange(10);
        assertEquals(Tensor.vector(2, 5, 8), x.slice(0, 2, 100, 3));
        assertEquals(Tensor.zeros(0), x.slice(0, 8, 3, 1));
        assertEquals(Tensor.zeros(0), x.slice(0, 20, 30, 1));
        assertEquals(Tensor.vector(7, 8, 9), x.slice(0, -3, Integer.MAX_VALUE, 1));
        assertEquals(Tensor.vector(0, 1), x.slice(0, -100, 2));
        Tensor m = Tensor.arange(12).reshape(3, 4);
        assertEquals(Tensor.of(new double[] {1, 3, 5, 7, 9, 11}, 3, 2), m.slice(1, 1, Integer.MAX_VALUE, 2));
        assertEquals(Tensor.of(new double[] {0, 0, 0, 0, 4, 5, 6, 7, 0, 0, 0, 0}, 3, 4),
                Tensor.zeros(3, 4).sliceScatter(m.slice(0, 1, 2, 5), 0, 1, 3, 5));
    }

    @Example
    void errorsNameTheOperation() {
        Tensor x = Tensor.zeros(2, 4);
        assertMessage("slice: step must be positive, got 0", () -> x.slice(0, 0, 1, 0));
        assertMessage("sliceScatter: step must be positive, got -2", () -> x.sliceScatter(x, 0, 0, 1, -2));
        assertMessage("sliceScatter: src [2, 3] does not fit the slice [2, 2] of [2, 4] along axis 1 [1:4:2]",
                () -> x.sliceScatter(Tensor.zeros(2, 3), -1, 1, 4, 2));
        assertMessage("sliceScatter: axis 2 out of range for rank 2", () -> x.sliceScatter(x, 2, 0, 1, 1));
    }
}
