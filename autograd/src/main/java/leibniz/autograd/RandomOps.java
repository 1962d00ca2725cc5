package leibniz.autograd;

import java.util.List;
import java.util.SplittableRandom;
import leibniz.core.Shape;
import leibniz.core.Tensor;

/**
 * Ops with no inputs that draw fresh random values each time they are evaluated. They are not
 * constants: a {@link Program} evaluates them on every run, and anything that folds constants or
 * merges equal subexpressions must leave them alone (two draws are equal only if they are the same op).
 */
final class RandomOps {
    private RandomOps() {
    }

    /**
     * out = independent draws, 1 with probability p and 0 otherwise, new on every evaluation. No inputs,
     * so no gradient: the mask is data, and the VJP of {@code x ⊙ mask} is {@code g ⊙ mask} by the product
     * rule. The generator is the op's own, so a seed reproduces the sequence of masks.
     */
    record Bernoulli(Shape maskShape, double p, SplittableRandom rng) implements Op {
        static Bernoulli of(Shape shape, double p, long seed) {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("bernoulli: p must be in [0, 1], got " + p);
            }
            return new Bernoulli(shape, p, new SplittableRandom(seed));
        }

        public String name() {
            return "bernoulli";
        }

        public Shape shape(Shape... in) {
            return maskShape;
        }

        public Tensor forward(Tensor... in) {
            double[] d = new double[maskShape.size()];
            synchronized (rng) { // SplittableRandom is not thread-safe, and one program may be run from several
                for (int i = 0; i < d.length; i++) {
                    d[i] = rng.nextDouble() < p ? 1 : 0;
                }
            }
            return Tensor.of(d, maskShape);
        }

        public List<Node> vjp(Node out, Node g) {
            return List.of();
        }

        @Override
        public boolean differentiable() {
            return false;
        }
    }
}
