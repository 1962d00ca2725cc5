package leibniz.core;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** Shapes, tensors and naive index arithmetic shared by the kernel properties. */
final class Generators {
    private Generators() {}

    /** Shapes of rank 0 to 4 whose dimensions are often 1 (to broadcast) and sometimes 0 (to be empty). */
    static Arbitrary<Shape> shapes() {
        return dimension().list().ofMaxSize(4).map(Generators::shapeOf);
    }

    /** Shapes of rank 1 to 4, for reductions along an axis. */
    static Arbitrary<Shape> shapesWithAxes() {
        return dimension().list().ofMinSize(1).ofMaxSize(4).map(Generators::shapeOf);
    }

    private static Arbitrary<Integer> dimension() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(0)),
                Tuple.of(3, Arbitraries.just(1)),
                Tuple.of(8, Arbitraries.integers().between(2, 4)));
    }

    private static Shape shapeOf(List<Integer> dims) {
        return Shape.of(dims.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * A shape that broadcasts to {@code out}: {@code out} itself, the scalar shape, or {@code out} with
     * some leading dimensions dropped and some others set to 1.
     */
    static Arbitrary<Shape> operand(Shape out) {
        int r = out.rank();
        Arbitrary<Shape> derived = Combinators.combine(
                Arbitraries.integers().between(0, r),
                Arbitraries.integers().between(0, (1 << r) - 1)).as((drop, ones) -> {
                    int[] d = new int[r - drop];
                    for (int i = 0; i < d.length; i++) {
                        d[i] = (ones >> i & 1) == 1 ? 1 : out.dim(drop + i);
                    }
                    return Shape.of(d);
                });
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(out)),
                Tuple.of(1, Arbitraries.just(Shape.scalar())),
                Tuple.of(4, derived));
    }

    /**
     * A tensor of {@code shape} with values drawn from {@code seed}: a quarter are small integers (so
     * ties, equalities and zeros occur), the rest uniform in [-3, 3).
     */
    static Tensor filled(Shape shape, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] d = new double[shape.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.nextInt(4) == 0 ? rng.nextInt(-2, 3) : rng.nextDouble(-3, 3);
        }
        return Tensor.of(d, shape);
    }

    /**
     * Tensors of a shape from {@code shapes}, a quarter of their values small integers (ties, zeros) and
     * the rest in [-3, 3] with three decimals, so that a failure shrinks to a small tensor of short numbers.
     */
    static Arbitrary<Tensor> tensors(Arbitrary<Shape> shapes) {
        return shapes.flatMap(Generators::tensors);
    }

    /** Tensors of {@code shape} with values as {@link #tensors(Arbitrary)} draws them. */
    static Arbitrary<Tensor> tensors(Shape shape) {
        Arbitrary<Double> value = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.integers().between(-2, 2).map(Integer::doubleValue)),
                Tuple.of(3, Arbitraries.doubles().between(-3, 3).ofScale(3)));
        return values(shape, value);
    }

    /** Tensors of {@code shape} with values in [-1, 1], three decimals: for kernels whose values only move. */
    static Arbitrary<Tensor> uniform(Shape shape) {
        return values(shape, Arbitraries.doubles().between(-1, 1).ofScale(3));
    }

    /** Tensors with values in [-1, 1] of dimensions from {@code dims}, as {@link KernelSamples#dims} draws them. */
    static Arbitrary<Tensor> uniform(Arbitrary<int[]> dims) {
        return dims.flatMap(d -> uniform(Shape.of(d)));
    }

    private static Arbitrary<Tensor> values(Shape shape, Arbitrary<Double> value) {
        return value.list().ofSize(shape.size())
                .map(v -> Tensor.of(v.stream().mapToDouble(Double::doubleValue).toArray(), shape));
    }

    /**
     * {@code n} tensors whose shapes broadcast together: each an {@link #operand} of one shape from
     * {@link #shapes()}, values as {@link #tensors(Arbitrary)} draws them.
     */
    static Arbitrary<List<Tensor>> broadcasting(int n) {
        return shapes().flatMap(out -> tensors(operand(out)).list().ofSize(n));
    }

    /** A tensor and an axis in range, possibly negative. */
    record AxisCase(Tensor x, int axis) {}

    /** Tensors of rank 1 to 4 as {@link #tensors(Arbitrary)} draws them, each with an axis. */
    static Arbitrary<AxisCase> axisCases() {
        return tensors(shapesWithAxes()).flatMap(x -> between(-x.rank(), x.rank() - 1).map(a -> new AxisCase(x, a)));
    }

    /** Integers in {@code min..max}, for axes, cuts and sizes that depend on a generated shape. */
    static Arbitrary<Integer> between(int min, int max) {
        return Arbitraries.integers().between(min, max);
    }

    /** Permutations of {@code 0..n-1}: the stable order that sorts random keys, so they shrink to the identity. */
    static Arbitrary<int[]> permutations(int n) {
        return between(0, n).list().ofSize(n).map(keys -> IntStream.range(0, n).boxed()
                .sorted(Comparator.comparing(keys::get)).mapToInt(Integer::intValue).toArray());
    }

    /** The NumPy broadcast of the shapes, worked out independently of {@link Shape#broadcast}. */
    static int[] broadcastDims(int[]... shapes) {
        int r = 0;
        for (int[] s : shapes) {
            r = Math.max(r, s.length);
        }
        int[] out = new int[r];
        Arrays.fill(out, 1);
        for (int[] s : shapes) {
            for (int i = 0; i < s.length; i++) {
                int at = r - s.length + i;
                if (s[i] != 1) {
                    out[at] = s[i];
                }
            }
        }
        return out;
    }

    /** The row-major multi-index of flat position {@code flat} in {@code dims}. */
    static int[] unravel(int flat, int[] dims) {
        int[] index = new int[dims.length];
        for (int i = dims.length - 1; i >= 0; i--) {
            index[i] = flat % dims[i];
            flat /= dims[i];
        }
        return index;
    }

    /** The row-major flat position of multi-index {@code index} in {@code dims}. */
    static int ravel(int[] index, int[] dims) {
        int flat = 0;
        for (int i = 0; i < dims.length; i++) {
            flat = flat * dims[i] + index[i];
        }
        return flat;
    }

    /**
     * The flat position in an operand of shape {@code dims} read at output multi-index {@code outIndex}:
     * aligned from the right, coordinate 0 along the operand's size-1 dimensions.
     */
    static int broadcastFlat(int[] outIndex, int[] dims) {
        int off = outIndex.length - dims.length;
        int flat = 0;
        for (int i = 0; i < dims.length; i++) {
            flat = flat * dims[i] + (dims[i] == 1 ? 0 : outIndex[off + i]);
        }
        return flat;
    }

    /** The element of {@code x} that broadcasting it to {@code outDims} places at output position {@code flat}. */
    static double broadcastRead(Tensor x, int[] outDims, int flat) {
        return x.data[broadcastFlat(unravel(flat, outDims), x.shape.dims())];
    }
}
