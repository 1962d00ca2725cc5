package leibniz.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import leibniz.core.Generators.AxisCase;
import leibniz.core.Reductions.Kind;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The reductions against naive loops over explicit multi-indices, and the laws that tie them together. */
class ReductionsProperties {

    @Property(tries = 200)
    void allMatchesANaiveLoop(@ForAll("tensors") Tensor x, @ForAll Kind k) {
        Shape s = x.shape();
        if (x.size() == 0 && k.needsElement()) {
            String extremum = k == Kind.MAX || k == Kind.ARGMAX ? "maximum" : "minimum";
            assertEquals(k.opName + ": empty tensor " + s + " has no " + extremum,
                    assertThrows(IllegalArgumentException.class, () -> Reductions.all(x, k)).getMessage());
            return;
        }
        Tensor out = Reductions.all(x, k);
        assertEquals(Shape.scalar(), out.shape);
        double expected = naive(x.data, k);
        assertClose(expected, out.item(), k.toString());
    }

    @Property(tries = 200)
    void alongMatchesANaiveLoop(@ForAll("axisCases") AxisCase c, @ForAll boolean keepDims, @ForAll Kind k) {
        Tensor x = c.x();
        int[] dims = x.shape().dims();
        int a = c.axis() < 0 ? c.axis() + dims.length : c.axis();
        if (dims[a] == 0 && k.needsElement()) {
            String extremum = k == Kind.MAX || k == Kind.ARGMAX ? "maximum" : "minimum";
            assertEquals(k.opName + ": axis " + c.axis() + " of " + x.shape() + " is empty and has no " + extremum,
                    assertThrows(IllegalArgumentException.class,
                            () -> Reductions.along(x, c.axis(), keepDims, k)).getMessage());
            return;
        }
        Tensor out = Reductions.along(x, c.axis(), keepDims, k);
        int[] outDims = new int[dims.length - 1];
        for (int i = 0, j = 0; i < dims.length; i++) {
            if (i != a) {
                outDims[j++] = dims[i];
            }
        }
        int[] expectedDims = dims.clone();
        expectedDims[a] = 1;
        assertEquals(keepDims ? Shape.of(expectedDims) : Shape.of(outDims), out.shape);
        for (int o = 0; o < out.size(); o++) {
            int[] outIndex = Generators.unravel(o, outDims);
            double[] line = new double[dims[a]];
            for (int i = 0; i < line.length; i++) {
                int[] index = new int[dims.length];
                for (int d = 0, j = 0; d < dims.length; d++) {
                    index[d] = d == a ? i : outIndex[j++];
                }
                line[i] = x.data[Generators.ravel(index, dims)];
            }
            double expected = naive(line, k);
            assertClose(expected, out.data[o], k + " at output " + Arrays.toString(outIndex));
        }
    }

    /** The reduction of {@code v} the slow, obvious way; arg-reductions give the first extreme position. */
    private static double naive(double[] v, Kind k) {
        double sum = 0;
        for (double e : v) {
            sum += e;
        }
        int argmax = 0;
        int argmin = 0;
        for (int i = 0; i < v.length; i++) {
            argmax = v[i] > v[argmax] ? i : argmax;
            argmin = v[i] < v[argmin] ? i : argmin;
        }
        double mean = sum / v.length;
        return switch (k) {
            case SUM -> sum;
            case MEAN -> mean;
            case MAX -> v[argmax];
            case MIN -> v[argmin];
            case ARGMAX -> argmax;
            case ARGMIN -> argmin;
            case LOGSUMEXP -> v.length == 0 ? Double.NEGATIVE_INFINITY : logSumExp(v, v[argmax]);
            case VARIANCE, STD -> {
                double s = 0;
                for (double e : v) {
                    s += (e - mean) * (e - mean);
                }
                yield k == Kind.STD ? Math.sqrt(s / v.length) : s / v.length;
            }
        };
    }

    /** Equal to a relative 1e-12, or both NaN, or the same infinity. */
    private static void assertClose(double expected, double actual, String what) {
        double tol = Double.isFinite(expected) ? 1e-12 * (1 + Math.abs(expected)) : 0;
        assertEquals(expected, actual, tol, what);
    }

    private static double logSumExp(double[] v, double m) {
        double s = 0;
        for (double e : v) {
            s += Math.exp(e - m);
        }
        return m + Math.log(s);
    }

    @Property(tries = 100)
    void summingEachAxisThenTheRestGivesTheTotal(@ForAll("axisCases") AxisCase c) {
        Tensor x = c.x();
        double total = x.sum().item();
        assertEquals(total, x.sum(c.axis()).sum().item(), 1e-12 * (1 + x.abs().sum().item()));
        assertEquals(total, x.sum(c.axis(), true).sum().item(), 1e-12 * (1 + x.abs().sum().item()));
    }

    @Property(tries = 100)
    void keepDimsKeepsTheAxisAsSizeOneWithTheSameValues(@ForAll("axisCases") AxisCase c) {
        Tensor x = c.x();
        for (Kind k : new Kind[] {Kind.SUM, Kind.MEAN, Kind.LOGSUMEXP, Kind.VARIANCE, Kind.STD}) {
            Tensor kept = Reductions.along(x, c.axis(), true, k);
            Tensor dropped = Reductions.along(x, c.axis(), false, k);
            assertEquals(x.shape().withDim(c.axis(), 1), kept.shape);
            assertEquals(x.shape().without(c.axis()), dropped.shape);
            assertArrayEquals(dropped.data, kept.data);
        }
    }

    @Property(tries = 100)
    void logsumexpIsStableFarFromZero(@ForAll("axisCases") AxisCase c, @ForAll boolean positive) {
        double centre = positive ? 1000 : -1000;
        Tensor x = c.x().add(centre);
        if (x.size() == 0) {
            return;
        }
        double[] v = x.data;
        double m = Double.NEGATIVE_INFINITY;
        for (double e : v) {
            m = Math.max(m, e);
        }
        double out = x.logsumexp().item();
        assertTrue(Double.isFinite(out), () -> "logsumexp = " + out);
        assertEquals(logSumExp(v, m), out, 1e-12 * Math.abs(out));
        for (double e : x.logsumexp(c.axis()).data) {
            assertTrue(Double.isFinite(e) && Math.abs(e - centre) < 10, () -> "logsumexp along the axis = " + e);
        }
    }

    @Provide
    Arbitrary<Tensor> tensors() {
        return Generators.tensors(Generators.shapes());
    }

    @Provide
    Arbitrary<AxisCase> axisCases() {
        return Generators.axisCases();
    }
}
