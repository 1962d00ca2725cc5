package leibniz.optim;

import java.io.Serializable;
import java.util.List;
import leibniz.autograd.Parameter;
import leibniz.core.Tensor;

/**
 * The values of a model's parameters and buffers at one version, as a {@link SparkTrainer} broadcasts them:
 * flat arrays in the order of the driver's trainer. F32 values travel as doubles, exactly.
 */
record SparkWeights(long version, double[][] parameters, double[][] buffers) implements Serializable {
    /** Version {@code version} of {@code parameters} and {@code buffers}, the values read as one snapshot. */
    static SparkWeights of(long version, List<Tensor> parameters, List<Tensor> buffers) {
        return new SparkWeights(version, arrays(parameters), arrays(buffers));
    }

    /** The values of {@code values}, each flat, in order. */
    static double[][] arrays(List<Tensor> values) {
        double[][] out = new double[values.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).toArray();
        }
        return out;
    }

    /** Sets {@code parameters} and {@code buffers}, in order, to these values in their own types. */
    void load(List<Parameter> parameters, List<Parameter> buffers) {
        set(parameters, this.parameters);
        set(buffers, this.buffers);
    }

    private static void set(List<Parameter> targets, double[][] values) {
        for (int i = 0; i < values.length; i++) {
            Parameter p = targets.get(i);
            p.set(Tensor.of(values[i], p.shape()).to(p.dtype()));
        }
    }

    /** The number of values carried, for the bytes a broadcast sends (8 per value). */
    long values() {
        long n = 0;
        for (double[] a : parameters) {
            n += a.length;
        }
        for (double[] a : buffers) {
            n += a.length;
        }
        return n;
    }
}
