package leibniz.nn;

import java.util.List;
import java.util.Map;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;

/**
 * What {@link RNNCell}, {@link GRUCell} and {@link LSTMCell} share: the stacked weights, the checks of a
 * step's input and state, and the accessors. A cell says only how a step advances its state {@code S}
 * ({@code Node h}, or {@link LSTMCell.State}) and where the hidden state is in it. A cell is a
 * {@link Module}, as PyTorch's cells are, so it saves and loads as theirs do.
 */
abstract class RecurrentCell<S> implements Module {
    private final RecurrentWeights weights;

    RecurrentCell(RecurrentWeights weights) {
        this.weights = weights;
    }

    /** The next state from input {@code x [B, I]} and the current state, whose parts are {@code [B, H]}. */
    public S step(Node x, S state) {
        weights.checkStep(x);
        checkState(weights.label(), x.shape().dim(0), state, "");
        return advance(weights.projectInput(x), state);
    }

    /**
     * The hidden state {@code h' [B, H]} after one step from the zero state, for {@code x [B, I]}: PyTorch's
     * cell called without a state.
     */
    @Override
    public Node forward(Node x, Context ctx) {
        weights.checkStep(x);
        return hidden(step(x, zeroState(x.shape().dim(0))));
    }

    /**
     * The step from an input already projected by {@code x W_ihᵀ + b_ih} (all gates stacked): a layer
     * projects a whole sequence in one product and then advances one time slice at a time.
     */
    abstract S advance(Node projected, S state);

    /** The hidden state {@code h [B, H]} of {@code state}: what a layer outputs at each step. */
    abstract Node hidden(S state);

    /** The parts of {@code state}, in order: {@code [h]}, or {@code [h, c]} for an LSTM; a loop carries them. */
    abstract List<Node> parts(S state);

    /** The state made of {@code parts}, in the order {@link #parts} gives them. */
    abstract S state(List<Node> parts);

    /** A zero state for a batch of {@code batch}. */
    public abstract S zeroState(int batch);

    /**
     * Refuses, naming {@code label}, a state with a part that is not {@code [batch, H]}; {@code prefix} is
     * {@code "initial "} when a layer checks the state it starts from. Cells with more parts add theirs.
     */
    void checkState(String label, int batch, S state, String prefix) {
        weights.checkState(label, batch, hidden(state), prefix + "hidden state");
    }

    /** The number of input features. */
    public int inputSize() {
        return weights.inputSize();
    }

    /** The number of hidden units. */
    public int hiddenSize() {
        return weights.hiddenSize();
    }

    /**
     * {@code weight_ih [G·H, I], weight_hh [G·H, H], bias_ih [G·H], bias_hh [G·H]} for the cell's G gates,
     * stacked in the order its class comment gives.
     */
    @Override
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

    /** A cell whose whole state is the hidden state {@code h [B, H]}: RNN and GRU. */
    abstract static class OfHidden extends RecurrentCell<Node> {
        OfHidden(RecurrentWeights weights) {
            super(weights);
        }

        @Override
        Node hidden(Node h) {
            return h;
        }

        @Override
        List<Node> parts(Node h) {
            return List.of(h);
        }

        @Override
        Node state(List<Node> parts) {
            return parts.get(0);
        }

        /** A zero hidden state {@code [batch, H]}. */
        @Override
        public Node zeroState(int batch) {
            return weights().zeroState(batch);
        }
    }
}
