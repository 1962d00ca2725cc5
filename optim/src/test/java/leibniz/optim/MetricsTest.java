package leibniz.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;

class MetricsTest {
    private static final Tensor SCORES = Tensor.matrix(new double[][] {{0.1, 0.9}, {0.8, 0.2}, {0.3, 0.7}, {0.6, 0.4}});

    @Test
    void accuracyComparesArgmaxWithClassIndices() {
        Metric acc = Metrics.accuracy();
        assertEquals("accuracy", acc.name());
        assertEquals(0.75, acc.value(SCORES, Tensor.vector(1, 0, 0, 0)));
        assertEquals(1.0, acc.value(SCORES, Tensor.vector(1, 0, 1, 0)));
    }

    @Test
    void accuracyComparesArgmaxWithOneHotRows() {
        Tensor oneHot = Tensor.oneHot(Tensor.vector(1, 0, 0, 0), 2);
        assertEquals(0.75, Metrics.accuracy().value(SCORES, oneHot));
    }

    @Test
    void accuracyRefusesMismatchedTargets() {
        assertEquals("accuracy: prediction [4, 2] needs targets [4] (class indices) or [4, 2] (one-hot), got [4, 3]",
                assertThrows(IllegalArgumentException.class,
                        () -> Metrics.accuracy().value(SCORES, Tensor.zeros(4, 3))).getMessage());
    }

    @Test
    void binaryAccuracyThresholdsAtOneHalf() {
        Metric acc = Metrics.binaryAccuracy();
        // 0.2 -> 0 right, 0.7 -> 1 right, 0.5 -> 1 wrong, 0.4 -> 0 wrong.
        assertEquals(0.5, acc.value(Tensor.vector(0.2, 0.7, 0.5, 0.4), Tensor.vector(0, 1, 0, 1)));
        assertEquals(0.5, acc.value(Tensor.of(new double[] {0.2, 0.7, 0.5, 0.4}, 4, 1),
                Tensor.of(new double[] {0, 1, 0, 1}, 4, 1)));
        assertEquals("binary_accuracy: needs predictions and targets [N] or [N, 1] of one N, got [4, 2] and [4]",
                assertThrows(IllegalArgumentException.class,
                        () -> acc.value(SCORES, Tensor.vector(0, 1, 0, 1))).getMessage());
    }

    @Test
    void meanAbsoluteErrorAndCustomMetrics() {
        assertEquals(1.5, Metrics.meanAbsoluteError().value(Tensor.vector(1, 2), Tensor.vector(3, 1)));
        Metric max = Metric.of("max_error", (p, t) -> p.sub(t).abs().max().item());
        assertEquals("max_error", max.name());
        assertEquals(2.0, max.value(Tensor.vector(1, 2), Tensor.vector(3, 1)));
    }
}
