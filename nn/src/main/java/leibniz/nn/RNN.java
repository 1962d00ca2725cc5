package leibniz.nn;

import java.util.random.RandomGenerator;
import leibniz.autograd.Node;

/**
 * A RNN layer: {@code h_t = tanh(x_t W_ihᵀ + b_ih + h_{t−1} W_hhᵀ + b_hh)} applied along the time axis of
 * {@code x [batch, time, features]}, giving the hidden state at every step {@code [batch, time, hidden]}.
 * One layer, batch first; stack layers with {@code Sequential}. Its {@link #cell()} shares the weights
 * and runs one step at a time (sampling). The parameters are those of PyTorch's
 * {@code nn.RNN(inputSize, hiddenSize, batch_first=True)}: {@code weight_ih_l0 [H, I]},
 * {@code weight_hh_l0 [H, H]}, {@code bias_ih_l0} and {@code bias_hh_l0 [H]}.
 *
 * <pre>{@code
 * RNN rnn = RNN.create(8, 32, rng);
 * Recurrence<Node> run = rnn.run(x);         // run.outputs() [B, T, 32], run.state() [B, 32]
 * }</pre>
 */
public final class RNN extends RecurrentLayer<Node, RNNCell> {
    private RNN(RNNCell cell, boolean checkpointed) {
        super("RNN", cell, checkpointed);
    }

    /** A layer from {@code inputSize} features to {@code hiddenSize} units. */
    public static RNN create(int inputSize, int hiddenSize, RandomGenerator rng) {
        return new RNN(RNNCell.create(inputSize, hiddenSize, rng), false);
    }

    /**
     * This layer, sharing its cell and parameters, with each time step checkpointed: the backward pass
     * recomputes a step's gates from the states saved at that step, so a long sequence keeps only its states.
     */
    public RNN checkpointedSteps() {
        return new RNN(cell(), true);
    }
}
