package leibniz.nn;

import java.util.function.BiFunction;
import java.util.function.Function;
import leibniz.autograd.Node;

/**
 * A recurrent layer run over a sequence: the hidden state at every step, {@code outputs [B, T, H]}, and
 * the state after the last step ({@code Node h} for RNN and GRU, {@link LSTMCell.State} for LSTM), to
 * continue from or to classify with.
 */
public record Unrolled<S>(Node outputs, S state) {

    /**
     * Runs {@code advance} over the time axis of {@code x [B, T, I]} from {@code initial}. The input
     * projection of all steps is one product before the loop; {@code hidden} reads h from a state.
     */
    static <S> Unrolled<S> run(String label, RecurrentWeights w, Node x, S initial, BiFunction<Node, S, S> advance,
            Function<S, Node> hidden) {
        checkInput(label, w, x);
        int batch = x.shape().dim(0);
        int steps = x.shape().dim(1);
        int width = w.gates() * w.hiddenSize();
        Node projected = w.projectInput(x);
        S state = initial;
        Node[] outputs = new Node[steps];
        for (int t = 0; t < steps; t++) {
            state = advance.apply(projected.slice(1, t, t + 1).reshape(batch, width), state);
            outputs[t] = hidden.apply(state);
        }
        return new Unrolled<>(Node.stack(1, outputs), state);
    }

    /** Refuses a sequence that is not {@code [B, T, I]} with at least one step. */
    static void checkInput(String label, RecurrentWeights w, Node x) {
        if (x.rank() != 3 || x.shape().dim(2) != w.inputSize() || x.shape().dim(1) == 0) {
            String why = x.rank() != 3 ? " is not [batch, time, features]"
                    : x.shape().dim(2) != w.inputSize() ? " has " + x.shape().dim(2) + " features"
                    : " has no time steps";
            throw new IllegalArgumentException(label + ": input " + x.shape() + why);
        }
    }

    /** Refuses an initial state {@code what} that is not {@code [B, H]} for the batch of {@code x [B, T, I]}. */
    static void checkState(String label, RecurrentWeights w, Node x, Node state, String what) {
        int batch = x.shape().dim(0);
        if (state.rank() != 2 || state.shape().dim(0) != batch || state.shape().dim(1) != w.hiddenSize()) {
            throw new IllegalArgumentException(label + ": " + what + " " + state.shape() + " should be [" + batch + ", "
                    + w.hiddenSize() + "]");
        }
    }
}
