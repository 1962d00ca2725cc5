package leibniz.nn;

import java.util.Map;
import java.util.random.RandomGenerator;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;

/**
 * A RNN layer: {@code h_t = tanh(x_t W_ihᵀ + b_ih + h_{t−1} W_hhᵀ + b_hh)} applied along the time axis of
 * {@code x [batch, time, features]}, giving the hidden state at every step {@code [batch, time, hidden]}.
 * One layer, batch first; stack layers with {@code Sequential}. Its {@link #cell()} shares the weights
 * and runs one step at a time (sampling).
 *
 * <pre>{@code
 * RNN rnn = RNN.create(8, 32, rng);
 * Unrolled<Node> run = rnn.run(x);         // run.outputs() [B, T, 32], run.state() [B, 32]
 * }</pre>
 */
public final class RNN implements Module {
    private final RNNCell cell;

    private RNN(RNNCell cell) {
        this.cell = cell;
    }

    /** A layer from {@code inputSize} features to {@code hiddenSize} units. */
    public static RNN create(int inputSize, int hiddenSize, RandomGenerator rng) {
        return new RNN(RNNCell.create(inputSize, hiddenSize, rng));
    }

    /** The hidden states {@code [B, T, H]} of the layer run over {@code x [B, T, I]} from a zero state. */
    @Override
    public Node forward(Node x, Context ctx) {
        return run(x).outputs();
    }

    /** The layer run over {@code x [B, T, I]} from a zero state: all hidden states and the last one. */
    public Unrolled<Node> run(Node x) {
        return run(x, cell.zeroState(x.rank() == 3 ? x.shape().dim(0) : 0));
    }

    /** The layer run over {@code x [B, T, I]} from hidden state {@code h0 [B, H]}. */
    public Unrolled<Node> run(Node x, Node h0) {
        RecurrentWeights w = cell.weights();
        Unrolled.checkInput(toString(), w, x);
        Unrolled.checkState(toString(), w, x, h0, "initial hidden state");
        return Unrolled.run(toString(), w, x, h0, cell::advance, h -> h);
    }

    /** The cell, sharing this layer's parameters, for stepping one input at a time. */
    public RNNCell cell() {
        return cell;
    }

    /** The cell's parameters: {@code weight_ih, weight_hh, bias_ih, bias_hh}. */
    @Override
    public Map<String, Parameter> parameters() {
        return cell.parameters();
    }

    /** {@code RNN(8 -> 32)}. */
    @Override
    public String toString() {
        return "RNN(" + cell.inputSize() + " -> " + cell.hiddenSize() + ")";
    }
}
