package leibniz.core;

import static leibniz.core.ShapeOpsProperties.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Reductions over several axes at once and the variance and standard deviation with a correction, against
 * loops that collect each output's elements one by one, and against PyTorch's values.
 */
class ReductionsOverAxesProperties {

    /** A tensor, a non-empty list of distinct axes (some negative, in any order), keepDims and a correction. */
    record Case(Tensor x, int[] axes, boolean keepDims, double correction) {
        @Override
        public String toString() {
            return x + " over " + Arrays.toString(axes) + (keepDims ? " kept" : "") + ", correction " + correction;
        }

        /** The reduced axes, made non-negative. */
        boolean[] reduced() {
            boolean[] r = new boolean[x.rank()];
            for (int a : axes) {
                r[a < 0 ? a + x.rank() : a] = true;
            }
            return r;
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        return Generators.tensors(Generators.shapesWithAxes()).flatMap(x -> {
            int r = x.rank();
            Arbitrary<int[]> axes = Arbitraries.integers().between(1, (1 << r) - 1).flatMap(mask ->
                    Arbitraries.integers().between(0, (1 << r) - 1).map(negative -> {
                        List<Integer> list = new ArrayList<>();
                        for (int a = 0; a < r; a++) {
                            if ((mask >> a & 1) != 0) {
                                list.add((negative >> a & 1) != 0 ? a - r : a);
                            }
                        }
                        // Reversed when the negative mask is odd: order does not matter.
                        if ((negative & 1) != 0) {
                            java.util.Collections.reverse(list);
                        }
                        return list.stream().mapToInt(Integer::intValue).toArray();
                    }));
            return Combinators.combine(axes, Arbitraries.of(false, true), Arbitraries.of(0.0, 1.0, 0.5, 2.0))
                    .as((a, keep, c) -> new Case(x, a, keep, c));
        });
    }

    /** Each output position's elements, in row-major order of the input, and the output shape. */
    private static List<List<Double>> groups(Case c, int[] outDims) {
        int[] dims = c.x().shape().dims();
        boolean[] reduced = c.reduced();
        int[] kept = new int[dims.length];
        int n = 0;
        for (int d = 0; d < dims.length; d++) {
            if (!reduced[d]) {
                kept[n++] = dims[d];
            }
        }
        int[] keptDims = Arrays.copyOf(kept, n);
        List<List<Double>> groups = new ArrayList<>();
        for (int k = 0; k < Shape.of(keptDims).size(); k++) {
            groups.add(new ArrayList<>());
        }
        double[] v = c.x().toArray();
        for (int f = 0; f < v.length; f++) {
            int[] i = Generators.unravel(f, dims);
            int[] key = new int[n];
            for (int d = 0, j = 0; d < dims.length; d++) {
                if (!reduced[d]) {
                    key[j++] = i[d];
                }
            }
            groups.get(Generators.ravel(key, keptDims)).add(v[f]);
        }
        for (int d = 0, j = 0; d < dims.length; d++) {
            if (!reduced[d] || c.keepDims()) {
                outDims[j++] = reduced[d] ? 1 : dims[d];
            }
        }
        return groups;
    }

    private static int reducedCount(Case c) {
        int n = 1;
        boolean[] reduced = c.reduced();
        for (int d = 0; d < reduced.length; d++) {
            n *= reduced[d] ? c.x().shape().dim(d) : 1;
        }
        return n;
    }

    private static int outRank(Case c) {
        int n = 0;
        for (boolean r : c.reduced()) {
            n += r && !c.keepDims() ? 0 : 1;
        }
        return n;
    }

    /** The statistic of one group, the slow and obvious way. */
    private static double naive(String kind, List<Double> g, double correction) {
        double sum = 0;
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        for (double v : g) {
            sum += v;
            max = Math.max(max, v);
            min = Math.min(min, v);
        }
        double mean = sum / g.size();
        double squares = 0;
        double exps = 0;
        for (double v : g) {
            squares += (v - mean) * (v - mean);
            exps += Math.exp(v - max);
        }
        double variance = squares / Math.max(0, g.size() - correction);
        return switch (kind) {
            case "sum" -> sum;
            case "mean" -> mean;
            case "max" -> max;
            case "min" -> min;
            case "logsumexp" -> g.isEmpty() ? Double.NEGATIVE_INFINITY : max + Math.log(exps);
            case "variance" -> variance;
            case "std" -> Math.sqrt(variance);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static Tensor reduce(String kind, Case c) {
        Tensor x = c.x();
        return switch (kind) {
            case "sum" -> x.sum(c.axes(), c.keepDims());
            case "mean" -> x.mean(c.axes(), c.keepDims());
            case "max" -> x.max(c.axes(), c.keepDims());
            case "min" -> x.min(c.axes(), c.keepDims());
            case "logsumexp" -> x.logsumexp(c.axes(), c.keepDims());
            case "variance" -> x.variance(c.axes(), c.correction(), c.keepDims());
            case "std" -> x.std(c.axes(), c.correction(), c.keepDims());
            default -> throw new IllegalArgumentException(kind);
        };
    }

    @Property(tries = 300)
    void everyReductionOverSeveralAxesMatchesALoopOverItsElements(@ForAll("cases") Case c) {
        int[] outDims = new int[outRank(c)];
        List<List<Double>> groups = groups(c, outDims);
        for (String kind : List.of("sum", "mean", "max", "min", "logsumexp", "variance", "std")) {
            if (reducedCount(c) == 0 && (kind.equals("max") || kind.equals("min"))) {
                continue; // refused: see emptyAxesHaveNoExtremum
            }
            Tensor out = reduce(kind, c);
            String what = kind + " over " + Arrays.toString(c.axes()) + " of " + c.x().shape()
                    + (c.keepDims() ? " kept" : "") + ", correction " + c.correction();
            assertEquals(Shape.of(outDims), out.shape(), what);
            double[] actual = out.toArray();
            for (int k = 0; k < actual.length; k++) {
                double expected = naive(kind, groups.get(k), c.correction());
                double tol = Double.isFinite(expected) ? 1e-12 * (1 + Math.abs(expected)) : 0;
                assertEquals(expected, actual[k], tol, what + " at " + k);
            }
            Tensor f32 = c.x().to(DType.F32);
            Tensor of32 = reduce(kind, new Case(f32, c.axes(), c.keepDims(), c.correction()));
            Tensor widened = reduce(kind, new Case(f32.to(DType.F64), c.axes(), c.keepDims(), c.correction()));
            assertEquals(DType.F32, of32.dtype());
            assertArrayEquals(widened.toFloatArray(), of32.toFloatArray(), what + " in F32: the F64 result rounded once");
        }
    }

    @Example
    void pytorchValues() {
        // torch.var / torch.std default to correction = 1; correction = 0 is Leibniz's variance().
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 7}, 2, 3);
        assertEquals(4.666666666666667, x.variance(x.shape().allAxes(), 1, false).item(), 1e-15);
        assertEquals(2.160246899469287, x.std(x.shape().allAxes(), 1, false).item(), 1e-15);
        assertEquals(3.8888888888888893, x.variance().item(), 1e-15);
        assertEquals(x.variance(), x.variance(x.shape().allAxes(), 0, false));
        assertEquals(Tensor.vector(4.5, 4.5, 8.0), x.variance(new int[] {0}, 1, false));
        assertTrue(Tensor.of(new double[] {1.0, 1.5275252316519468}, 2, 1)
                .allClose(x.std(new int[] {1}, 1, true), 1e-15));
        assertEquals(5.833333333333334, x.variance(new int[] {0, 1}, 2, false).item(), 1e-15);
        Tensor y = Tensor.arange(24).reshape(2, 3, 4).sin();
        assertClose(new double[] {3.416377734371639, -3.1885665151045495, 0.7519945902231743},
                y.sum(new int[] {0, 2}, false), Shape.of(3));
        assertClose(new double[] {0.42704721679645485, -0.3985708143880687, 0.09399932377789678},
                y.mean(new int[] {2, 0}, true), Shape.of(1, 3, 1));
        assertClose(new double[] {0.9893582466233818, 0.8414709848078965, 0.9906073556948704, 0.6569865987187891},
                y.max(new int[] {0, 1}, false), Shape.of(4));
        assertClose(new double[] {2.749793177207937, 2.7538018034091776}, y.logsumexp(new int[] {1, 2}, false),
                Shape.of(2));
        assertClose(new double[] {0.5297551355878056, 0.5762860302024788, 0.8127161507477354},
                y.std(new int[] {0, 2}, 1, false), Shape.of(3));
        assertClose(new double[] {0.26193113676954405, 0.3099652160327635, 0.6164737055738013},
                y.variance(new int[] {-1, 0}, 0.5, true), Shape.of(1, 3, 1));
    }

    @Example
    void noDegreeOfFreedomGivesNanOrInfinityAsInPyTorch() {
        assertTrue(Double.isNaN(Tensor.vector(1).variance(new int[] {0}, 1, false).item()), "torch.var([1.]) is nan");
        assertEquals(Double.POSITIVE_INFINITY, Tensor.vector(1, 2).variance(new int[] {0}, 2, false).item(), "torch.var(.., correction=2)");
        assertTrue(Double.isNaN(Tensor.zeros(0).std(new int[] {0}, 1, false).item()));
        assertEquals(0, Tensor.vector(3, 3, 3).std(new int[] {0}, 1, false).item());
    }

    @Example
    void emptyAxesHaveNoExtremum() {
        Tensor x = Tensor.zeros(2, 0, 3);
        assertMessage("max: axes [1, 2] of [2, 0, 3] hold no elements and have no maximum",
                () -> x.max(new int[] {1, 2}, false));
        assertMessage("min: axes [0, -2] of [2, 0, 3] hold no elements and have no minimum",
                () -> x.min(new int[] {0, -2}, true));
        assertEquals(Tensor.zeros(3), x.sum(new int[] {0, 1}, false));
    }

    @Example
    void badAxesAndCorrectionsAreRefused() {
        Tensor x = Tensor.zeros(2, 3);
        assertMessage("sum: axis 0 appears twice in [0, -2]", () -> x.sum(new int[] {0, -2}, false));
        assertMessage("mean: axis 1 appears twice in [1, 1]", () -> x.mean(new int[] {1, 1}, false));
        assertMessage("max: axis 2 out of range for rank 2", () -> x.max(new int[] {0, 2}, false));
        assertMessage("logsumexp: axes [] name no axis; logsumexp() reduces every element",
                () -> x.logsumexp(new int[0], false));
        assertMessage("variance: correction must be finite and at least 0, got -1.0", () -> x.variance(x.shape().allAxes(), -1, false));
        assertMessage("std: correction must be finite and at least 0, got NaN",
                () -> x.std(new int[] {0}, Double.NaN, false));
        assertMessage("std: correction must be finite and at least 0, got Infinity",
                () -> x.std(x.shape().allAxes(), Double.POSITIVE_INFINITY, false));
    }

    private static void assertClose(double[] expected, Tensor actual, Shape shape) {
        assertEquals(shape, actual.shape());
        assertArrayEquals(expected, actual.toArray(), 1e-14);
    }
}
