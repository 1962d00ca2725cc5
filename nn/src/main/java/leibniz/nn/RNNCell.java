package leibniz.nn;

import java.util.Map;
import java.util.random.RandomGenerator;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;

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
public final class RNNCell {
    private final RecurrentWeights weights;

    private RNNCell(RecurrentWeights weights) {
        this.weights = weights;
    }

    /** A cell from {@code inputSize} features to {@code hiddenSize} units, weights uniform in ±1/√H. */
    public static RNNCell create(int inputSize, int hiddenSize, RandomGenerator rng) {
        return new RNNCell(RecurrentWeights.create("RNNCell", inputSize, hiddenSize, 1, rng));
    }

    /** The next hidden state {@code [B, H]} from input {@code x [B, I]} and hidden state {@code h [B, H]}. */
    public Node step(Node x, Node h) {
        weights.checkStep(x);
        weights.checkState(x, h, "hidden state");
        return advance(weights.projectInput(x), h);
    }

    /** The step from an input already projected by {@code x W_ihᵀ + b_ih}. */
    Node advance(Node projected, Node h) {
        return projected.add(weights.projectHidden(h)).tanh();
    }

    /** A zero hidden state for a batch of {@code batch}. */
    public Node zeroState(int batch) {
        return weights.zeroState(batch);
    }

    /** The number of input features. */
    public int inputSize() {
        return weights.inputSize();
    }

    /** The number of hidden units. */
    public int hiddenSize() {
        return weights.hiddenSize();
    }

    /** {@code weight_ih [H, I], weight_hh [H, H], bias_ih [H], bias_hh [H]}. */
    public Map<String, Parameter> parameters() {
        return weights.parameters();
    }

    RecurrentWeights weights() {
        return weights;
    }

    /** {@code RNNCell(10 -> 32)}. */
    @Override
    public String toString() {
        return weights.label();
    }
}
