package leibniz.nn;

import java.util.Map;
import java.util.random.RandomGenerator;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;

/**
 * One step of a gated recurrent unit, as PyTorch's {@code GRUCell}, gates stacked in the order r, z, n:
 * <pre>
 * r  = σ(x W_irᵀ + b_ir + h W_hrᵀ + b_hr)
 * z  = σ(x W_izᵀ + b_iz + h W_hzᵀ + b_hz)
 * n  = tanh(x W_inᵀ + b_in + r ⊙ (h W_hnᵀ + b_hn))
 * h' = (1 − z) ⊙ n + z ⊙ h
 * </pre>
 */
public final class GRUCell {
    private final RecurrentWeights weights;

    private GRUCell(RecurrentWeights weights) {
        this.weights = weights;
    }

    /** A cell from {@code inputSize} features to {@code hiddenSize} units, weights uniform in ±1/√H. */
    public static GRUCell create(int inputSize, int hiddenSize, RandomGenerator rng) {
        return new GRUCell(RecurrentWeights.create("GRUCell", inputSize, hiddenSize, 3, rng));
    }

    /** The next hidden state {@code [B, H]} from input {@code x [B, I]} and hidden state {@code h [B, H]}. */
    public Node step(Node x, Node h) {
        weights.checkStep(x);
        weights.checkState(x, h, "hidden state");
        return advance(weights.projectInput(x), h);
    }

    /** The step from an input already projected by {@code x W_ihᵀ + b_ih} (all three gates). */
    Node advance(Node projected, Node h) {
        Node hidden = weights.projectHidden(h);
        Node r = weights.gate(projected, 0).add(weights.gate(hidden, 0)).sigmoid();
        Node z = weights.gate(projected, 1).add(weights.gate(hidden, 1)).sigmoid();
        Node n = weights.gate(projected, 2).add(r.mul(weights.gate(hidden, 2))).tanh();
        // (1 − z) ⊙ n + z ⊙ h written as n + z ⊙ (h − n): one product fewer, same value.
        return n.add(z.mul(h.sub(n)));
    }

    /** A zero hidden state for a batch of {@code batch}. */
    public Node zeroState(int batch) {
        return weights.zeroState(batch);
    }

    /** The number of input features. */
    public int inputSize() {
        return weights.inputSize();
    }

    /** The number of hidden units. */
    public int hiddenSize() {
        return weights.hiddenSize();
    }

    /** {@code weight_ih [3H, I], weight_hh [3H, H], bias_ih [3H], bias_hh [3H]}, gates in the order r, z, n. */
    public Map<String, Parameter> parameters() {
        return weights.parameters();
    }

    RecurrentWeights weights() {
        return weights;
    }

    /** {@code GRUCell(10 -> 32)}. */
    @Override
    public String toString() {
        return weights.label();
    }
}
