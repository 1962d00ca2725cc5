package leibniz.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import leibniz.autograd.check.TensorArbitraries;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * First and second derivatives of the reductions over several axes at once, and of the variance and
 * standard deviation with a correction, over random shapes of rank 0 to 3 (size-1 dimensions and scalars
 * included) and every non-empty set of axes, in any order, some negative, kept or dropped. Max, min and
 * std get values with no ties (so no kink is straddled); PyTorch's values fix the conventions.
 */
class ReductionOverAxesProperties {
    private static final int TRIES = 25;

    /** A tensor, axes of it (every axis of a scalar: none), keepDims and a correction below the count reduced. */
    record Case(Tensor x, int[] axes, boolean keepDims, double correction) {
        @Override
        public String toString() {
            return x + " over " + Arrays.toString(axes) + (keepDims ? " kept" : "") + ", correction " + correction;
        }
    }

    static Arbitrary<Case> cases(Arbitrary<Tensor> tensors) {
        return tensors.flatMap(x -> {
            int r = x.rank();
            Arbitrary<int[]> axes = Arbitraries.integers().between(r == 0 ? 0 : 1, (1 << r) - 1).flatMap(mask ->
                    Arbitraries.integers().between(0, (1 << r) - 1).map(negative -> {
                        List<Integer> list = new ArrayList<>();
                        for (int a = r - 1; a >= 0; a--) { // descending: order is free
                            if ((mask >> a & 1) != 0) {
                                list.add((negative >> a & 1) != 0 ? a - r : a);
                            }
                        }
                        return list.stream().mapToInt(Integer::intValue).toArray();
                    }));
            return Combinators.combine(axes, Arbitraries.of(false, true), Arbitraries.of(0.0, 1.0, 0.5))
                    .as((a, keep, c) -> new Case(x, a, keep, c < count(x.shape(), a) ? c : 0));
        });
    }

    private static int count(Shape s, int[] axes) {
        int n = 1;
        for (int a : axes) {
            n *= s.dim(a);
        }
        return n;
    }

    @Provide
    Arbitrary<Case> any() {
        return cases(TensorArbitraries.tensors(0, 3, 3, -2, 2));
    }

    /**
     * Values with no ties ({@link TensorArbitraries#distinct(Shape)}), so max and min are unique and no two
     * values (so no deviation) come near 0.
     */
    @Provide
    Arbitrary<Case> distinct() {
        return cases(TensorArbitraries.distinct(0, 3, 3));
    }

    private static void gradients(UnaryOperator<Node> f, Tensor x) {
        OpChecks.gradients(xs -> f.apply(xs.get(0)), x);
    }

    @Property(tries = TRIES)
    void gradOfSumOverAxes(@ForAll("any") Case c) {
        gradients(x -> x.sum(c.axes(), c.keepDims()), c.x());
    }

    @Property(tries = TRIES)
    void gradOfMeanOverAxes(@ForAll("any") Case c) {
        gradients(x -> x.mean(c.axes(), c.keepDims()), c.x());
    }

    @Property(tries = TRIES)
    void gradOfMaxOverAxes(@ForAll("distinct") Case c) {
        gradients(x -> x.max(c.axes(), c.keepDims()), c.x());
    }

    @Property(tries = TRIES)
    void gradOfMinOverAxes(@ForAll("distinct") Case c) {
        gradients(x -> x.min(c.axes(), c.keepDims()), c.x());
    }

    @Property(tries = TRIES)
    void gradOfLogSumExpOverAxes(@ForAll("any") Case c) {
        gradients(x -> x.logsumexp(c.axes(), c.keepDims()), c.x());
    }

    @Property(tries = TRIES)
    void gradOfVarianceWithACorrection(@ForAll("any") Case c) {
        gradients(x -> x.variance(c.axes(), c.correction(), c.keepDims()), c.x());
        gradients(x -> x.variance(x.shape().allAxes(), c.correction(), false), c.x());
    }

    @Property(tries = TRIES)
    void gradOfStd(@ForAll("distinct") Case c) {
        gradients(x -> x.std(c.axes(), c.correction(), c.keepDims()), c.x());
        gradients(x -> x.std(x.shape().allAxes(), c.correction(), false), c.x());
        if (c.axes().length == 1 && c.correction() == 0) {
            gradients(x -> x.std(c.axes()[0], c.keepDims()), c.x());
        }
    }

    /** The forms over several axes give what reducing the axes one at a time gives, and the kernels' values. */
    @Property(tries = TRIES)
    void severalAxesAgreeWithOneAtATime(@ForAll("any") Case c) {
        Node x = Node.constant(c.x());
        int[] sorted = c.axes().clone();
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = sorted[i] < 0 ? sorted[i] + c.x().rank() : sorted[i];
        }
        Arrays.sort(sorted);
        Node one = x;
        for (int i = sorted.length - 1; i >= 0; i--) {
            one = one.sum(sorted[i], c.keepDims());
        }
        Tensor several = x.sum(c.axes(), c.keepDims()).value();
        assertTrue(several.allClose(one.value(), 1e-12), () -> several + " vs " + c);
        assertEquals(c.x().variance(c.axes(), c.correction(), c.keepDims()),
                x.variance(c.axes(), c.correction(), c.keepDims()).value());
    }

    @Example
    void pytorchValuesAndGradients() {
        // torch.std(x, dim=1) and its gradient with output weights [1, 2]: the constant row gets 0, not NaN.
        Node x = Parameter.of("x", Tensor.of(new double[] {1, 2, 4, 3, 3, 3}, 2, 3)).node();
        Node s = x.std(new int[] {1}, 1, false);
        Node g = Autograd.grad(s.mul(Node.constant(Tensor.vector(1, 2))).sum(), x).get(0);
        List<Tensor> out = Program.of(s, g).run();
        assertArrayEquals(new double[] {1.5275252316519465, 0}, out.get(0).toArray(), 1e-15);
        assertArrayEquals(new double[] {-0.43643578047198484, -0.10910894511799625, 0.5455447255899809, 0, 0, 0},
                out.get(1).toArray(), 1e-15);
        // torch.var(x, dim=(0, 1), correction=1) and its gradient.
        Node v = x.variance(new int[] {0, 1}, 1, false);
        out = Program.of(v, Autograd.grad(v, x).get(0)).run();
        assertEquals(1.0666666666666669, out.get(0).item(), 1e-15);
        assertArrayEquals(new double[] {-0.6666666666666666, -0.2666666666666666, 0.5333333333333334,
            0.1333333333333334, 0.1333333333333334, 0.1333333333333334}, out.get(1).toArray(), 1e-15);
        Node second = Autograd.grad(Autograd.grad(x.std(x.shape().allAxes(), 1, false), x).get(0).sum(), x).get(0);
        assertTrue(Arrays.stream(second.value().toArray()).allMatch(Double::isFinite), "finite second derivatives");
    }

    @Example
    void noGradOfArgMaxAndArgMinKeepingTheAxis() {
        Node x = Parameter.of("x", Tensor.of(new double[] {1, 5, 2, 7, 0, 3}, 2, 3)).node();
        assertEquals(Tensor.of(new double[] {1, 0}, 2, 1), x.argmax(1, true).value());
        assertEquals(Tensor.of(new double[] {0, 1, 0}, 1, 3), x.argmin(0, true).value());
        assertTrue(Autograd.grad(x.argmax(-1, true).sum(), x).get(0).isZero());
    }

    @Example
    void badAxesAreRefusedWhenTheNodeIsBuilt() {
        Node x = Node.placeholder("x", 2, 0, 3);
        assertMessage("sum: axis 0 appears twice in [0, -3]", () -> x.sum(new int[] {0, -3}, false));
        assertMessage("mean: axis 3 out of range for rank 3", () -> x.mean(new int[] {0, 3}, true));
        assertMessage("logsumexp: axes [] name no axis; logsumexp() reduces every element",
                () -> x.logsumexp(new int[0], false));
        assertMessage("max: axes [1, 2] of [2, 0, 3] hold no elements and have no maximum",
                () -> x.max(new int[] {2, 1}, false));
        assertMessage("min: axis 1 of [2, 0, 3] is empty and has no minimum", () -> x.min(-2));
        assertMessage("std: correction must be finite and at least 0, got -1.0",
                () -> x.std(new int[] {0}, -1, false));
        assertMessage("variance: correction must be finite and at least 0, got NaN", () -> x.variance(x.shape().allAxes(), Double.NaN, false));
        assertEquals(Shape.of(2, 1, 1), x.variance(new int[] {1, 2}, 1, true).shape());
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
