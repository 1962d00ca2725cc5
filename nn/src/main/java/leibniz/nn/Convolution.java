package leibniz.nn;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.core.Convolutions.Window;
import leibniz.core.Tensor;

/**
 * What {@link Conv1d} and {@link Conv2d} share: the channels, the window, the parameters and their
 * initialization, the checks, and the product of the weight with the unfolded windows.
 */
abstract class Convolution implements Module {
    final int in;
    final int out;
    final Window window;
    private final Parameter weight;
    private final Parameter bias;

    /**
     * Draws {@code weight [out, in, kernel...]} then, if wanted, {@code bias [out]}, both uniform in
     * {@code ±1/√(in·kernel size)}, PyTorch's default.
     */
    Convolution(int in, int out, Window window, boolean bias, RandomGenerator rng, int... kernel) {
        this.in = in;
        this.out = out;
        this.window = window;
        int[] dims = new int[kernel.length + 2];
        dims[0] = out;
        dims[1] = in;
        System.arraycopy(kernel, 0, dims, 2, kernel.length);
        double fanIn = in;
        for (int k : kernel) {
            fanIn *= k;
        }
        double bound = 1 / Math.sqrt(fanIn);
        this.weight = Parameter.of("weight", Tensor.uniform(rng, -bound, bound, dims));
        this.bias = bias ? Parameter.of("bias", Tensor.uniform(rng, -bound, bound, out)) : null;
    }

    /**
     * Refuses, naming {@code label}, channels below 1, then (when {@code windowValid} is false) the kernel,
     * stride and padding, quoting the stride and padding {@code given}.
     */
    static void check(String label, int in, int out, boolean windowValid, String given) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException(label + ": channels must be at least 1");
        }
        if (!windowValid) {
            throw new IllegalArgumentException(label + ": kernel and stride must be at least 1, padding at least 0"
                    + " (" + given + ")");
        }
    }

    /** Refuses an input that is not of {@code rank} with {@code in} channels; {@code layout} names its axes. */
    void checkInput(Node x, int rank, String layout) {
        if (x.rank() != rank || x.shape().dim(1) != in) {
            throw new IllegalArgumentException(this + ": input " + x.shape()
                    + (x.rank() != rank ? " is not " + layout : " has " + x.shape().dim(1) + " channels"));
        }
    }

    /** The weight as {@code [out, in·k]} times the unfolded windows {@code cols [N, in·k, P]}: {@code [N, out, P]}. */
    Node weightTimes(Node cols) {
        return weight.node().reshape(out, -1).matmul(cols);
    }

    /** {@code y [N, out, ...]} plus each output channel's bias, if there is one. */
    Node plusBias(Node y) {
        if (bias == null) {
            return y;
        }
        int[] dims = new int[y.rank() - 1];
        Arrays.fill(dims, 1);
        dims[0] = out;
        return y.add(bias.node().reshape(dims));
    }

    /** {@code weight}, then {@code bias} if present. */
    @Override
    public Map<String, Parameter> parameters() {
        Map<String, Parameter> p = new LinkedHashMap<>();
        p.put("weight", weight);
        if (bias != null) {
            p.put("bias", bias);
        }
        return Collections.unmodifiableMap(p);
    }

    /** The label, with the padding even when it is 0 if {@code alwaysPadding} (to explain a too-small input). */
    abstract String describe(boolean alwaysPadding);

    /** {@code Conv2d(3 -> 16, 5x5)} or {@code Conv1d(4 -> 16, kernel 7)}, with stride and padding when not 1 and 0. */
    @Override
    public String toString() {
        return describe(false);
    }
}
