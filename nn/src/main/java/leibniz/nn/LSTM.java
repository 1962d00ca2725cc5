package leibniz.nn;

import java.util.random.RandomGenerator;

/**
 * An LSTM layer: the {@link LSTMCell} equations applied along the time axis of
 * {@code x [batch, time, features]}, giving the hidden state at every step {@code [batch, time, hidden]}.
 * One layer, batch first; stack layers with {@code Sequential}. Its {@link #cell()} shares the weights
 * and runs one step at a time (sampling). The parameters are those of PyTorch's
 * {@code nn.LSTM(inputSize, hiddenSize, batch_first=True)}: {@code weight_ih_l0 [4H, I]},
 * {@code weight_hh_l0 [4H, H]}, {@code bias_ih_l0} and {@code bias_hh_l0 [4H]}.
 *
 * <pre>{@code
 * LSTM lstm = LSTM.create(8, 32, rng);
 * Recurrence<LSTMCell.State> run = lstm.run(x);    // run.outputs() [B, T, 32], run.state().h() [B, 32]
 * }</pre>
 */
public final class LSTM extends RecurrentLayer<LSTMCell.State, LSTMCell> {
    private LSTM(LSTMCell cell, boolean checkpointed) {
        super("LSTM", cell, checkpointed);
    }

    /** A layer from {@code inputSize} features to {@code hiddenSize} units. */
    public static LSTM create(int inputSize, int hiddenSize, RandomGenerator rng) {
        return new LSTM(LSTMCell.create(inputSize, hiddenSize, rng), false);
    }

    /**
     * This layer, sharing its cell and parameters, with each time step checkpointed: the backward pass
     * recomputes a step's gates from the states saved at that step, so a long sequence keeps only its states.
     */
    public LSTM checkpointedSteps() {
        return new LSTM(cell(), true);
    }
}
