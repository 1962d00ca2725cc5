package leibniz.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Sample mean and variance of each initializer against its formula, within statistical tolerance:
 * 60,000 draws put the sample mean within 5 standard errors (5σ/√n) of 0 and the sample variance
 * within 3% of the formula (5 standard errors of a sample variance are 2.9% for a normal, 1.8% for a
 * uniform); uniform draws also stay within their bound.
 */
class InitializersTest {
    private static final Shape SHAPE = Shape.of(200, 300);
    private static final int FAN_IN = 200;
    private static final int FAN_OUT = 300;

    private static Tensor draw(Initializer init) {
        return init.init(SHAPE, FAN_IN, FAN_OUT, new SplittableRandom(42));
    }

    private static void hasMoments(Initializer init, double mean, double variance) {
        Tensor w = draw(init);
        assertEquals(SHAPE, w.shape());
        double n = w.size();
        assertEquals(mean, w.mean().item(), 5 * Math.sqrt(variance / n));
        assertEquals(variance, w.variance().item(), 0.03 * variance);
    }

    private static void uniformWithin(Initializer init, double bound) {
        hasMoments(init, 0, bound * bound / 3);
        double max = draw(init).abs().max().item();
        assertTrue(max < bound && max > 0.99 * bound, "max |w| " + max + " for bound " + bound);
    }

    @Test
    void variancesMatchTheirFormulas() {
        uniformWithin(Initializers.xavierUniform(), Math.sqrt(6.0 / (FAN_IN + FAN_OUT)));
        uniformWithin(Initializers.xavierUniform(5.0 / 3), 5.0 / 3 * Math.sqrt(6.0 / (FAN_IN + FAN_OUT)));
        hasMoments(Initializers.xavierNormal(), 0, 2.0 / (FAN_IN + FAN_OUT));
        hasMoments(Initializers.xavierNormal(2), 0, 4 * 2.0 / (FAN_IN + FAN_OUT));
        uniformWithin(Initializers.kaimingUniform(), Math.sqrt(6.0 / FAN_IN));
        hasMoments(Initializers.kaimingNormal(), 0, 2.0 / FAN_IN);
        uniformWithin(Initializers.lecunUniform(), Math.sqrt(3.0 / FAN_IN));
        hasMoments(Initializers.lecunNormal(), 0, 1.0 / FAN_IN);
        uniformWithin(Initializers.fanInUniform(), 1 / Math.sqrt(FAN_IN));
        hasMoments(Initializers.normal(0.5, 0.2), 0.5, 0.04);
        hasMoments(Initializers.uniform(1, 3), 2, 4.0 / 12);
    }

    @Test
    void constantsAndZeros() {
        assertEquals(Tensor.zeros(SHAPE), draw(Initializers.zeros()));
        assertEquals(Tensor.full(Shape.of(2, 3), 0.5), Initializers.constant(0.5).init(Shape.of(2, 3), 2, 3, null));
    }

    @Test
    void theGeneratorDecidesTheDraw() {
        assertEquals(draw(Initializers.kaimingNormal()), draw(Initializers.kaimingNormal()));
        Tensor other = Initializers.kaimingNormal().init(SHAPE, FAN_IN, FAN_OUT, new SplittableRandom(43));
        assertTrue(!other.equals(draw(Initializers.kaimingNormal())));
    }

    @Test
    void messages() {
        assertEquals("kaimingNormal: fanIn must be positive, got 0", assertThrows(IllegalArgumentException.class,
                () -> Initializers.kaimingNormal().init(Shape.of(0, 3), 0, 3, new SplittableRandom(0))).getMessage());
        assertEquals("xavierUniform: fanIn and fanOut must be positive, got 3 and 0", assertThrows(
                IllegalArgumentException.class, () -> Initializers.xavierUniform().init(Shape.of(3, 0), 3, 0,
                        new SplittableRandom(0))).getMessage());
        assertEquals("xavierNormal: gain must be positive and finite, got -1.0", assertThrows(
                IllegalArgumentException.class, () -> Initializers.xavierNormal(-1)).getMessage());
        assertEquals("uniform initializer: bounds [1.0, 1.0) must be finite with lo < hi", assertThrows(
                IllegalArgumentException.class, () -> Initializers.uniform(1, 1)).getMessage());
        assertEquals("normal initializer: mean 0.0 and std -1.0 must be finite with std >= 0", assertThrows(
                IllegalArgumentException.class, () -> Initializers.normal(0, -1)).getMessage());
        assertEquals("constant initializer: value must be finite, got NaN", assertThrows(
                IllegalArgumentException.class, () -> Initializers.constant(Double.NaN)).getMessage());
    }
}
