package leibniz.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The error function against CPython's {@code math.erf} (an independent implementation) and its own laws. */
class ErfTest {
    private static final double[][] REFERENCE = {
        {0.0, 0.0}, {1e-10, 1.1283791670955126e-10}, {0.1, 0.1124629160182849}, {0.5, 0.5204998778130465},
        {1.0, 0.8427007929497149}, {1.5, 0.9661051464753108}, {2.0, 0.9953222650189527},
        {2.4999, 0.9995928300996666}, {2.5, 0.999593047982555}, {3.0, 0.9999779095030014},
        {4.0, 0.9999999845827421}, {5.5, 0.9999999999999927}, {6.5, 1.0}, {-0.7, -0.6778011938374184},
        {-3.2, -0.9999939742388483},
    };

    @Test
    void matchesReferenceValues() {
        for (double[] r : REFERENCE) {
            assertEquals(r[1], Erf.erf(r[0]), 2e-15 * Math.max(Math.abs(r[1]), 1e-300), "erf(" + r[0] + ")");
        }
    }

    @Test
    void isOddBoundedAndIncreasing() {
        SplittableRandom rng = new SplittableRandom(1);
        double previous = -1;
        for (double x = -7; x <= 7; x += 0.01) {
            double y = Erf.erf(x);
            assertTrue(y >= previous && Math.abs(y) <= 1, "erf(" + x + ") = " + y);
            previous = y;
        }
        for (int i = 0; i < 1000; i++) {
            double x = rng.nextDouble(-8, 8);
            assertEquals(-Erf.erf(x), Erf.erf(-x), 0);
        }
        assertEquals(1, Erf.erf(Double.POSITIVE_INFINITY), 0);
        assertTrue(Double.isNaN(Erf.erf(Double.NaN)));
    }

    @Test
    void tensorFacadeAppliesItElementwise() {
        Tensor x = Tensor.of(new double[] {0.5, -1, 2, 0}, 2, 2);
        Tensor expected = Tensor.of(new double[] {0.5204998778130465, -0.8427007929497149, 0.9953222650189527, 0},
                2, 2);
        assertTrue(expected.allClose(x.erf(), 2e-15, 0), x.erf()::toString);
    }
}
