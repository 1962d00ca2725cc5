package leibniz.nn;

import java.util.random.RandomGenerator;
import leibniz.autograd.Node;

/**
 * One step of a gated recurrent unit, as PyTorch's {@code GRUCell}, gates stacked in the order r, z, n:
 * <pre>
 * r  = σ(x W_irᵀ + b_ir + h W_hrᵀ + b_hr)
 * z  = σ(x W_izᵀ + b_iz + h W_hzᵀ + b_hz)
 * n  = tanh(x W_inᵀ + b_in + r ⊙ (h W_hnᵀ + b_hn))
 * h' = (1 − z) ⊙ n + z ⊙ h
 * </pre>
 */
public final class GRUCell extends RecurrentCell.OfHidden {
    private GRUCell(RecurrentWeights weights) {
        super(weights);
    }

    /** A cell from {@code inputSize} features to {@code hiddenSize} units, weights uniform in ±1/√H. */
    public static GRUCell create(int inputSize, int hiddenSize, RandomGenerator rng) {
        return new GRUCell(RecurrentWeights.create("GRUCell", inputSize, hiddenSize, 3, rng));
    }

    @Override
    Node advance(Node projected, Node h) {
        RecurrentWeights w = weights();
        Node hidden = w.projectHidden(h);
        Node r = w.gate(projected, 0).add(w.gate(hidden, 0)).sigmoid();
        Node z = w.gate(projected, 1).add(w.gate(hidden, 1)).sigmoid();
        Node n = w.gate(projected, 2).add(r.mul(w.gate(hidden, 2))).tanh();
        // (1 − z) ⊙ n + z ⊙ h written as n + z ⊙ (h − n): one product fewer, same value.
        return n.add(z.mul(h.sub(n)));
    }
}
