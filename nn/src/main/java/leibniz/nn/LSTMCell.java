package leibniz.nn;

import java.util.List;
import java.util.random.RandomGenerator;
import leibniz.autograd.Node;

/**
 * One step of a long short-term memory cell, as PyTorch's {@code LSTMCell}, gates stacked in the order
 * i, f, g, o:
 * <pre>
 * i = σ(x W_iiᵀ + b_ii + h W_hiᵀ + b_hi)      f = σ(x W_ifᵀ + b_if + h W_hfᵀ + b_hf)
 * g = tanh(x W_igᵀ + b_ig + h W_hgᵀ + b_hg)   o = σ(x W_ioᵀ + b_io + h W_hoᵀ + b_ho)
 * c' = f ⊙ c + i ⊙ g                           h' = o ⊙ tanh(c')
 * </pre>
 */
public final class LSTMCell extends RecurrentCell<LSTMCell.State> {
    /** The state carried between steps: hidden {@code h [B, H]} and cell {@code c [B, H]}. */
    public record State(Node h, Node c) {
    }

    private LSTMCell(RecurrentWeights weights) {
        super(weights);
    }

    /** A cell from {@code inputSize} features to {@code hiddenSize} units, weights uniform in ±1/√H. */
    public static LSTMCell create(int inputSize, int hiddenSize, RandomGenerator rng) {
        return new LSTMCell(RecurrentWeights.create("LSTMCell", inputSize, hiddenSize, 4, rng));
    }

    @Override
    State advance(Node projected, State state) {
        RecurrentWeights w = weights();
        // One matmul for the hidden projection of all four gates, then slices.
        Node gates = projected.add(w.projectHidden(state.h()));
        Node i = w.gate(gates, 0).sigmoid();
        Node f = w.gate(gates, 1).sigmoid();
        Node g = w.gate(gates, 2).tanh();
        Node o = w.gate(gates, 3).sigmoid();
        Node c = f.mul(state.c()).add(i.mul(g));
        return new State(o.mul(c.tanh()), c);
    }

    @Override
    Node hidden(State state) {
        return state.h();
    }

    @Override
    List<Node> parts(State state) {
        return List.of(state.h(), state.c());
    }

    @Override
    State state(List<Node> parts) {
        return new State(parts.get(0), parts.get(1));
    }

    /** The cell state is checked after the hidden state, in the order of {@link State}. */
    @Override
    void checkState(String label, int batch, State state, String prefix) {
        super.checkState(label, batch, state, prefix);
        weights().checkState(label, batch, state.c(), prefix + "cell state");
    }

    /** A zero state (both h and c {@code [batch, H]}). */
    @Override
    public State zeroState(int batch) {
        return new State(weights().zeroState(batch), weights().zeroState(batch));
    }
}
