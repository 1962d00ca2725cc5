package leibniz.autograd.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/** The generators stay in their domain and produce what they promise, including the small cases. */
class TensorArbitrariesProperties {
    @Provide
    Arbitrary<Shape> smallShapes() {
        return TensorArbitraries.shapes(0, 3, 4);
    }

    @Provide
    Arbitrary<Tensor> values() {
        return TensorArbitraries.tensors(1, 2, 3, -1.5, 2.5);
    }

    @Provide
    Arbitrary<Tensor> awayFromKinks() {
        return TensorArbitraries.awayFrom(TensorArbitraries.tensors(0, 3, 4, -2, 2), 0.1, -1, 0, 1);
    }

    @Provide
    Arbitrary<ShapePair> pairs() {
        return TensorArbitraries.broadcastPairs(3, 4);
    }

    @Property(tries = 100)
    void shapesHaveTheirRankAndDimensions(@ForAll("smallShapes") Shape s) {
        assertTrue(s.rank() <= 3, s::toString);
        for (int d : s.dims()) {
            assertTrue(d >= 1 && d <= 4, s::toString);
        }
        Statistics.label("rank").collect(s.rank());
        Statistics.label("rank").coverage(c -> c.check(0).count(n -> n > 0));
        Statistics.label("has a 1").collect(hasOne(s));
        Statistics.label("has a 1").coverage(c -> c.check(true).count(n -> n > 0));
    }

    @Property(tries = 50)
    void tensorsStayInTheirRange(@ForAll("values") Tensor t) {
        assertTrue(t.rank() >= 1 && t.rank() <= 2, t.shape()::toString);
        for (double v : t.toArray()) {
            assertTrue(v >= -1.5 && v <= 2.5, t::toString);
        }
    }

    @Property(tries = 50)
    void awayFromKeepsTheMargin(@ForAll("awayFromKinks") Tensor t) {
        for (double v : t.toArray()) {
            for (double k : new double[] {-1, 0, 1}) {
                assertTrue(Math.abs(v - k) >= 0.1 - 1e-12, () -> v + " is near " + k);
            }
        }
    }

    @Property(tries = 100)
    void pairsBroadcast(@ForAll("pairs") ShapePair p) {
        Shape out = Shape.broadcast(p.a(), p.b(), "test");
        assertEquals(out, p.broadcast());
        assertTrue(out.rank() <= 3);
        Statistics.label("same shape").collect(p.a().equals(p.b()));
        Statistics.label("same shape").coverage(c -> c.check(false).count(n -> n > 20));
    }

    @Provide
    Arbitrary<Shape[]> broadcastingTo() {
        return TensorArbitraries.shapes(0, 3, 4).flatMap(full -> TensorArbitraries.broadcastingTo(full)
                .map(s -> new Shape[] {full, s}));
    }

    @Property(tries = 100)
    void broadcastingToBroadcastsToTheFullShape(@ForAll("broadcastingTo") Shape[] p) {
        assertEquals(p[0], Shape.broadcast(p[0], p[1], "test"));
        assertTrue(p[1].rank() <= p[0].rank());
    }

    @Provide
    Arbitrary<Tensor> indices() {
        return TensorArbitraries.shapes(0, 3, 4).flatMap(s -> TensorArbitraries.indices(s, 3));
    }

    @Property(tries = 50)
    void indicesAreWholeNumbersBelowTheBound(@ForAll("indices") Tensor t) {
        for (double v : t.toArray()) {
            assertTrue(v == Math.rint(v) && v >= 0 && v < 3, t::toString);
        }
    }

    @Provide
    Arbitrary<int[]> permutations() {
        return Arbitraries.integers().between(0, 5).flatMap(TensorArbitraries::permutations);
    }

    @Property(tries = 100)
    void permutationsAreEachAxisOnce(@ForAll("permutations") int[] p) {
        int[] sorted = p.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertEquals(i, sorted[i], () -> Arrays.toString(p));
        }
        Statistics.label("identity").collect(Arrays.equals(p, sorted));
        Statistics.label("identity").coverage(c -> c.check(false).count(n -> n > 20));
    }

    @Provide
    Arbitrary<Tensor> distinct() {
        return TensorArbitraries.distinct(0, 3, 4);
    }

    @Property(tries = 100)
    void distinctValuesAreApartAndInRange(@ForAll("distinct") Tensor t) {
        double[] v = t.toArray();
        Arrays.sort(v);
        for (int i = 0; i < v.length; i++) {
            assertTrue(v[i] >= -1 && v[i] <= 1, t::toString);
            double gap = i == 0 ? Double.POSITIVE_INFINITY : v[i] - v[i - 1];
            assertTrue(gap >= 0.8 / v.length - 1e-12, t::toString);
        }
    }

    @Example
    void refusesBadArguments() {
        assertEquals("shapes: need 0 <= minRank <= maxRank and maxDim >= 1, got minRank 2, maxRank 1, maxDim 3",
                assertThrows(IllegalArgumentException.class, () -> TensorArbitraries.shapes(2, 1, 3)).getMessage());
        assertEquals("tensors: need finite min <= max, got min 1.0 and max 0.0", assertThrows(
                IllegalArgumentException.class, () -> TensorArbitraries.tensors(Shape.of(2), 1, 0)).getMessage());
        assertEquals("awayFrom: kinks 0.0 and 0.1 are closer than twice the margin 0.1",
                assertThrows(IllegalArgumentException.class,
                        () -> TensorArbitraries.awayFrom(values(), 0.1, 0.1, 0)).getMessage());
        assertEquals("awayFrom: margin must be non-negative and finite, got -1.0", assertThrows(
                IllegalArgumentException.class, () -> TensorArbitraries.awayFrom(values(), -1, 0)).getMessage());
        assertEquals("indices: need a bound of at least 1 for [2], got 0",
                assertThrows(IllegalArgumentException.class, () -> TensorArbitraries.indices(Shape.of(2), 0))
                        .getMessage());
        assertEquals("permutations: need n >= 0, got -1",
                assertThrows(IllegalArgumentException.class, () -> TensorArbitraries.permutations(-1)).getMessage());
        assertEquals("ShapePair: [2, 3] and [4]: dimensions 3 and 4 do not broadcast",
                assertThrows(IllegalArgumentException.class,
                        () -> new ShapePair(Shape.of(2, 3), Shape.of(4))).getMessage());
    }

    private static boolean hasOne(Shape s) {
        for (int d : s.dims()) {
            if (d == 1) {
                return true;
            }
        }
        return false;
    }
}
