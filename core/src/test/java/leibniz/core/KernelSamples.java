package leibniz.core;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** Random tensors, shapes and index arithmetic shared by the matmul, shape-op and indexing properties. */
final class KernelSamples {
    private KernelSamples() {}

    /** Dimension lists of rank {@code minRank..maxRank}, each dimension in {@code 0..maxDim} (0 and 1 included). */
    static Arbitrary<int[]> dims(int minRank, int maxRank, int maxDim) {
        return Arbitraries.integers().between(0, maxDim).array(int[].class).ofMinSize(minRank).ofMaxSize(maxRank);
    }

    /** Values uniform on [-1, 1) from {@code seed}; the same seed and dims give the same tensor. */
    static Tensor random(long seed, int... dims) {
        return Tensor.uniform(seed, -1, 1, dims);
    }

    /** The row-major multi-index of {@code flat} in {@code dims}. */
    static int[] unravel(int flat, int[] dims) {
        int[] index = new int[dims.length];
        for (int i = dims.length - 1; i >= 0; i--) {
            index[i] = flat % dims[i];
            flat /= dims[i];
        }
        return index;
    }

    /** The row-major flat position of {@code index} in {@code dims}. */
    static int ravel(int[] index, int[] dims) {
        int flat = 0;
        for (int i = 0; i < dims.length; i++) {
            flat = flat * dims[i] + index[i];
        }
        return flat;
    }

    /** {@code dims[:axis] + inner + dims[axis+1:]}: the shape indexSelect gives for indices of shape {@code inner}. */
    static int[] spliced(int[] dims, int axis, int[] inner) {
        int[] out = new int[dims.length - 1 + inner.length];
        System.arraycopy(dims, 0, out, 0, axis);
        System.arraycopy(inner, 0, out, axis, inner.length);
        System.arraycopy(dims, axis + 1, out, axis + inner.length, dims.length - axis - 1);
        return out;
    }

    /** {@code <a, b> = Σ a_i b_i} over the flat values. */
    static double inner(Tensor a, Tensor b) {
        double[] x = a.toArray();
        double[] y = b.toArray();
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return s;
    }
}
