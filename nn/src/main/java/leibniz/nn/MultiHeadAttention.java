package leibniz.nn;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.core.Tensor;

/**
 * Multi-head attention as PyTorch's {@code MultiheadAttention} (batch first): queries, keys and values
 * are projected by one stacked matrix, split into {@code heads} heads of size {@code dModel / heads},
 * attended with {@link Attention#scaledDotProduct} in parallel, joined and projected again:
 * {@code out = concat_h(softmax(q_h k_hᵀ / √dₕ) v_h) W_oᵀ + b_o}.
 *
 * <p>Parameters: {@code in_proj_weight [3·dModel, dModel]} (Xavier-uniform) and {@code in_proj_bias}
 * (zeros), with q, k, v stacked in that order; {@code out_proj.weight [dModel, dModel]} (uniform in
 * {@code ±1/√dModel}) and {@code out_proj.bias} (zeros).
 *
 * <pre>{@code
 * MultiHeadAttention mha = MultiHeadAttention.create(64, 4, true, rng);   // causal self-attention
 * Node y = mha.forward(x);                                                 // [B, T, 64] -> [B, T, 64]
 * }</pre>
 */
public final class MultiHeadAttention implements Module {
    private final int dModel;
    private final int heads;
    private final boolean causal;
    private final Parameter inWeight;
    private final Parameter inBias;
    private final Parameter outWeight;
    private final Parameter outBias;

    private MultiHeadAttention(int dModel, int heads, boolean causal, RandomGenerator rng) {
        this.dModel = dModel;
        this.heads = heads;
        this.causal = causal;
        double xavier = Math.sqrt(6.0 / (dModel + 3 * dModel));
        double out = 1 / Math.sqrt(dModel);
        inWeight = Parameter.of("in_proj_weight", Tensor.uniform(rng, -xavier, xavier, 3 * dModel, dModel));
        inBias = Parameter.of("in_proj_bias", Tensor.zeros(3 * dModel));
        outWeight = Parameter.of("out_proj.weight", Tensor.uniform(rng, -out, out, dModel, dModel));
        outBias = Parameter.of("out_proj.bias", Tensor.zeros(dModel));
    }

    /** Self-attention over {@code dModel} features with {@code heads} heads and no mask. */
    public static MultiHeadAttention create(int dModel, int heads, RandomGenerator rng) {
        return create(dModel, heads, false, rng);
    }

    /** Self-attention with {@code heads} heads; when {@code causal}, position i attends only to positions up to i. */
    public static MultiHeadAttention create(int dModel, int heads, boolean causal, RandomGenerator rng) {
        if (dModel < 1 || heads < 1 || dModel % heads != 0) {
            throw new IllegalArgumentException("MultiHeadAttention(dModel " + dModel + ", heads " + heads
                    + "): dModel and heads must be at least 1 and dModel divisible by heads");
        }
        return new MultiHeadAttention(dModel, heads, causal, rng);
    }

    /** Self-attention of {@code x [B, T, dModel]}: {@code [B, T, dModel]}. */
    @Override
    public Node forward(Node x, Context ctx) {
        check(x, "input");
        Node qkv = x.matmul(inWeight.node(), false, true).add(inBias.node());
        return attendProjected(qkv.slice(-1, 0, dModel), qkv.slice(-1, dModel, 2 * dModel),
                qkv.slice(-1, 2 * dModel, 3 * dModel), causal);
    }

    /**
     * Attention of {@code query [B, T, dModel]} to {@code key} and {@code value [B, S, dModel]}
     * (cross-attention when they differ), masked when this layer is causal: {@code [B, T, dModel]}.
     */
    public Node attend(Node query, Node key, Node value) {
        check(query, "query");
        check(key, "key");
        check(value, "value");
        if (key.shape().dim(0) != query.shape().dim(0) || !key.shape().equals(value.shape())) {
            throw new IllegalArgumentException(this + ": query " + query.shape() + ", key " + key.shape()
                    + " and value " + value.shape() + " must share the batch, and key and value the length");
        }
        return attendProjected(project(query, 0), project(key, 1), project(value, 2), causal);
    }

    /** {@code x} projected by block {@code k} (0 = q, 1 = k, 2 = v) of the stacked input projection. */
    private Node project(Node x, int k) {
        Node w = inWeight.node().slice(0, k * dModel, (k + 1) * dModel);
        return x.matmul(w, false, true).add(inBias.node().slice(0, k * dModel, (k + 1) * dModel));
    }

    private Node attendProjected(Node q, Node k, Node v, boolean mask) {
        int batch = q.shape().dim(0);
        int t = q.shape().dim(1);
        Node attended = Attention.scaledDotProduct(split(q), split(k), split(v), mask);   // [B, h, T, dₕ]
        Node joined = attended.permute(0, 2, 1, 3).reshape(batch, t, dModel);
        return joined.matmul(outWeight.node(), false, true).add(outBias.node());
    }

    /** {@code [B, T, dModel] -> [B, heads, T, dModel / heads]}. */
    private Node split(Node x) {
        return x.reshape(x.shape().dim(0), x.shape().dim(1), heads, dModel / heads).permute(0, 2, 1, 3);
    }

    private void check(Node x, String what) {
        if (x.rank() != 3 || x.shape().dim(2) != dModel) {
            throw new IllegalArgumentException(this + ": " + what + " " + x.shape() + (x.rank() != 3
                    ? " is not [batch, sequence, features]" : " has " + x.shape().dim(2) + " features"));
        }
    }

    /** {@code in_proj_weight, in_proj_bias, out_proj.weight, out_proj.bias}. */
    @Override
    public Map<String, Parameter> parameters() {
        Map<String, Parameter> p = new LinkedHashMap<>();
        p.put("in_proj_weight", inWeight);
        p.put("in_proj_bias", inBias);
        p.put("out_proj.weight", outWeight);
        p.put("out_proj.bias", outBias);
        return Collections.unmodifiableMap(p);
    }

    /** {@code MultiHeadAttention(dModel 64, heads 4, causal)}. */
    @Override
    public String toString() {
        return "MultiHeadAttention(dModel " + dModel + ", heads " + heads + (causal ? ", causal" : "") + ")";
    }
}
