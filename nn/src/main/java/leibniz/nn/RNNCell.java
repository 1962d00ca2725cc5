package leibniz.nn;

import java.util.random.RandomGenerator;
import leibniz.autograd.Node;

/**
 * One step of an Elman recurrent network, as PyTorch's {@code RNNCell}:
 * {@code h' = tanh(x W_ihᵀ + b_ih + h W_hhᵀ + b_hh)}, for {@code x [B, I]} and {@code h [B, H]}.
 *
 * <pre>{@code
 * RNNCell cell = RNNCell.create(10, 32, rng);
 * Node h = cell.zeroState(1);
 * for (Node x : inputs) { h = cell.step(x, h); }
 * }</pre>
 */
public final class RNNCell extends RecurrentCell.OfHidden {
    private RNNCell(RecurrentWeights weights) {
        super(weights);
    }

    /** A cell from {@code inputSize} features to {@code hiddenSize} units, weights uniform in ±1/√H. */
    public static RNNCell create(int inputSize, int hiddenSize, RandomGenerator rng) {
        return new RNNCell(RecurrentWeights.create("RNNCell", inputSize, hiddenSize, 1, rng));
    }

    @Override
    Node advance(Node projected, Node h) {
        return projected.add(weights().projectHidden(h)).tanh();
    }
}
