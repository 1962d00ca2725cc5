package leibniz.nn;

import static leibniz.nn.ConvolutionProperties.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import leibniz.autograd.Node;
import leibniz.autograd.check.GradCheck;
import leibniz.autograd.check.TensorArbitraries;
import leibniz.core.Shape;
import leibniz.core.Tensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

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

    private static Arbitrary<Integer> between(int min, int max) {
        return Arbitraries.integers().between(min, max);
    }

    /** Queries [batch, t, d], keys [batch, s, d] and values [batch, s, dv], and whether attention is causal. */
    record Qkv(Tensor q, Tensor k, Tensor v, boolean causal) {}

    private static Arbitrary<Qkv> qkv(int batch, int t, int s, int d, int dv, double range, boolean causal) {
        return Combinators.combine(TensorArbitraries.tensors(Shape.of(batch, t, d), -range, range),
                TensorArbitraries.tensors(Shape.of(batch, s, d), -range, range),
                TensorArbitraries.tensors(Shape.of(batch, s, dv), -range, range))
                .as((q, k, v) -> new Qkv(q, k, v, causal));
    }

    /** Batches of 1 or 2, up to 4 queries and keys (causal: as many keys as queries or one more), values in [-2, 2]. */
    @Provide
    Arbitrary<Qkv> attention() {
        return Combinators.combine(Arbitraries.of(false, true), between(1, 2), between(1, 4), between(1, 4),
                between(0, 1), between(1, 3), between(1, 3)).flatAs((causal, batch, t, keys, extra, d, dv) ->
                        qkv(batch, t, causal ? t + extra : keys, d, dv, 2, causal));
    }

    @Property(tries = 20)
    void scaledDotProductMatchesNaiveLoops(@ForAll("attention") Qkv c) {
        Tensor q = c.q();
        Tensor k = c.k();
        Tensor v = c.v();
        int batch = q.shape().dim(0);
        int t = q.shape().dim(1);
        int dv = v.shape().dim(2);
        Tensor out = Attention.scaledDotProduct(Node.constant(q), Node.constant(k), Node.constant(v), c.causal())
                .value();
        assertEquals(Shape.of(batch, t, dv), out.shape());
        for (int b = 0; b < batch; b++) {
            double[][] expected = naive(q, k, v, b, c.causal());
            for (int i = 0; i < t; i++) {
                for (int e = 0; e < dv; e++) {
                    assertEquals(expected[i][e], out.get(b, i, e), 1e-12);
                }
            }
        }
    }

    /** Two batch rows of 1 to 3 queries and as many keys, values in [-1, 1]. */
    @Provide
    Arbitrary<Qkv> small() {
        return Combinators.combine(Arbitraries.of(false, true), between(1, 3))
                .flatAs((causal, t) -> qkv(2, t, t, 2, 3, 1, causal));
    }

    @Property(tries = 10)
    void gradientsOfScaledDotProduct(@ForAll("small") Qkv c) {
        GradCheck check = GradCheck.of(xs -> Attention.scaledDotProduct(xs.get(0), xs.get(1), xs.get(2), c.causal()));
        check.check(c.q(), c.k(), c.v());
        check.checkSecondOrder(c.q(), c.k(), c.v());
    }

    /** Multi-head attention of 1 or 2 heads of size 2, causal or not, on 1 or 2 sequences of 1 to 3 steps. */
    @Provide
    Arbitrary<Checks.Layer<MultiHeadAttention>> heads() {
        return Combinators.combine(between(1, 2), Arbitraries.of(false, true), between(1, 2), between(1, 3))
                .flatAs((heads, causal, n, t) -> Checks.layers("MultiHeadAttention(" + 2 * heads + ", " + heads
                        + (causal ? ", causal)" : ")"),
                        () -> MultiHeadAttention.create(2 * heads, heads, causal, Checks.init()), 1,
                        Checks.uniform(Shape.of(n, t, 2 * heads))));
    }

    @Property(tries = 10)
    void gradientsThroughMultiHeadAttention(@ForAll("heads") Checks.Layer<MultiHeadAttention> c) {
        ParameterGradCheck.check(c.module(), c.x());
    }

    /** Causal attention over 2 to 5 steps, a step in the future and how much each of its values moves (1 to 2). */
    record Future(Checks.Layer<MultiHeadAttention> layer, int step, Tensor moves) {}

    @Provide
    Arbitrary<Future> futures() {
        return between(2, 5).flatMap(t -> Combinators.combine(Checks.layers("causal MultiHeadAttention(4, 2)",
                () -> MultiHeadAttention.create(4, 2, true, Checks.init()), 1,
                Checks.uniform(Shape.of(2, t, 4))),
                between(1, t - 1), TensorArbitraries.tensors(Shape.of(2, 4), 1, 2)).as(Future::new));
    }

    @Property(tries = 15)
    void causalAttentionIgnoresFuturePositions(@ForAll("futures") Future c) {
        MultiHeadAttention mha = c.layer().module();
        Tensor x = c.layer().x();
        int t = x.shape().dim(1);
        int future = c.step();
        double[] perturbed = x.toArray();
        for (int b = 0; b < 2; b++) {
            for (int e = 0; e < 4; e++) {
                perturbed[(b * t + future) * 4 + e] += c.moves().get(b, e);
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
