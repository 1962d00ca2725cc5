package leibniz.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The tiled (A + Aᵀ)/2 against the element-by-element definition, across and off tile boundaries. */
class SymmetrizedTest {
    @Test
    void tilesGiveTheBitsOfTheDefinition() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int n : new int[] {1, 2, 31, 32, 33, 64, 70, 100}) {
            double[] a = rng.doubles((long) n * n, -1, 1).toArray();
            double[] expected = new double[n * n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    expected[i * n + j] = i == j ? a[i * n + i] : (a[i * n + j] + a[j * n + i]) / 2;
                }
            }
            assertArrayEquals(expected, Factorizations.symmetrized(a, n), "n = " + n);
        }
    }
}
