package leibniz.nn;

import java.util.SplittableRandom;
import leibniz.autograd.Node;
import leibniz.autograd.check.GradCheck;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Gradients of every loss with respect to all of its differentiable inputs against central differences,
 * for every reduction, over random batch and class counts. The generators keep residuals away from
 * the kinks of |r| (mae, huber at r = 0 and |r| = δ) and probabilities inside (0, 1).
 */
class LossesProperties {
    private static final int TRIES = 20;

    private static Reduction reduction(SplittableRandom rng) {
        return Reduction.values()[rng.nextInt(3)];
    }

    @Property(tries = TRIES)
    void regressionLosses(@ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 3) int d,
                          @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Shape s = Shape.of(n, d);
        Tensor t = Checks.uniform(rng, s);
        Tensor p = t.add(Checks.awayFromZero(rng, s));
        Reduction r = reduction(rng);
        GradCheck.of(xs -> Losses.mse(xs.get(0), xs.get(1), r)).check(p, t);
        GradCheck.of(xs -> Losses.mae(xs.get(0), xs.get(1), r)).check(p, t);
        // residuals in ±[0.1, 1) with δ = 0.55 land on both branches, never within 0.001 of |r| = δ
        Tensor q = t.add(Checks.awayFromZero(rng, s).map(v -> Math.abs(Math.abs(v) - 0.55) < 1e-3 ? v * 1.1 : v));
        GradCheck.of(xs -> Losses.huber(xs.get(0), xs.get(1), 0.55, r)).check(q, t);
    }

    @Property(tries = TRIES)
    void binaryLosses(@ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 3) int d,
                      @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Shape s = Shape.of(n, d);
        Tensor probabilities = Checks.uniform(rng, s).mul(0.45).add(0.5);
        Tensor targets = Checks.uniform(rng, s).mul(0.5).add(0.5);
        Tensor logits = Checks.uniform(rng, s).mul(4);
        Reduction r = reduction(rng);
        GradCheck.of(xs -> Losses.binaryCrossEntropy(xs.get(0), xs.get(1), r)).check(probabilities, targets);
        GradCheck check = GradCheck.of(xs -> Losses.binaryCrossEntropyWithLogits(xs.get(0), xs.get(1), r));
        check.check(logits, targets);
        check.checkSecondOrder(logits.map(v -> Math.abs(v) < 0.1 ? v + 0.2 : v), targets);
    }

    @Property(tries = TRIES)
    void crossEntropyWithLabels(@ForAll @IntRange(min = 1, max = 4) int n,
                                @ForAll @IntRange(min = 1, max = 5) int classes, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Tensor logits = Checks.uniform(rng, Shape.of(n, classes)).mul(3);
        Node labels = Node.constant(Checks.indices(rng, Shape.of(n), classes));
        Reduction r = reduction(rng);
        GradCheck ce = GradCheck.of(xs -> Losses.crossEntropy(xs.get(0), labels, r));
        ce.check(logits);
        ce.checkSecondOrder(logits);
        GradCheck.of(xs -> Losses.nll(xs.get(0), labels, r)).check(logits);
    }

    @Property(tries = TRIES)
    void crossEntropyWithProbabilities(@ForAll @IntRange(min = 1, max = 4) int n,
                                       @ForAll @IntRange(min = 1, max = 5) int classes, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Shape s = Shape.of(n, classes);
        Tensor logits = Checks.uniform(rng, s).mul(3);
        Tensor scores = Checks.uniform(rng, s).add(1.5);
        Tensor probabilities = scores.div(scores.sum(1, true));
        Reduction r = reduction(rng);
        GradCheck.of(xs -> Losses.crossEntropy(xs.get(0), xs.get(1), r)).check(logits, probabilities);
    }
}
