package leibniz.nn;

import java.util.Map;
import java.util.random.RandomGenerator;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;

/**
 * One step of a long short-term memory cell, as PyTorch's {@code LSTMCell}, gates stacked in the order
 * i, f, g, o:
 * <pre>
 * i = σ(x W_iiᵀ + b_ii + h W_hiᵀ + b_hi)      f = σ(x W_ifᵀ + b_if + h W_hfᵀ + b_hf)
 * g = tanh(x W_igᵀ + b_ig + h W_hgᵀ + b_hg)   o = σ(x W_ioᵀ + b_io + h W_hoᵀ + b_ho)
 * c' = f ⊙ c + i ⊙ g                           h' = o ⊙ tanh(c')
 * </pre>
 */
public final class LSTMCell {
    /** The state carried between steps: hidden {@code h [B, H]} and cell {@code c [B, H]}. */
    public record State(Node h, Node c) {
    }

    private final RecurrentWeights weights;

    private LSTMCell(RecurrentWeights weights) {
        this.weights = weights;
    }

    /** A cell from {@code inputSize} features to {@code hiddenSize} units, weights uniform in ±1/√H. */
    public static LSTMCell create(int inputSize, int hiddenSize, RandomGenerator rng) {
        return new LSTMCell(RecurrentWeights.create("LSTMCell", inputSize, hiddenSize, 4, rng));
    }

    /** The next state from input {@code x [B, I]} and the current state. */
    public State step(Node x, State state) {
        weights.checkStep(x);
        weights.checkState(x, state.h(), "hidden state");
        weights.checkState(x, state.c(), "cell state");
        return advance(weights.projectInput(x), state);
    }

    /** The step from an input already projected by {@code x W_ihᵀ + b_ih} (all four gates). */
    State advance(Node projected, State state) {
        // One matmul for the hidden projection of all four gates, then slices.
        Node gates = projected.add(weights.projectHidden(state.h()));
        Node i = weights.gate(gates, 0).sigmoid();
        Node f = weights.gate(gates, 1).sigmoid();
        Node g = weights.gate(gates, 2).tanh();
        Node o = weights.gate(gates, 3).sigmoid();
        Node c = f.mul(state.c()).add(i.mul(g));
        return new State(o.mul(c.tanh()), c);
    }

    /** A zero state (both h and c) for a batch of {@code batch}. */
    public State zeroState(int batch) {
        return new State(weights.zeroState(batch), weights.zeroState(batch));
    }

    /** The number of input features. */
    public int inputSize() {
        return weights.inputSize();
    }

    /** The number of hidden units. */
    public int hiddenSize() {
        return weights.hiddenSize();
    }

    /** {@code weight_ih [4H, I], weight_hh [4H, H], bias_ih [4H], bias_hh [4H]}, gates in the order i, f, g, o. */
    public Map<String, Parameter> parameters() {
        return weights.parameters();
    }

    RecurrentWeights weights() {
        return weights;
    }

    /** {@code LSTMCell(10 -> 32)}. */
    @Override
    public String toString() {
        return weights.label();
    }
}
