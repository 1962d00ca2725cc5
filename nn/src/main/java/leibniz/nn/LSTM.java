package leibniz.nn;

import java.util.Map;
import java.util.random.RandomGenerator;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;

/**
 * An LSTM layer: the {@link LSTMCell} equations applied along the time axis of
 * {@code x [batch, time, features]}, giving the hidden state at every step {@code [batch, time, hidden]}.
 * One layer, batch first; stack layers with {@code Sequential}. Its {@link #cell()} shares the weights
 * and runs one step at a time (sampling).
 *
 * <pre>{@code
 * LSTM lstm = LSTM.create(8, 32, rng);
 * Unrolled<LSTMCell.State> run = lstm.run(x);    // run.outputs() [B, T, 32], run.state().h() [B, 32]
 * }</pre>
 */
public final class LSTM implements Module {
    private final LSTMCell cell;

    private LSTM(LSTMCell cell) {
        this.cell = cell;
    }

    /** A layer from {@code inputSize} features to {@code hiddenSize} units. */
    public static LSTM create(int inputSize, int hiddenSize, RandomGenerator rng) {
        return new LSTM(LSTMCell.create(inputSize, hiddenSize, rng));
    }

    /** The hidden states {@code [B, T, H]} of the layer run over {@code x [B, T, I]} from a zero state. */
    @Override
    public Node forward(Node x, Context ctx) {
        return run(x).outputs();
    }

    /** The layer run over {@code x [B, T, I]} from a zero state: all hidden states and the last state. */
    public Unrolled<LSTMCell.State> run(Node x) {
        return run(x, cell.zeroState(x.rank() == 3 ? x.shape().dim(0) : 0));
    }

    /** The layer run over {@code x [B, T, I]} from state {@code s0} (h and c {@code [B, H]}). */
    public Unrolled<LSTMCell.State> run(Node x, LSTMCell.State s0) {
        RecurrentWeights w = cell.weights();
        Unrolled.checkInput(toString(), w, x);
        Unrolled.checkState(toString(), w, x, s0.h(), "initial hidden state");
        Unrolled.checkState(toString(), w, x, s0.c(), "initial cell state");
        return Unrolled.run(toString(), w, x, s0, cell::advance, LSTMCell.State::h);
    }

    /** The cell, sharing this layer's parameters, for stepping one input at a time. */
    public LSTMCell cell() {
        return cell;
    }

    /** The cell's parameters: {@code weight_ih, weight_hh, bias_ih, bias_hh}. */
    @Override
    public Map<String, Parameter> parameters() {
        return cell.parameters();
    }

    /** {@code LSTM(8 -> 32)}. */
    @Override
    public String toString() {
        return "LSTM(" + cell.inputSize() + " -> " + cell.hiddenSize() + ")";
    }
}
