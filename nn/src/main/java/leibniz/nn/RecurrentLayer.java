package leibniz.nn;

import java.util.Map;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;

/**
 * What {@link RNN}, {@link GRU} and {@link LSTM} share: a cell {@code C} with state {@code S} run along
 * the time axis of {@code x [batch, time, features]}, its hidden state at every step the output. The time
 * axis may be dynamic ({@code Node.placeholder("x", 32, Node.ANY, 8)}): one graph serves every length.
 */
abstract class RecurrentLayer<S, C extends RecurrentCell<S>> implements Module {
    private final String name;
    private final C cell;
    private final boolean checkpointed;

    RecurrentLayer(String name, C cell, boolean checkpointed) {
        this.name = name;
        this.cell = cell;
        this.checkpointed = checkpointed;
    }

    /** The hidden states {@code [B, T, H]} of the layer run over {@code x [B, T, I]} from a zero state. */
    @Override
    public Node forward(Node x, Context ctx) {
        return run(x).outputs();
    }

    /** The layer run over {@code x [B, T, I]} from a zero state: all hidden states and the last state. */
    public Recurrence<S> run(Node x) {
        // Any batch will do for an input of the wrong rank: the run refuses the input before using the state.
        return run(x, cell.zeroState(x.rank() == 3 ? x.shape().dim(0) : 0));
    }

    /** The layer run over {@code x [B, T, I]} from state {@code s0}, whose parts are {@code [B, H]}. */
    public Recurrence<S> run(Node x, S s0) {
        return Recurrence.run(toString(), cell, x, s0, checkpointed);
    }

    /** True if each time step is checkpointed: the backward pass recomputes a step's values from its states. */
    public boolean checkpointed() {
        return checkpointed;
    }

    /** The cell, sharing this layer's parameters, for stepping one input at a time. */
    public C cell() {
        return cell;
    }

    /**
     * The cell's parameters under PyTorch's names for the first (and only) layer:
     * {@code weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0}.
     */
    @Override
    public Map<String, Parameter> parameters() {
        Parameters.Builder b = Parameters.builder();
        cell.parameters().forEach((name, p) -> b.add(name + "_l0", p));
        return b.build();
    }

    /** {@code GRU(8 -> 32)}, or {@code GRU(8 -> 32, checkpointed)}. */
    @Override
    public String toString() {
        return name + "(" + cell.inputSize() + " -> " + cell.hiddenSize() + (checkpointed ? ", checkpointed" : "") + ")";
    }
}
