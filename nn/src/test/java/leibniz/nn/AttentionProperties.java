package leibniz.nn;

import static leibniz.nn.ConvolutionProperties.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import leibniz.autograd.Node;
import leibniz.autograd.check.GradCheck;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Scaled dot-product and multi-head attention: a naive reference, causality, gradients, errors. */
class AttentionProperties {

    /** softmax(q kᵀ / √d) v for one batch row, with plain loops. */
    private static double[][] naive(Tensor q, Tensor k, Tensor v, int b, boolean causal) {
        int t = q.shape().dim(1);
        int s = k.shape().dim(1);
        int d = q.shape().dim(2);
        int dv = v.shape().dim(2);
        double[][] out = new double[t][dv];
        for (int i = 0; i < t; i++) {
            double[] w = new double[s];
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < s && (!causal || j <= i); j++) {
                for (int e = 0; e < d; e++) {
                    w[j] += q.get(b, i, e) * k.get(b, j, e) / Math.sqrt(d);
                }
                max = Math.max(max, w[j]);
            }
            double total = 0;
            for (int j = 0; j < s; j++) {
                w[j] = causal && j > i ? 0 : Math.exp(w[j] - max);
                total += w[j];
            }
            for (int j = 0; j < s; j++) {
                for (int e = 0; e < dv; e++) {
                    out[i][e] += w[j] / total * v.get(b, j, e);
                }
            }
        }
        return out;
    }

    @Property(tries = 20)
    void scaledDotProductMatchesNaiveLoops(@ForAll long seed, @ForAll boolean causal) {
        SplittableRandom rng = new SplittableRandom(seed);
        int batch = 1 + rng.nextInt(2);
        int t = 1 + rng.nextInt(4);
        int s = causal ? t + rng.nextInt(2) : 1 + rng.nextInt(4);
        int d = 1 + rng.nextInt(3);
        int dv = 1 + rng.nextInt(3);
        Tensor q = Tensor.uniform(rng, -2, 2, batch, t, d);
        Tensor k = Tensor.uniform(rng, -2, 2, batch, s, d);
        Tensor v = Tensor.uniform(rng, -2, 2, batch, s, dv);
        Tensor out = Attention.scaledDotProduct(Node.constant(q), Node.constant(k), Node.constant(v), causal).value();
        assertEquals(Shape.of(batch, t, dv), out.shape());
        for (int b = 0; b < batch; b++) {
            double[][] expected = naive(q, k, v, b, causal);
            for (int i = 0; i < t; i++) {
                for (int e = 0; e < dv; e++) {
                    assertEquals(expected[i][e], out.get(b, i, e), 1e-12);
                }
            }
        }
    }

    @Property(tries = 10)
    void gradientsOfScaledDotProduct(@ForAll long seed, @ForAll boolean causal) {
        SplittableRandom rng = new SplittableRandom(seed);
        int t = 1 + rng.nextInt(3);
        Tensor q = Tensor.uniform(rng, -1, 1, 2, t, 2);
        Tensor k = Tensor.uniform(rng, -1, 1, 2, t, 2);
        Tensor v = Tensor.uniform(rng, -1, 1, 2, t, 3);
        GradCheck check = GradCheck.of(xs -> Attention.scaledDotProduct(xs.get(0), xs.get(1), xs.get(2), causal));
        check.check(q, k, v);
        check.checkSecondOrder(q, k, v);
    }

    @Property(tries = 10)
    void gradientsThroughMultiHeadAttention(@ForAll long seed, @ForAll boolean causal) {
        SplittableRandom rng = new SplittableRandom(seed);
        int heads = 1 + rng.nextInt(2);
        MultiHeadAttention mha = MultiHeadAttention.create(2 * heads, heads, causal, rng);
        ParameterGradCheck.check(mha, Tensor.uniform(rng, -1, 1, 1 + rng.nextInt(2), 1 + rng.nextInt(3), 2 * heads));
    }

    @Property(tries = 15)
    void causalAttentionIgnoresFuturePositions(@ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int t = 2 + rng.nextInt(4);
        MultiHeadAttention mha = MultiHeadAttention.create(4, 2, true, rng);
        Tensor x = Tensor.uniform(rng, -1, 1, 2, t, 4);
        int future = 1 + rng.nextInt(t - 1);
        double[] perturbed = x.toArray();
        for (int b = 0; b < 2; b++) {
            for (int e = 0; e < 4; e++) {
                perturbed[(b * t + future) * 4 + e] += 1 + rng.nextDouble();
            }
        }
        Tensor before = mha.forward(Node.constant(x)).value();
        Tensor after = mha.forward(Node.constant(Tensor.of(perturbed, x.shape()))).value();
        assertTrue(before.slice(1, 0, future).allClose(after.slice(1, 0, future), 0, 1e-15));
        assertFalse(before.slice(1, future, t).allClose(after.slice(1, future, t), 0, 1e-9));
    }

    @Example
    void causalWeightsAreLowerTriangularRowsSummingToOne() {
        Tensor q = Tensor.uniform(1, -1, 1, 1, 3, 2);
        Tensor w = Attention.weights(Node.constant(q), Node.constant(q), true).value();
        for (int i = 0; i < 3; i++) {
            double total = 0;
            for (int j = 0; j < 3; j++) {
                total += w.get(0, i, j);
                if (j > i) {
                    assertEquals(0, w.get(0, i, j));
                }
            }
            assertEquals(1, total, 1e-15);
        }
        assertEquals(1, w.get(0, 0, 0));
    }

    @Example
    void shapesAndCrossAttention() {
        SplittableRandom rng = new SplittableRandom(5);
        MultiHeadAttention mha = MultiHeadAttention.create(8, 2, rng);
        assertEquals(Shape.of(3, 5, 8), mha.forward(Node.placeholder("x", 3, 5, 8)).shape());
        Node memory = Node.placeholder("m", 3, 7, 8);
        assertEquals(Shape.of(3, 5, 8), mha.attend(Node.placeholder("q", 3, 5, 8), memory, memory).shape());
        assertEquals(Shape.of(24, 8), mha.parameters().get("in_proj_weight").shape());
    }

    @Example
    void refusesBadInput() {
        SplittableRandom rng = new SplittableRandom(6);
        assertMessage("MultiHeadAttention(dModel 8, heads 3): dModel and heads must be at least 1 and dModel divisible"
                + " by heads", () -> MultiHeadAttention.create(8, 3, rng));
        assertMessage("MultiHeadAttention(dModel 8, heads 2, causal): input [2, 5, 6] has 6 features",
                () -> MultiHeadAttention.create(8, 2, true, rng).forward(Node.placeholder("x", 2, 5, 6)));
        assertMessage("MultiHeadAttention(dModel 8, heads 2): input [5, 8] is not [batch, sequence, features]",
                () -> MultiHeadAttention.create(8, 2, rng).forward(Node.placeholder("x", 5, 8)));
        assertMessage("scaledDotProduct: q [2, 5, 4] and k [2, 6, 3] have different feature sizes (4 vs 3)",
                () -> Attention.scaledDotProduct(Node.placeholder("q", 2, 5, 4), Node.placeholder("k", 2, 6, 3),
                        Node.placeholder("v", 2, 6, 3), false));
        assertMessage("scaledDotProduct: k [2, 6, 4] and v [2, 5, 8] have different lengths (6 vs 5)",
                () -> Attention.scaledDotProduct(Node.placeholder("q", 2, 5, 4), Node.placeholder("k", 2, 6, 4),
                        Node.placeholder("v", 2, 5, 8), false));
    }
}
