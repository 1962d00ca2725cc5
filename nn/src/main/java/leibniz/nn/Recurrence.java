package leibniz.nn;

import java.util.List;
import leibniz.autograd.ControlFlow;
import leibniz.autograd.Node;

/**
 * A recurrent layer run over a sequence: the hidden state at every step, {@code outputs [B, T, H]}, and
 * the state after the last step ({@code Node h} for RNN and GRU, {@link LSTMCell.State} for LSTM), to
 * continue from or to classify with.
 */
public record Recurrence<S>(Node outputs, S state) {

    /**
     * Runs {@code cell} over the time axis of {@code x [B, T, I]} from {@code initial}, after checking both
     * in the name of {@code label}. The input projection of all steps is one product before the loop; the
     * loop is one scan node ({@link ControlFlow#scan}) whose body is the cell's step, so the graph has the
     * same size for any number of steps.
     */
    static <S> Recurrence<S> run(String label, RecurrentCell<S> cell, Node x, S initial, boolean checkpointed) {
        RecurrentWeights w = cell.weights();
        checkInput(label, w, x);
        cell.checkState(label, x.shape().dim(0), initial, "initial ");
        Node projected = w.projectInput(x);
        ControlFlow.ScanBody body = (carry, step) -> {
            S next = cell.advance(step.get(0), cell.state(carry));
            return new ControlFlow.Step(cell.parts(next), List.of(cell.hidden(next)));
        };
        ControlFlow.Scanned run = ControlFlow.scan(checkpointed ? body.checkpointed() : body, cell.parts(initial),
                List.of(projected), 1);
        return new Recurrence<>(run.outputs().get(0), cell.state(run.carry()));
    }

    /** Refuses a sequence that is not {@code [B, T, I]} with at least one step, or dynamic along another axis. */
    private static void checkInput(String label, RecurrentWeights w, Node x) {
        int dynamic = x.dynamicAxis();
        if (x.rank() != 3 || x.shape().dim(2) != w.inputSize() || (x.shape().dim(1) == 0 && dynamic != 1)
                || dynamic == 0 || dynamic == 2) {
            String why = x.rank() != 3 ? " is not [batch, time, features]"
                    : dynamic == 0 || dynamic == 2 ? " may have a dynamic length along time (axis 1) only"
                    : x.shape().dim(2) != w.inputSize() ? " has " + x.shape().dim(2) + " features"
                    : " has no time steps";
            throw new IllegalArgumentException(label + ": input " + shape(x) + why);
        }
    }

    /** The shape with {@code ?} for a dynamic length: {@code [32, ?, 8]}. */
    private static String shape(Node x) {
        String[] dims = new String[x.rank()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = i == x.dynamicAxis() ? "?" : String.valueOf(x.shape().dim(i));
        }
        return "[" + String.join(", ", dims) + "]";
    }
}
