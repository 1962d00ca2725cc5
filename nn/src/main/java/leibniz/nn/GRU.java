package leibniz.nn;

import java.util.random.RandomGenerator;
import leibniz.autograd.Node;

/**
 * A GRU layer: the {@link GRUCell} equations applied along the time axis of
 * {@code x [batch, time, features]}, giving the hidden state at every step {@code [batch, time, hidden]}.
 * One layer, batch first; stack layers with {@code Sequential}. Its {@link #cell()} shares the weights
 * and runs one step at a time (sampling). The parameters are those of PyTorch's
 * {@code nn.GRU(inputSize, hiddenSize, batch_first=True)}: {@code weight_ih_l0 [3H, I]},
 * {@code weight_hh_l0 [3H, H]}, {@code bias_ih_l0} and {@code bias_hh_l0 [3H]}.
 *
 * <pre>{@code
 * GRU gru = GRU.create(8, 32, rng);
 * Recurrence<Node> run = gru.run(x);         // run.outputs() [B, T, 32], run.state() [B, 32]
 * }</pre>
 */
public final class GRU extends RecurrentLayer<Node, GRUCell> {
    private GRU(GRUCell cell, boolean checkpointed) {
        super("GRU", cell, checkpointed);
    }

    /** A layer from {@code inputSize} features to {@code hiddenSize} units. */
    public static GRU create(int inputSize, int hiddenSize, RandomGenerator rng) {
        return new GRU(GRUCell.create(inputSize, hiddenSize, rng), false);
    }

    /**
     * This layer, sharing its cell and parameters, with each time step checkpointed: the backward pass
     * recomputes a step's gates from the states saved at that step, so a long sequence keeps only its states.
     */
    public GRU checkpointedSteps() {
        return new GRU(cell(), true);
    }
}
