package leibniz.core;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/** The kernels behind {@link Tensor}'s factories: filled, ranged, identity and random tensors. */
final class Creation {
    private Creation() {
    }

    static Tensor matrix(double[][] rows) {
        Arguments.noNulls(rows, "matrix", "rows");
        int cols = rows.length == 0 ? 0 : rows[0].length;
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) {
                throw new IllegalArgumentException("matrix: row " + i + " has " + rows[i].length
                        + " values, row 0 has " + cols);
            }
        }
        Shape shape = Shape.of(new int[] {rows.length, cols}, "matrix");
        double[] d = Storage.doubles("matrix", shape);
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, d, i * cols, cols);
        }
        return new Tensor(shape, d);
    }

    /** Every element {@code value}, in {@code dtype} (rounded for F32); {@code op} names the factory in errors. */
    static Tensor full(String op, Shape shape, double value, DType dtype) {
        if (dtype == DType.F32) {
            float[] f = Storage.floats(op, shape);
            Arrays.fill(f, (float) value);
            return new Tensor(shape, f);
        }
        double[] d = Storage.doubles(op, shape);
        Arrays.fill(d, value);
        return new Tensor(shape, d);
    }

    static Tensor arange(double start, double stop, double step) {
        if (step == 0 || !Double.isFinite(step) || !Double.isFinite(start) || !Double.isFinite(stop)) {
            throw new IllegalArgumentException("arange: start " + start + ", stop " + stop + ", step " + step
                    + ": step must be finite and non-zero, bounds finite");
        }
        // Counted in double and checked before the cast, which would saturate a count past 2^31 silently.
        double count = Math.max(0, Math.ceil((stop - start) / step));
        if (count > Storage.MAX_ELEMENTS) {
            throw new IllegalArgumentException("arange: start " + start + ", stop " + stop + ", step " + step
                    + " gives " + String.format(java.util.Locale.ROOT, "%.0f", count) + " values, more than the "
                    + Storage.MAX_ELEMENTS + " a tensor can hold");
        }
        Shape shape = Shape.of((int) count);
        double[] d = Storage.doubles("arange", shape);
        for (int i = 0; i < d.length; i++) {
            d[i] = start + i * step;
        }
        return new Tensor(shape, d);
    }

    static Tensor linspace(double start, double stop, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("linspace: negative count " + n);
        }
        Shape shape = Shape.of(new int[] {n}, "linspace");
        double[] d = Storage.doubles("linspace", shape);
        double step = n > 1 ? (stop - start) / (n - 1) : 0;
        for (int i = 0; i < n; i++) {
            d[i] = start + i * step;
        }
        if (n > 1) {
            d[n - 1] = stop;
        }
        return new Tensor(shape, d);
    }

    static Tensor eye(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("eye: negative size " + n);
        }
        Shape shape = Shape.of(new int[] {n, n}, "eye");
        double[] d = Storage.doubles("eye", shape);
        for (int i = 0; i < n; i++) {
            d[i * n + i] = 1;
        }
        return new Tensor(shape, d);
    }

    static Tensor uniform(RandomGenerator rng, double lo, double hi, int... dims) {
        Arguments.notNull(rng, "uniform", "rng");
        Arguments.notNull(dims, "uniform", "dims");
        if (!(lo < hi) || !Double.isFinite(lo) || !Double.isFinite(hi)) {
            throw new IllegalArgumentException("uniform: bounds [" + lo + ", " + hi + ") must be finite with lo < hi");
        }
        Shape s = Shape.of(dims, "uniform");
        double[] d = Storage.doubles("uniform", s);
        for (int i = 0; i < d.length; i++) {
            d[i] = lo + (hi - lo) * rng.nextDouble();
        }
        return new Tensor(s, d);
    }

    static Tensor normal(RandomGenerator rng, double mean, double std, int... dims) {
        Arguments.notNull(rng, "normal", "rng");
        Arguments.notNull(dims, "normal", "dims");
        if (!(std >= 0) || !Double.isFinite(std) || !Double.isFinite(mean)) {
            throw new IllegalArgumentException("normal: mean " + mean + " and std " + std
                    + " must be finite with std >= 0");
        }
        Shape s = Shape.of(dims, "normal");
        double[] d = Storage.doubles("normal", s);
        for (int i = 0; i < d.length; i++) {
            d[i] = mean + std * rng.nextGaussian();
        }
        return new Tensor(s, d);
    }
}
