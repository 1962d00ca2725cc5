package leibniz.core;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/** The kernels behind {@link Tensor}'s factories: filled, ranged, identity and random tensors. */
final class Creation {
    private Creation() {
    }

    static Tensor matrix(double[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        double[] d = new double[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) {
                throw new IllegalArgumentException("matrix: row " + i + " has " + rows[i].length
                        + " values, row 0 has " + cols);
            }
            System.arraycopy(rows[i], 0, d, i * cols, cols);
        }
        return new Tensor(Shape.of(rows.length, cols), d);
    }

    static Tensor full(Shape shape, double value, DType dtype) {
        if (dtype == null) {
            throw new IllegalArgumentException("full: a dtype is required");
        }
        if (dtype != DType.F32) {
            return Tensor.full(shape, value);
        }
        float[] f = new float[shape.size()];
        Arrays.fill(f, (float) value);
        return new Tensor(shape, f);
    }

    static Tensor arange(double start, double stop, double step) {
        if (step == 0 || !Double.isFinite(step) || !Double.isFinite(start) || !Double.isFinite(stop)) {
            throw new IllegalArgumentException("arange: start " + start + ", stop " + stop + ", step " + step
                    + ": step must be finite and non-zero, bounds finite");
        }
        int n = (int) Math.max(0, Math.ceil((stop - start) / step));
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = start + i * step;
        }
        return new Tensor(Shape.of(n), d);
    }

    static Tensor linspace(double start, double stop, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("linspace: negative count " + n);
        }
        double[] d = new double[n];
        double step = n > 1 ? (stop - start) / (n - 1) : 0;
        for (int i = 0; i < n; i++) {
            d[i] = start + i * step;
        }
        if (n > 1) {
            d[n - 1] = stop;
        }
        return new Tensor(Shape.of(n), d);
    }

    static Tensor eye(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("eye: negative size " + n);
        }
        double[] d = new double[n * n];
        for (int i = 0; i < n; i++) {
            d[i * n + i] = 1;
        }
        return new Tensor(Shape.of(n, n), d);
    }

    static Tensor uniform(RandomGenerator rng, double lo, double hi, int... dims) {
        if (!(lo < hi) || !Double.isFinite(lo) || !Double.isFinite(hi)) {
            throw new IllegalArgumentException("uniform: bounds [" + lo + ", " + hi + ") must be finite with lo < hi");
        }
        Shape s = Shape.of(dims);
        double[] d = new double[s.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = lo + (hi - lo) * rng.nextDouble();
        }
        return new Tensor(s, d);
    }

    static Tensor normal(RandomGenerator rng, double mean, double std, int... dims) {
        if (!(std >= 0) || !Double.isFinite(std) || !Double.isFinite(mean)) {
            throw new IllegalArgumentException("normal: mean " + mean + " and std " + std
                    + " must be finite with std >= 0");
        }
        Shape s = Shape.of(dims);
        double[] d = new double[s.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = mean + std * rng.nextGaussian();
        }
        return new Tensor(s, d);
    }
}
