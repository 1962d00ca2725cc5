package leibniz.autograd;

import java.util.List;
import java.util.SplittableRandom;
import leibniz.core.DType;
import leibniz.core.Shape;
import leibniz.core.Tensor;

/**
 * Random draws as pure functions of visible state: the op holds a seed, and its input is a scalar
 * counter, usually a {@link Parameter} that each training step increments. The same seed and counter
 * value always give the same draw, so the randomness of a run is part of what a checkpoint saves, two
 * runs with the same seed match, and no op holds a generator whose position nothing could save.
 */
final class RandomOps {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private RandomOps() {
    }

    /** An op whose value is a random draw: the compiler may merge equal draws but never computes one ahead of a run. */
    interface Draw extends BuiltIn {
    }

    /**
     * out = independent draws, 1 with probability p and 0 otherwise, from a generator seeded with
     * mix(seed, counter). The mask is data: no gradient flows into the counter (nor a tangent), and the VJP
     * of {@code x ⊙ mask} is {@code g ⊙ mask} by the product rule, with the mask of the same run. A batch of
     * counters draws each example's mask from its own counter, exactly as one example at a time would.
     */
    record Bernoulli(Shape maskShape, double p, long seed) implements Draw, NoGradient {
        static Bernoulli of(Shape shape, double p, long seed) {
            if (shape == null) {
                throw new IllegalArgumentException("bernoulli: a shape is required");
            }
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("bernoulli: p must be in [0, 1], got " + p);
            }
            return new Bernoulli(shape, p, seed);
        }

        public String name() {
            return "bernoulli";
        }

        public Shape shape(Shape... in) {
            if (in.length != 1 || in[0].rank() != 0) {
                throw new IllegalArgumentException("bernoulli: the counter must be a scalar, got "
                        + (in.length == 1 ? in[0].toString() : in.length + " inputs"));
            }
            return maskShape;
        }

        /** An F64 mask whatever the counter's type; a layer converts it to its input's type. */
        public DType dtype(DType[] in, Shape[] shapes) {
            return DType.F64;
        }

        public Tensor forward(Tensor... in) {
            // A fresh generator per evaluation: nothing carries over from one run to the next but the counter.
            SplittableRandom rng = new SplittableRandom(mix(seed, in[0].item()));
            double[] d = new double[maskShape.size()];
            for (int i = 0; i < d.length; i++) {
                d[i] = rng.nextDouble() < p ? 1 : 0;
            }
            return Tensor.of(d, maskShape);
        }

        /** One draw per counter: a generator is seeded by one counter, so the batch is B draws side by side. */
        public Node batch(Node out, List<Node> in, boolean[] batched) {
            Node counters = in.get(0);
            int size = counters.shape().dim(0);
            if (size == 0) {
                return Node.constant(Tensor.zeros(Batching.shape(0, maskShape)));
            }
            Node[] masks = new Node[size];
            for (int b = 0; b < size; b++) {
                masks[b] = Node.apply(this, Batching.example(counters, b));
            }
            return Node.stack(0, masks);
        }
    }

    /**
     * A generator seed for draw number {@code counter} of the stream {@code seed}. Both are scattered by
     * SplitMix64's finaliser, so neighbouring seeds and neighbouring counters give unrelated draws; every
     * distinct counter value (by its bits) has its own draw.
     */
    static long mix(long seed, double counter) {
        return mix64(mix64(seed) + GOLDEN * (Double.doubleToLongBits(counter) + 1));
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
