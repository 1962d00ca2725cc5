package leibniz.examples.bench;

import java.util.Random;

/**
 * The data of the four benchmark workloads, drawn exactly as the peer harness draws it
 * ({@code shared/bench/anchors}, class {@code Data}) so that Leibniz, hand-written EJML, PyTorch and
 * SameDiff all do the same arithmetic on the same numbers: {@link java.util.Random} with the same
 * seeds, row-major arrays.
 */
final class Workloads {
    /** W1/W4: the batch size. */
    static final int BATCH = 64;
    /** W1/W4: the layer widths of the MLP 784-256-256-10. */
    static final int[] SIZES = {784, 256, 256, 10};
    /** W1: the SGD learning rate. */
    static final double LR = 0.01;
    /** W2: the number of {@code tanh(y * 1.01 + 0.1)} steps. */
    static final int CHAIN = 200;
    /** W2: the scale and the shift of each step. */
    static final double SCALE = 1.01;
    static final double SHIFT = 0.1;
    /** W3: the side of the square matrices. */
    static final int MATMUL_N = 1024;

    private Workloads() {
    }

    /** He-normal weights of layer {@code l}, {@code [in, out]} row-major: N(0, 2/in) from {@code Random(31·seed + l)}. */
    static double[] weight(int l, long seed) {
        int in = SIZES[l];
        int out = SIZES[l + 1];
        Random r = new Random(seed * 31 + l);
        double sd = Math.sqrt(2.0 / in);
        double[] w = new double[in * out];
        for (int i = 0; i < w.length; i++) {
            w[i] = r.nextGaussian() * sd;
        }
        return w;
    }

    /** The W1 input batch {@code [64, 784]}: standard normal from {@code Random(seed)}. */
    static double[] input(long seed) {
        Random r = new Random(seed);
        double[] x = new double[BATCH * SIZES[0]];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextGaussian();
        }
        return x;
    }

    /** The W1 targets {@code [64, 10]}: one-hot rows of labels drawn from {@code Random(seed + 7)}. */
    static double[] oneHotLabels(long seed) {
        Random r = new Random(seed + 7);
        int classes = SIZES[3];
        double[] y = new double[BATCH * classes];
        for (int i = 0; i < BATCH; i++) {
            y[i * classes + r.nextInt(classes)] = 1;
        }
        return y;
    }

    /** {@code n} values uniform on {@code [lo, hi)} from {@code Random(seed)}. */
    static double[] uniform(int n, long seed, double lo, double hi) {
        Random r = new Random(seed);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = lo + (hi - lo) * r.nextDouble();
        }
        return a;
    }

    /** W2: the start {@code x}, {@code n × n} uniform on [−1, 1). */
    static double[] chainStart(int n) {
        return uniform(n * n, 5, -1, 1);
    }

    /** W3: A and B, {@code n × n} uniform on [−1, 1). */
    static double[] matrixA(int n) {
        return uniform(n * n, 11, -1, 1);
    }

    static double[] matrixB(int n) {
        return uniform(n * n, 12, -1, 1);
    }

    /**
     * The float32 data of a workload: each value rounded to nearest, as {@code Tensor.to(DType.F32)} and the
     * peer harness's {@code Data.toFloat} round it, so every side of an f32 benchmark starts from the same numbers.
     */
    static float[] toFloat(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        return f;
    }

    /** W4: the direction {@code v} of the Hessian-vector product, of W1's shape {@code [784, 256]}. */
    static double[] direction() {
        return uniform(SIZES[0] * SIZES[1], 99, -1, 1);
    }
}
