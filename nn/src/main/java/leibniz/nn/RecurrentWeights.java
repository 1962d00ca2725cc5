package leibniz.nn;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.core.Shape;
import leibniz.core.Tensor;

/**
 * The weights of a recurrent cell with {@code gates} gates stacked in one matrix each, named and laid out
 * as PyTorch's: {@code weight_ih [gates·H, I]}, {@code weight_hh [gates·H, H]}, {@code bias_ih} and
 * {@code bias_hh [gates·H]}, all uniform in {@code ±1/√H}. Stacking the gates makes every projection one
 * matrix product; the input projection of a whole sequence is a single product before the loop.
 */
record RecurrentWeights(String label, int inputSize, int hiddenSize, int gates, Parameter weightIh,
        Parameter weightHh, Parameter biasIh, Parameter biasHh) {

    static RecurrentWeights create(String name, int inputSize, int hiddenSize, int gates, RandomGenerator rng) {
        String label = name + "(" + inputSize + " -> " + hiddenSize + ")";
        if (inputSize < 1 || hiddenSize < 1) {
            throw new IllegalArgumentException(label + ": input and hidden sizes must be at least 1");
        }
        double bound = 1 / Math.sqrt(hiddenSize);
        int rows = gates * hiddenSize;
        return new RecurrentWeights(label, inputSize, hiddenSize, gates,
                Parameter.of("weight_ih", Tensor.uniform(rng, -bound, bound, rows, inputSize)),
                Parameter.of("weight_hh", Tensor.uniform(rng, -bound, bound, rows, hiddenSize)),
                Parameter.of("bias_ih", Tensor.uniform(rng, -bound, bound, rows)),
                Parameter.of("bias_hh", Tensor.uniform(rng, -bound, bound, rows)));
    }

    /** {@code x W_ihᵀ + b_ih} for {@code x [..., I]}: {@code [..., gates·H]}. */
    Node projectInput(Node x) {
        return x.matmul(weightIh.node(), false, true).add(biasIh.node());
    }

    /** {@code h W_hhᵀ + b_hh} for {@code h [B, H]}: {@code [B, gates·H]}. */
    Node projectHidden(Node h) {
        return h.matmul(weightHh.node(), false, true).add(biasHh.node());
    }

    /** Gate {@code k} (0-based, in PyTorch's order) of stacked gate values {@code [B, gates·H]}. */
    Node gate(Node stacked, int k) {
        return stacked.slice(-1, k * hiddenSize, (k + 1) * hiddenSize);
    }

    /** Refuses a step input that is not {@code [B, I]}. */
    void checkStep(Node x) {
        if (x.rank() != 2 || x.shape().dim(1) != inputSize) {
            throw new IllegalArgumentException(label + ": input " + x.shape()
                    + (x.rank() != 2 ? " is not [batch, features]" : " has " + x.shape().dim(1) + " features"));
        }
    }

    /** Refuses, naming {@code label} (a cell's or a layer's), a state {@code what} that is not {@code [batch, H]}. */
    void checkState(String label, int batch, Node state, String what) {
        if (state.rank() != 2 || state.shape().dim(0) != batch || state.shape().dim(1) != hiddenSize) {
            throw new IllegalArgumentException(label + ": " + what + " " + state.shape() + " should be [" + batch + ", "
                    + hiddenSize + "]");
        }
    }

    /** A zero state {@code [batch, H]} of the weights' type. */
    Node zeroState(int batch) {
        return Node.constant(Tensor.zeros(Shape.of(batch, hiddenSize), weightHh.dtype()));
    }

    Map<String, Parameter> parameters() {
        Map<String, Parameter> p = new LinkedHashMap<>();
        p.put("weight_ih", weightIh);
        p.put("weight_hh", weightHh);
        p.put("bias_ih", biasIh);
        p.put("bias_hh", biasHh);
        return Collections.unmodifiableMap(p);
    }
}
