package leibniz.nn;

import java.util.function.Function;
import leibniz.autograd.Node;
import leibniz.autograd.check.GradCheck;
import leibniz.autograd.check.TensorArbitraries;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Gradients of every loss with respect to all of its differentiable inputs against central differences,
 * for every reduction, over random batch and class counts. The generators keep residuals away from
 * the kinks of |r| (mae, huber at r = 0 and |r| = δ) and probabilities inside (0, 1).
 */
class LossesProperties {
    private static final int TRIES = 20;

    /** What {@code draw} makes of a shape [n, columns], n from 1 to 4, columns from 1 to {@code maxColumns}. */
    private static <T> Arbitrary<T> batches(int maxColumns, Function<Shape, Arbitrary<T>> draw) {
        return Combinators.combine(Arbitraries.integers().between(1, 4), Arbitraries.integers().between(1, maxColumns))
                .flatAs((n, columns) -> draw.apply(Shape.of(n, columns)));
    }

    /** Targets t and two residuals e and f with |e|, |f| in [0.1, 1]: away from the kink of |r| at 0. */
    record Regression(Tensor t, Tensor e, Tensor f) {}

    @Provide
    Arbitrary<Regression> regressions() {
        return batches(3, s -> Combinators.combine(Checks.uniform(s), Checks.awayFromZero(s), Checks.awayFromZero(s))
                .as(Regression::new));
    }

    @Property(tries = TRIES)
    void regressionLosses(@ForAll("regressions") Regression c, @ForAll Reduction r) {
        Tensor t = c.t();
        Tensor p = t.add(c.e());
        GradCheck.of(xs -> Losses.mse(xs.get(0), xs.get(1), r)).check(p, t);
        GradCheck.of(xs -> Losses.mae(xs.get(0), xs.get(1), r)).check(p, t);
        // residuals in ±[0.1, 1] with δ = 0.55 land on both branches, never within 0.001 of |r| = δ
        Tensor q = t.add(c.f().map(v -> Math.abs(Math.abs(v) - 0.55) < 1e-3 ? v * 1.1 : v));
        GradCheck.of(xs -> Losses.huber(xs.get(0), xs.get(1), 0.55, r)).check(q, t);
    }

    /** Probabilities in [0.05, 0.95], targets in [0, 1] and logits in [-4, 4], of one shape. */
    record Binary(Tensor probabilities, Tensor targets, Tensor logits) {}

    @Provide
    Arbitrary<Binary> binaries() {
        return batches(3, s -> Combinators.combine(Checks.uniform(s), Checks.uniform(s), Checks.uniform(s))
                .as((a, b, c) -> new Binary(a.mul(0.45).add(0.5), b.mul(0.5).add(0.5), c.mul(4))));
    }

    @Property(tries = TRIES)
    void binaryLosses(@ForAll("binaries") Binary c, @ForAll Reduction r) {
        Tensor targets = c.targets();
        Tensor logits = c.logits();
        GradCheck.of(xs -> Losses.binaryCrossEntropy(xs.get(0), xs.get(1), r)).check(c.probabilities(), targets);
        GradCheck check = GradCheck.of(xs -> Losses.binaryCrossEntropyWithLogits(xs.get(0), xs.get(1), r));
        check.check(logits, targets);
        check.checkSecondOrder(logits.map(v -> Math.abs(v) < 0.1 ? v + 0.2 : v), targets);
    }

    /** Logits in [-3, 3] for n rows of 1 to 5 classes, class labels, and scores in [0.5, 2.5] for each class. */
    record Classes(Tensor logits, Tensor labels, Tensor scores) {}

    @Provide
    Arbitrary<Classes> classes() {
        return batches(5, s -> Combinators.combine(Checks.uniform(s),
                TensorArbitraries.indices(Shape.of(s.dim(0)), s.dim(1)), Checks.uniform(s))
                .as((l, y, p) -> new Classes(l.mul(3), y, p.add(1.5))));
    }

    @Property(tries = TRIES)
    void crossEntropyWithLabels(@ForAll("classes") Classes c, @ForAll Reduction r) {
        Tensor logits = c.logits();
        Node labels = Node.constant(c.labels());
        GradCheck ce = GradCheck.of(xs -> Losses.crossEntropy(xs.get(0), labels, r));
        ce.check(logits);
        ce.checkSecondOrder(logits);
        GradCheck.of(xs -> Losses.nll(xs.get(0), labels, r)).check(logits);
    }

    @Property(tries = TRIES)
    void crossEntropyWithProbabilities(@ForAll("classes") Classes c, @ForAll Reduction r) {
        Tensor scores = c.scores();
        Tensor probabilities = scores.div(scores.sum(1, true));
        GradCheck.of(xs -> Losses.crossEntropy(xs.get(0), xs.get(1), r)).check(c.logits(), probabilities);
    }
}
