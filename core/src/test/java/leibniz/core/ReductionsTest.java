package leibniz.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Reductions on values worked out by hand, the edge cases of empty and infinite input, and every refusal. */
class ReductionsTest {
    private final Tensor m = Tensor.matrix(new double[][] {{1, 5, 5}, {7, 0, -2}});

    @Test
    void reducesAMatrixAllAtOnceAndAlongEachAxis() {
        assertEquals(16, m.sum().item());
        assertEquals(16.0 / 6, m.mean().item());
        assertEquals(7, m.max().item());
        assertEquals(-2, m.min().item());
        assertEquals(3, m.argmax().item(), "the flat index of 7");
        assertEquals(5, m.argmin().item(), "the flat index of -2");
        assertEquals(Tensor.vector(8, 5, 3), m.sum(0));
        assertEquals(Tensor.of(new double[] {11, 5}, 2, 1), m.sum(-1, true));
        assertEquals(Tensor.vector(1, 0), m.argmax(1), "the first of the tied fives");
        assertEquals(Tensor.vector(0, 2), m.argmin(1));
        assertEquals(Tensor.vector(5, 7), m.max(1));
        assertEquals(Tensor.vector(1, 0, -2), m.min(0));
        assertEquals(Tensor.vector(11.0 / 3, 5.0 / 3), m.mean(1));
        assertEquals(Tensor.vector(9, 6.25, 12.25), m.variance(0));
    }

    @Test
    void logsumexpOfKnownValues() {
        assertEquals(Math.log(3), Tensor.zeros(3).logsumexp().item(), 1e-15);
        assertEquals(1000 + Math.log(2), Tensor.vector(1000, 1000).logsumexp().item(), 1e-12);
        assertEquals(-1000 + Math.log(1 + Math.exp(-1)), Tensor.vector(-1000, -1001).logsumexp().item(), 1e-12);
    }

    @Test
    void logsumexpOfInfinitiesIsTheInfinityNotNaN() {
        double inf = Double.POSITIVE_INFINITY;
        assertEquals(-inf, Tensor.vector(-inf, -inf).logsumexp().item());
        assertEquals(inf, Tensor.vector(1, inf, -inf).logsumexp().item());
        assertEquals(2, Tensor.vector(2, -inf).logsumexp().item());
        Tensor rows = Tensor.matrix(new double[][] {{-inf, -inf}, {0, 0}});
        assertArrayEquals(new double[] {-inf, Math.log(2)}, rows.logsumexp(1).toArray(), 1e-15);
    }

    @Test
    void varianceIsComputedInTwoPassesSoLargeOffsetsDoNotCancel() {
        // E[x²] − E[x]² would lose every digit here: x² ≈ 1e18 has an ulp of 128.
        assertEquals(2.0 / 3, Tensor.vector(1e9, 1e9 + 1, 1e9 + 2).variance().item(), 1e-9);
        assertEquals(0, Tensor.full(Shape.of(5), 0.1).variance().item(), 1e-30);
    }

    @Test
    void nanPropagatesThroughMaxAndArgmaxFindsIt() {
        Tensor x = Tensor.vector(1, Double.NaN, 3, Double.NaN);
        assertEquals(Double.NaN, x.max().item());
        assertEquals(Double.NaN, x.min().item());
        assertEquals(1, x.argmax().item());
        assertEquals(1, x.argmin().item());
    }

    @Test
    void emptyTensorsHaveASumMeanAndLogsumexpButNoExtremes() {
        Tensor e = Tensor.zeros(0, 3);
        assertEquals(0, e.sum().item());
        assertEquals(Double.NaN, e.mean().item());
        assertEquals(Double.NaN, e.variance().item());
        assertEquals(Double.NEGATIVE_INFINITY, e.logsumexp().item());
        assertEquals(Tensor.zeros(3), e.sum(0));
        assertEquals(Tensor.zeros(0), e.sum(1));
        assertEquals(Tensor.zeros(0), e.max(1), "the reduced axis has 3 elements; there are just no rows");
        assertArrayEquals(new double[] {Double.NaN, Double.NaN, Double.NaN}, e.mean(0).toArray());
    }

    @Test
    void refusesTheExtremesOfNothing() {
        assertMessage("max: empty tensor [0, 3] has no maximum", () -> Tensor.zeros(0, 3).max());
        assertMessage("min: empty tensor [0, 3] has no minimum", () -> Tensor.zeros(0, 3).min());
        assertMessage("argmax: empty tensor [0] has no maximum", () -> Tensor.zeros(0).argmax());
        assertMessage("argmin: empty tensor [2, 0] has no minimum", () -> Tensor.zeros(2, 0).argmin());
        assertMessage("max: axis 1 of [3, 0] is empty and has no maximum", () -> Tensor.zeros(3, 0).max(1));
        assertMessage("argmin: axis -2 of [0, 3] is empty and has no minimum",
                () -> Tensor.zeros(0, 3).argmin(-2, true));
    }

    @Test
    void refusesAxesOutOfRange() {
        assertMessage("sum: axis 3 out of range for rank 2", () -> m.sum(3));
        assertMessage("logsumexp: axis -3 out of range for rank 2", () -> m.logsumexp(-3));
        assertMessage("variance: axis 2 out of range for rank 2", () -> m.variance(2, true));
        assertMessage("max: axis 0 out of range for rank 0", () -> Tensor.scalar(1).max(0));
        assertMessage("argmax: axis -1 out of range for rank 0", () -> Tensor.scalar(1).argmax(-1));
    }

    @Test
    void reducingAScalarEntirelyGivesItBack() {
        Tensor s = Tensor.scalar(4);
        assertEquals(s, s.sum());
        assertEquals(s, s.max());
        assertEquals(Tensor.scalar(0), s.argmin());
        assertEquals(Tensor.scalar(0), s.variance());
        assertEquals(s, s.logsumexp());
    }

    @Test
    void leavesTheInputUntouched() {
        double[] before = m.toArray();
        m.variance(0);
        m.logsumexp(1);
        m.argmax();
        assertArrayEquals(before, m.toArray());
    }

    private static void assertMessage(String expected, Executable call) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
