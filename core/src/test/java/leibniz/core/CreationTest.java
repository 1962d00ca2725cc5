package leibniz.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Making tensors, reading them back, and comparing them. */
class CreationTest {

    @Test
    void ofLaysValuesOutRowMajorAndCopiesThem() {
        double[] values = {1, 2, 3, 4, 5, 6};
        Tensor t = Tensor.of(values, 2, 3);
        values[0] = 99;
        assertEquals(Shape.of(2, 3), t.shape());
        assertEquals(1, t.get(0, 0));
        assertEquals(6, t.get(1, 2));
        assertEquals(4, t.get(1, 0));
        assertEquals(DType.F64, t.dtype());
        assertEquals(2, t.rank());
        assertEquals(6, t.size());
        assertMessage("of: 5 values do not fill shape [2, 3] (6 elements)", () -> Tensor.of(new double[5], 2, 3));
    }

    @Test
    void vectorMatrixAndScalar() {
        double[] v = {1, 2, 3};
        Tensor vec = Tensor.vector(v);
        v[1] = 99;
        assertEquals(Tensor.of(new double[] {1, 2, 3}, 3), vec);
        double[][] rows = {{1, 2}, {3, 4}, {5, 6}};
        Tensor mat = Tensor.matrix(rows);
        rows[0][0] = 99;
        assertEquals(Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 3, 2), mat);
        assertEquals(Shape.of(0, 0), Tensor.matrix(new double[0][]).shape());
        assertMessage("matrix: row 1 has 1 values, row 0 has 2",
                () -> Tensor.matrix(new double[][] {{1, 2}, {3}}));
        Tensor s = Tensor.scalar(2.5);
        assertEquals(Shape.scalar(), s.shape());
        assertEquals(2.5, s.item());
        assertEquals(2.5, s.get());
    }

    @Test
    void zerosOnesAndFull() {
        assertArrayEquals(new double[6], Tensor.zeros(2, 3).toArray());
        assertEquals(Shape.of(2, 3), Tensor.zeros(Shape.of(2, 3)).shape());
        assertArrayEquals(new double[] {1, 1, 1}, Tensor.ones(3).toArray());
        assertEquals(Tensor.ones(2, 2), Tensor.ones(Shape.of(2, 2)));
        assertEquals(Tensor.of(new double[] {7, 7}, 2, 1), Tensor.full(Shape.of(2, 1), 7));
        assertEquals(Tensor.scalar(0), Tensor.zeros());
        assertEquals(0, Tensor.zeros(4, 0).size());
    }

    @Test
    void arangeWithAStepAndWithACount() {
        assertEquals(Tensor.vector(0, 0.25, 0.5, 0.75), Tensor.arange(0, 1, 0.25));
        assertEquals(Tensor.vector(5, 3, 1), Tensor.arange(5, 0, -2));
        assertEquals(Tensor.vector(1, 2), Tensor.arange(1, 2.5, 1), "a partial last step still counts");
        assertEquals(Tensor.zeros(0), Tensor.arange(3, 3, 1));
        assertEquals(Tensor.zeros(0), Tensor.arange(3, 0, 1), "stepping away from stop gives nothing");
        assertEquals(Tensor.vector(0, 1, 2), Tensor.arange(3));
        assertEquals(Tensor.zeros(0), Tensor.arange(0));
        assertMessage("arange: start 0.0, stop 1.0, step 0.0: step must be finite and non-zero, bounds finite",
                () -> Tensor.arange(0, 1, 0));
        assertMessage("arange: start 0.0, stop Infinity, step 1.0: step must be finite and non-zero, bounds finite",
                () -> Tensor.arange(0, Double.POSITIVE_INFINITY, 1));
        assertMessage("arange: negative length -1", () -> Tensor.arange(-1));
    }

    @Test
    void linspaceIncludesBothEnds() {
        assertEquals(Tensor.vector(0, 0.25, 0.5, 0.75, 1), Tensor.linspace(0, 1, 5));
        assertEquals(Tensor.vector(3, 2, 1), Tensor.linspace(3, 1, 3));
        assertEquals(0.3, Tensor.linspace(0.1, 0.3, 7).toArray()[6], "the last value is stop exactly");
        assertEquals(Tensor.vector(2), Tensor.linspace(2, 5, 1));
        assertEquals(Tensor.zeros(0), Tensor.linspace(2, 5, 0));
        assertMessage("linspace: negative count -2", () -> Tensor.linspace(0, 1, -2));
    }

    @Test
    void eyeIsTheIdentity() {
        assertEquals(Tensor.matrix(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}), Tensor.eye(3));
        assertEquals(Shape.of(0, 0), Tensor.eye(0).shape());
        assertMessage("eye: negative size -3", () -> Tensor.eye(-3));
    }

    @Test
    void theSameSeedGivesTheSameTensor() {
        assertEquals(Tensor.uniform(7, -1, 1, 4, 5), Tensor.uniform(7, -1, 1, 4, 5));
        assertEquals(Tensor.normal(7, 0, 1, 4, 5), Tensor.normal(7, 0, 1, 4, 5));
        assertNotEquals(Tensor.uniform(7, -1, 1, 4, 5), Tensor.uniform(8, -1, 1, 4, 5));
        assertNotEquals(Tensor.normal(7, 0, 1, 20), Tensor.normal(8, 0, 1, 20));
        assertEquals(Tensor.uniform(7, -1, 1, 3), Tensor.uniform(new SplittableRandom(7), -1, 1, 3),
                "a seed is shorthand for a SplittableRandom with that seed");
        assertEquals(Tensor.normal(7, 0, 1, 3), Tensor.normal(new SplittableRandom(7), 0, 1, 3));
    }

    @Test
    void uniformSamplesHaveTheRightRangeMeanAndVariance() {
        double[] x = Tensor.uniform(new SplittableRandom(42), 2, 5, 100_000).toArray();
        for (double v : x) {
            assertTrue(v >= 2 && v < 5, () -> "sample " + v + " outside [2, 5)");
        }
        // Standard errors are about 0.003 for the mean 3.5 and 0.002 for the variance 9/12: allow ~7 of them.
        assertEquals(3.5, mean(x), 0.02);
        assertEquals(0.75, variance(x), 0.015);
    }

    @Test
    void normalSamplesHaveTheRightMeanAndVariance() {
        double[] x = Tensor.normal(new SplittableRandom(42), 1, 2, 100_000).toArray();
        // Standard errors are about 0.006 for the mean and 0.018 for the variance 4.
        assertEquals(1, mean(x), 0.04);
        assertEquals(4, variance(x), 0.12);
        assertEquals(Tensor.full(Shape.of(3), 1.5), Tensor.normal(1, 1.5, 0, 3), "std 0 is the mean exactly");
    }

    @Test
    void randomFactoriesRefuseBadParameters() {
        assertMessage("uniform: bounds [1.0, 1.0) must be finite with lo < hi", () -> Tensor.uniform(1, 1, 1, 3));
        assertMessage("uniform: bounds [0.0, Infinity) must be finite with lo < hi",
                () -> Tensor.uniform(1, 0, Double.POSITIVE_INFINITY, 3));
        assertMessage("normal: mean 0.0 and std -1.0 must be finite with std >= 0", () -> Tensor.normal(1, 0, -1, 3));
        assertMessage("normal: mean NaN and std 1.0 must be finite with std >= 0",
                () -> Tensor.normal(1, Double.NaN, 1, 3));
    }

    @Test
    void accessorsCopyAndCheckTheirArguments() {
        Tensor t = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
        t.toArray()[0] = 99;
        assertEquals(1, t.get(0, 0), "toArray hands out a copy");
        assertEquals(5, Tensor.of(new double[] {5}, 1, 1).item());
        assertMessage("item: needs a single element, got shape [2, 2]", t::item);
        assertMessage("get: index [0] has 1 coordinates for shape [2, 2]", () -> t.get(0));
        assertMessage("get: index [0, 2] out of bounds for shape [2, 2]", () -> t.get(0, 2));
        assertMessage("get: index [-1, 0] out of bounds for shape [2, 2]", () -> t.get(-1, 0));
    }

    @Test
    void allCloseComparesWithinToleranceAndMatchesNaNs() {
        Tensor a = Tensor.vector(1, 100, Double.NaN);
        assertTrue(a.allClose(Tensor.vector(1 + 1e-9, 100, Double.NaN), 1e-8));
        assertFalse(a.allClose(Tensor.vector(1 + 1e-7, 100, Double.NaN), 1e-8));
        assertTrue(a.allClose(Tensor.vector(1, 100.5, Double.NaN), 0.01, 0), "relative to the second tensor");
        assertFalse(a.allClose(Tensor.vector(1, 102, Double.NaN), 0.01, 0));
        assertFalse(a.allClose(Tensor.vector(1, 100, 0), 1), "NaN only matches NaN");
        assertFalse(a.allClose(Tensor.of(new double[] {1, 100, Double.NaN}, 3, 1), 1), "shapes must agree");
        double inf = Double.POSITIVE_INFINITY;
        assertTrue(Tensor.vector(inf).allClose(Tensor.vector(inf), 0));
        assertFalse(Tensor.vector(inf).allClose(Tensor.vector(-inf), 1));
    }

    @Test
    void equalsComparesShapesAndValuesExactly() {
        Tensor a = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
        assertEquals(a, Tensor.matrix(new double[][] {{1, 2}, {3, 4}}));
        assertEquals(a.hashCode(), Tensor.matrix(new double[][] {{1, 2}, {3, 4}}).hashCode());
        assertNotEquals(a, Tensor.of(new double[] {1, 2, 3, 4}, 4));
        assertNotEquals(a, Tensor.of(new double[] {1, 2, 3, 4 + 1e-15}, 2, 2));
        assertNotEquals(Tensor.scalar(1), Tensor.vector(1));
        assertEquals(Tensor.scalar(Double.NaN), Tensor.scalar(Double.NaN), "equals is a value identity, NaN included");
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    private static double variance(double[] x) {
        double m = mean(x);
        double s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return s / x.length;
    }

    private static void assertMessage(String expected, Executable call) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
