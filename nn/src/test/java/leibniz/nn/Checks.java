package leibniz.nn;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import leibniz.autograd.Node;
import leibniz.autograd.check.GradCheck;
import leibniz.core.Shape;
import leibniz.core.Tensor;

/**
 * Gradient checks through a whole module in a chosen pass (training or evaluation), and random test
 * data: values, values away from 0, integer indices, shapes.
 */
final class Checks {
    private Checks() {
    }

    /** The gradient of {@code module(x)} with respect to x, a fresh context from {@code ctx} per build. */
    static void input(Module module, Supplier<Context> ctx, Tensor x) {
        GradCheck.of(xs -> module.forward(xs.get(0), ctx.get())).check(x);
    }

    /**
     * The gradient of {@code <r, module(x)>} with respect to each parameter against central differences
     * ({@link ParameterGradCheck}), a fresh context from {@code ctx}.
     */
    static void parameters(Module module, Supplier<Context> ctx, Tensor x) {
        ParameterGradCheck.checkParameters(module.forward(Node.constant(x), ctx.get()), module.parameters().values());
    }

    /** Values uniform in [-1, 1). */
    static Tensor uniform(SplittableRandom rng, Shape shape) {
        double[] v = new double[shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextDouble(-1, 1);
        }
        return Tensor.of(v, shape);
    }

    /** Values with |v| in [0.1, 1), random signs: away from the kinks at 0. */
    static Tensor awayFromZero(SplittableRandom rng, Shape shape) {
        double[] v = new double[shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (rng.nextBoolean() ? 1 : -1) * rng.nextDouble(0.1, 1);
        }
        return Tensor.of(v, shape);
    }

    /** Whole numbers in [0, bound). */
    static Tensor indices(SplittableRandom rng, Shape shape, int bound) {
        double[] v = new double[shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextInt(bound);
        }
        return Tensor.of(v, shape);
    }

    /** {@code lead} followed by {@code last}. */
    static Shape withLast(int[] lead, int last) {
        int[] d = Arrays.copyOf(lead, lead.length + 1);
        d[lead.length] = last;
        return Shape.of(d);
    }

    /** A shape of rank 0..maxRank with dimensions 1..maxDim. */
    static int[] dims(SplittableRandom rng, int maxRank, int maxDim) {
        int[] d = new int[rng.nextInt(maxRank + 1)];
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.nextInt(1, maxDim + 1);
        }
        return d;
    }
}
