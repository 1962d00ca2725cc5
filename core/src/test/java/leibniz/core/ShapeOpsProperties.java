package leibniz.core;

import static leibniz.core.KernelSamples.ravel;
import static leibniz.core.KernelSamples.unravel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.function.Executable;

/**
 * Permute, transpose, reshape, squeeze, slice, concat and stack against index arithmetic and against each
 * other; tensors and attributes are generated together, so a failure shrinks to a small case.
 */
class ShapeOpsProperties {

    /** Tensors of rank 1 to 4, dimensions 0 to 4. */
    @Provide
    Arbitrary<Tensor> tensors() {
        return Generators.uniform(KernelSamples.dims(1, 4, 4));
    }

    /** A tensor and attributes drawn for its shape: a permutation of its axes, or axes and cuts. */
    record Case(Tensor x, List<Integer> attributes) {
        int at(int i) {
            return attributes.get(i);
        }

        int[] all() {
            return attributes.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    private static Arbitrary<Case> cases(Function<Shape, Arbitrary<List<Integer>>> attributes) {
        return Generators.uniform(KernelSamples.dims(1, 4, 4))
                .flatMap(x -> attributes.apply(x.shape()).map(a -> new Case(x, a)));
    }

    @Provide
    Arbitrary<Case> permutations() {
        return cases(s -> Generators.permutations(s.rank()).map(order -> Arrays.stream(order).boxed().toList()));
    }

    /** Two axes, maybe equal. */
    @Provide
    Arbitrary<Case> axisPairs() {
        return cases(s -> Generators.between(0, s.rank() - 1).list().ofSize(2));
    }

    @Provide
    Arbitrary<Case> axes() {
        return cases(s -> Generators.between(0, s.rank() - 1).list().ofSize(1));
    }

    /** An axis and two cuts along it, 0 <= cut1 <= cut2 <= the axis's size. */
    @Provide
    Arbitrary<Case> cuts() {
        return cases(s -> Generators.between(0, s.rank() - 1).flatMap(axis -> Generators.between(0, s.dim(axis))
                .flatMap(cut1 -> Generators.between(cut1, s.dim(axis)).map(cut2 -> List.of(axis, cut1, cut2)))));
    }

    /** Output axis t is input axis order[t], by index arithmetic on every element. */
    static Tensor naivePermute(Tensor x, int[] order) {
        int[] in = x.shape().dims();
        int[] out = new int[in.length];
        for (int t = 0; t < in.length; t++) {
            out[t] = in[order[t]];
        }
        double[] v = x.toArray();
        double[] y = new double[v.length];
        for (int f = 0; f < y.length; f++) {
            int[] o = unravel(f, out);
            int[] i = new int[in.length];
            for (int t = 0; t < in.length; t++) {
                i[order[t]] = o[t];
            }
            y[f] = v[ravel(i, in)];
        }
        return Tensor.of(y, out);
    }

    @Property(tries = 200)
    void permuteMatchesIndexArithmeticAndItsInverseUndoesIt(@ForAll("permutations") Case c) {
        Tensor x = c.x();
        int[] order = c.all();
        int[] inverse = new int[order.length];
        for (int t = 0; t < order.length; t++) {
            inverse[order[t]] = t;
        }
        Tensor y = x.permute(order);
        assertEquals(naivePermute(x, order), y);
        assertEquals(x, y.permute(inverse));
    }

    /** Stacks of matrices up to 70 × 70, whose values are their positions so that any misplaced element shows. */
    @Provide
    Arbitrary<Tensor> large() {
        return Combinators.combine(Generators.between(1, 3), Generators.between(1, 70), Generators.between(1, 70))
                .as((b, m, n) -> Tensor.arange(b * m * n).reshape(b, m, n));
    }

    @Property(tries = 100)
    void permuteOfLargerMatricesTakesTheTiledPaths(@ForAll("large") Tensor x) {
        int[] dims = x.shape().dims();
        assertEquals(naivePermute(x, new int[] {0, 2, 1}), x.permute(0, 2, 1));
        Tensor m = x.slice(0, 0, 1).reshape(dims[1], dims[2]);
        assertEquals(naivePermute(m, new int[] {1, 0}), m.transpose());
    }

    @Property(tries = 100)
    void transposeSwapsTwoAxes(@ForAll("axisPairs") Case c) {
        Tensor x = c.x();
        int a = c.at(0);
        int b = c.at(1);
        int[] order = new int[x.rank()];
        for (int t = 0; t < order.length; t++) {
            order[t] = t == a ? b : t == b ? a : t;
        }
        assertEquals(naivePermute(x, order), x.transpose(a - x.rank(), b));
    }

    @Property(tries = 100)
    void reshapeRoundTripsAndInfersOneDimension(@ForAll("axes") Case c) {
        Tensor x = c.x();
        int[] dims = x.shape().dims();
        assertEquals(x, x.reshape(-1).reshape(dims));
        assertEquals(x.shape(), x.reshape(x.shape()).shape());
        int[] withHole = dims.clone();
        withHole[c.at(0)] = -1;
        boolean inferable = Arrays.stream(withHole).filter(d -> d != -1).allMatch(d -> d != 0);
        if (inferable) {
            assertEquals(x, x.reshape(withHole));
        }
        assertEquals(Arrays.toString(x.toArray()), Arrays.toString(x.reshape(x.size(), 1).toArray()));
    }

    @Property(tries = 100)
    void squeezeAndUnsqueezeInsertAndRemoveSizeOneAxes(@ForAll("tensors") Tensor x) {
        int[] dims = x.shape().dims();
        int[] kept = Arrays.stream(dims).filter(d -> d != 1).toArray();
        assertEquals(Tensor.of(x.toArray(), kept), x.squeeze());
        for (int axis = -(dims.length + 1); axis <= dims.length; axis++) {
            Tensor y = x.unsqueeze(axis);
            int at = axis < 0 ? axis + dims.length + 1 : axis;
            assertEquals(x.shape().inserting(at, 1), y.shape());
            assertEquals(x, y.squeeze(at));
            assertEquals(x, y.squeeze(at - y.rank()));
        }
    }

    @Property(tries = 200)
    void concatOfSlicesIsTheOriginal(@ForAll("cuts") Case c) {
        Tensor x = c.x();
        int axis = c.at(0);
        int cut1 = c.at(1);
        int cut2 = c.at(2);
        int d = x.shape().dim(axis);
        Tensor[] parts = {x.slice(axis, 0, cut1), x.slice(axis, cut1, cut2), x.slice(axis, cut2, d)};
        assertEquals(naiveSlice(x, axis, cut1, cut2), parts[1]);
        assertEquals(x, Tensor.concat(axis, parts));
        assertEquals(x, Tensor.concat(axis - x.rank(), parts));
        Buffer out = Buffer.of(x.shape(), x.dtype());
        assertEquals(x, Kernels.concat(axis, parts, out));
        // Into a buffer, even one part is copied: the buffer holds the result, not x.
        assertEquals(x, Kernels.concat(axis, new Tensor[] {x}, out));
        assertFalse(out.holds(x));
    }

    /** Elements start..end-1 along {@code axis}, by index arithmetic. */
    private static Tensor naiveSlice(Tensor x, int axis, int start, int end) {
        int[] in = x.shape().dims();
        int[] out = in.clone();
        out[axis] = end - start;
        double[] v = x.toArray();
        double[] y = new double[Shape.of(out).size()];
        for (int f = 0; f < y.length; f++) {
            int[] i = unravel(f, out);
            i[axis] += start;
            y[f] = v[ravel(i, in)];
        }
        return Tensor.of(y, out);
    }

    /** One to four parts of one shape, and an axis to stack them along. */
    record Stack(List<Tensor> parts, int axis) {}

    @Provide
    Arbitrary<Stack> stacks() {
        return KernelSamples.dims(1, 4, 4).flatMap(d -> Combinators.combine(
                Generators.uniform(Shape.of(d)).list().ofMinSize(1).ofMaxSize(4), Generators.between(0, d.length))
                .as(Stack::new));
    }

    @Property(tries = 100)
    void stackedPartsComeBackOutAlongTheNewAxis(@ForAll("stacks") Stack c) {
        Tensor[] parts = c.parts().toArray(Tensor[]::new);
        int axis = c.axis();
        Shape shape = parts[0].shape();
        Tensor s = Tensor.stack(axis, parts);
        assertEquals(shape.inserting(axis, parts.length), s.shape());
        for (int i = 0; i < parts.length; i++) {
            assertEquals(parts[i], s.slice(axis, i, i + 1).squeeze(axis));
        }
        assertEquals(s, Tensor.stack(axis - shape.rank() - 1, parts));
    }

    /** Placing each part at its step of a buffer, in any order, writes what stacking them makes; F32 rounds. */
    @Property(tries = 100)
    void placedPartsMakeTheStack(@ForAll("stacks") Stack c, @ForAll boolean backwards, @ForAll boolean f32) {
        Tensor[] parts = c.parts().toArray(Tensor[]::new);
        DType type = f32 ? DType.F32 : DType.F64;
        Buffer out = Buffer.of(parts[0].shape().inserting(c.axis(), parts.length), type);
        for (int s = 0; s < parts.length; s++) {
            int i = backwards ? parts.length - 1 - s : s;
            assertEquals(out.view(), Kernels.place(parts[i], c.axis(), i, out));
        }
        assertEquals(Tensor.stack(c.axis(), parts).to(type), out.view());
    }

    /** Selecting each step of a stack into one reused buffer gives back each part, the slice without its axis. */
    @Property(tries = 100)
    void selectedStepsAreTheParts(@ForAll("stacks") Stack c, @ForAll boolean f32) {
        DType type = f32 ? DType.F32 : DType.F64;
        Tensor[] parts = c.parts().stream().map(p -> p.to(type)).toArray(Tensor[]::new);
        Tensor whole = Tensor.stack(c.axis(), parts);
        Buffer out = Buffer.of(parts[0].shape(), type);
        for (int i = parts.length - 1; i >= 0; i--) {
            assertEquals(parts[i], Kernels.select(whole, c.axis(), i, out));
        }
    }

    @Example
    void placeAndSelectRefuseWhatIsNotAStep() {
        Buffer out = Buffer.of(Shape.of(2, 3, 4), DType.F64);
        assertEquals("place: [2, 3] is not a step along axis 1 of [2, 3, 4]",
                assertThrows(IllegalArgumentException.class, () -> Kernels.place(Tensor.zeros(2, 3), 1, 0, out))
                        .getMessage());
        assertEquals("place: step 3 out of range for 3 steps along axis 1 of [2, 3, 4]",
                assertThrows(IllegalArgumentException.class, () -> Kernels.place(Tensor.zeros(2, 4), 1, 3, out))
                        .getMessage());
        Buffer step = Buffer.of(Shape.of(2, 4), DType.F64);
        assertEquals("select: [2, 4] F64 is not a step along axis 0 of [2, 3, 4] F64",
                assertThrows(IllegalArgumentException.class, () -> Kernels.select(out.view(), 0, 0, step)).getMessage());
        assertEquals("select: step -1 out of range for 3 steps along axis 1 of [2, 3, 4]",
                assertThrows(IllegalArgumentException.class, () -> Kernels.select(out.view(), 1, -1, step)).getMessage());
        assertEquals("select: [2, 4] F64 is not a step along axis 1 of [2, 3, 4] F32", assertThrows(
                IllegalArgumentException.class, () -> Kernels.select(out.view().to(DType.F32), 1, 0, step)).getMessage());
    }

    @Example
    void smallCasesByHand() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertEquals(Tensor.of(new double[] {1, 4, 2, 5, 3, 6}, 3, 2), x.transpose());
        assertEquals(Tensor.of(new double[] {2, 3, 5, 6}, 2, 2), x.slice(1, 1, 3));
        assertEquals(Tensor.of(new double[] {1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6}, 2, 6),
                Tensor.concat(1, x, x));
        assertEquals(Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6}, 2, 2, 3), Tensor.stack(0, x, x));
        assertEquals(Shape.of(2, 2, 3), Tensor.stack(1, x, x).shape());
        assertEquals(Shape.of(0, 3), Tensor.concat(0, Tensor.zeros(0, 3), Tensor.zeros(0, 3)).shape());
        assertEquals(Shape.of(), Tensor.ones(1, 1).squeeze().shape());
        assertEquals(Shape.of(6), x.reshape(-1).shape());
    }

    @Example
    void errorsNameTheOperationAndShapes() {
        Tensor x = Tensor.zeros(2, 4);
        assertMessage("reshape: cannot view 12 elements as [5, -1]", () -> Tensor.zeros(12).reshape(5, -1));
        assertMessage("reshape: cannot view 12 elements as [5, 2]", () -> Tensor.zeros(12).reshape(5, 2));
        assertMessage("reshape: cannot view 0 elements as [0, -1]", () -> Tensor.zeros(0).reshape(0, -1));
        assertMessage("reshape: more than one -1 in [-1, -1]", () -> Tensor.zeros(4).reshape(-1, -1));
        assertMessage("reshape: negative dimension -2 in [-2, 2]", () -> Tensor.zeros(4).reshape(-2, 2));
        assertMessage("permute: [0, 0] is not a permutation of 2 axes", () -> x.permute(0, 0));
        assertMessage("permute: [0] is not a permutation of 2 axes", () -> x.permute(0));
        assertMessage("permute: [0, 2] is not a permutation of 2 axes", () -> x.permute(0, 2));
        assertMessage("transpose: axis 2 out of range for rank 2", () -> x.transpose(0, 2));
        assertMessage("squeeze: axis 1 has size 4, not 1", () -> x.squeeze(1));
        assertMessage("squeeze: axis -3 out of range for rank 2", () -> x.squeeze(-3));
        assertMessage("unsqueeze: axis 3 out of range for rank 2 (a new axis goes at -3 to 2)",
                () -> x.unsqueeze(3));
        assertMessage("unsqueeze: axis -4 out of range for rank 2 (a new axis goes at -3 to 2)",
                () -> x.unsqueeze(-4));
        assertMessage("slice: axis 2 out of range for rank 2", () -> x.slice(2, 0, 1));
        assertMessage("slice: step must be positive, got 0", () -> x.slice(1, 0, 4, 0));
        assertMessage("slice: step must be positive, got -1", () -> x.slice(1, 3, 0, -1));
        assertMessage("concat: needs at least one tensor", () -> Tensor.concat(0));
        assertMessage("concat: shapes [2, 4], [3, 4], [2, 5] differ outside axis 0",
                () -> Tensor.concat(0, x, Tensor.zeros(3, 4), Tensor.zeros(2, 5)));
        assertMessage("concat: shapes [2, 4], [8] differ in rank", () -> Tensor.concat(0, x, Tensor.zeros(8)));
        assertMessage("concat: axis 0 out of range for rank 0", () -> Tensor.concat(0, Tensor.scalar(1)));
        assertMessage("concat: the result is [4, 4] F64, the buffer holds [2, 4] F64",
                () -> Kernels.concat(0, new Tensor[] {x, x}, Buffer.of(x.shape(), DType.F64)));
        assertMessage("stack: needs at least one tensor", () -> Tensor.stack(0));
        assertMessage("stack: shapes [2, 4], [4, 2] differ", () -> Tensor.stack(0, x, Tensor.zeros(4, 2)));
        assertMessage("stack: axis 3 out of range for rank 2 (a new axis goes at -3 to 2)", () -> Tensor.stack(3, x));
    }

    static void assertMessage(String expected, Executable call) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
