package leibniz.nn;

import leibniz.autograd.Node;

/**
 * A recurrent layer run over a sequence: the hidden state at every step, {@code outputs [B, T, H]}, and
 * the state after the last step ({@code Node h} for RNN and GRU, {@link LSTMCell.State} for LSTM), to
 * continue from or to classify with.
 */
public record Unrolled<S>(Node outputs, S state) {

    /**
     * Runs {@code cell} over the time axis of {@code x [B, T, I]} from {@code initial}, after checking both
     * in the name of {@code label}. The input projection of all steps is one product before the loop.
     */
    static <S> Unrolled<S> run(String label, RecurrentCell<S> cell, Node x, S initial) {
        RecurrentWeights w = cell.weights();
        checkInput(label, w, x);
        int batch = x.shape().dim(0);
        cell.checkState(label, batch, initial, "initial ");
        int steps = x.shape().dim(1);
        int width = w.gates() * w.hiddenSize();
        Node projected = w.projectInput(x);
        S state = initial;
        Node[] outputs = new Node[steps];
        for (int t = 0; t < steps; t++) {
            state = cell.advance(projected.slice(1, t, t + 1).reshape(batch, width), state);
            outputs[t] = cell.hidden(state);
        }
        return new Unrolled<>(Node.stack(1, outputs), state);
    }

    /** Refuses a sequence that is not {@code [B, T, I]} with at least one step. */
    private static void checkInput(String label, RecurrentWeights w, Node x) {
        if (x.rank() != 3 || x.shape().dim(2) != w.inputSize() || x.shape().dim(1) == 0) {
            String why = x.rank() != 3 ? " is not [batch, time, features]"
                    : x.shape().dim(2) != w.inputSize() ? " has " + x.shape().dim(2) + " features"
                    : " has no time steps";
            throw new IllegalArgumentException(label + ": input " + x.shape() + why);
        }
    }
}
