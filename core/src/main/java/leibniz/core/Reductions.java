package leibniz.core;

import java.util.Locale;

/**
 * Reductions over all elements or along one axis: sum, mean, max, min, argmax, argmin, logsumexp and
 * the population variance.
 *
 * <p>An axis reduction views the tensor as {@code [outer, n, inner]} with {@code n} the reduced
 * dimension; each of the {@code outer · inner} results is one strided pass over {@code n} elements,
 * the same code that reduces a whole tensor (one pass with stride 1).
 *
 * <p>An F32 tensor is reduced in double and the result rounded once, so a long F32 sum carries no
 * more error than its final rounding; arg-reductions of F32 give F32 indices, exact below 2²⁴.
 */
final class Reductions {
    private Reductions() {}

    /** What a reduction computes. */
    enum Kind {
        SUM, MEAN, MAX, MIN, ARGMAX, ARGMIN, LOGSUMEXP, VARIANCE;

        /** The name used in error messages: {@code "sum"}, {@code "logsumexp"}. */
        final String opName = name().toLowerCase(Locale.ROOT);

        /** Max, min and their indices have no value for no elements (sum has 0, mean NaN, logsumexp -inf). */
        boolean needsElement() {
            return this == MAX || this == MIN || this == ARGMAX || this == ARGMIN;
        }

        private String extremum() {
            return this == MAX || this == ARGMAX ? "maximum" : "minimum";
        }
    }

    /** The reduction of every element of {@code x} to a rank-0 scalar; arg-reductions give the flat row-major index. */
    static Tensor all(Tensor x, Kind k) {
        if (x.size() == 0 && k.needsElement()) {
            throw new IllegalArgumentException(k.opName + ": empty tensor " + x.shape + " has no " + k.extremum());
        }
        if (x.floats != null) {
            if (k == Kind.SUM || k == Kind.MEAN) { // the common case (a loss) reads the floats in place
                double s = sumF32(x.floats, 0, 1, x.floats.length);
                return Tensor.full(Shape.scalar(), k == Kind.MEAN ? s / x.floats.length : s, DType.F32);
            }
            return all(x.f64(), k).to(DType.F32);
        }
        return Tensor.scalar(reduce(x.data, 0, 1, x.data.length, k));
    }

    /**
     * The reduction of {@code x} along {@code axis} (negative counts from the end): the axis is dropped,
     * or kept with size 1 if {@code keepDims}. Arg-reductions give the index along the axis.
     */
    static Tensor along(Tensor x, int axis, boolean keepDims, Kind k) {
        int a = x.shape.axis(axis, k.opName);
        int n = x.shape.dim(a);
        if (n == 0 && k.needsElement()) {
            throw new IllegalArgumentException(k.opName + ": axis " + axis + " of " + x.shape
                    + " is empty and has no " + k.extremum());
        }
        if (x.floats != null && k != Kind.SUM && k != Kind.MEAN) {
            return along(x.f64(), axis, keepDims, k).to(DType.F32);
        }
        int outer = x.shape.sizeBetween(0, a);
        int inner = x.shape.sizeBetween(a + 1, x.shape.rank());
        Shape shape = keepDims ? x.shape.withDim(a, 1) : x.shape.without(a);
        if (x.floats != null) {
            float[] out = new float[outer * inner];
            for (int o = 0; o < outer; o++) {
                int base = o * n * inner;
                for (int j = 0; j < inner; j++) {
                    double s = sumF32(x.floats, base + j, inner, base + j + n * inner);
                    out[o * inner + j] = (float) (k == Kind.MEAN ? s / n : s);
                }
            }
            return new Tensor(shape, out);
        }
        double[] out = new double[outer * inner];
        for (int o = 0; o < outer; o++) {
            int base = o * n * inner;
            for (int j = 0; j < inner; j++) {
                out[o * inner + j] = reduce(x.data, base + j, inner, n, k);
            }
        }
        return new Tensor(shape, out);
    }

    /** The reduction of {@code x[start + i·stride]} for i below n; arg-reductions return i. */
    private static double reduce(double[] x, int start, int stride, int n, Kind k) {
        int end = start + n * stride;
        return switch (k) {
            case SUM -> sum(x, start, stride, end);
            case MEAN -> sum(x, start, stride, end) / n;
            case MAX -> {
                double m = x[start];
                // Math.max propagates NaN, so a NaN anywhere makes the maximum NaN.
                for (int i = start + stride; i < end; i += stride) m = Math.max(m, x[i]);
                yield m;
            }
            case MIN -> {
                double m = x[start];
                for (int i = start + stride; i < end; i += stride) m = Math.min(m, x[i]);
                yield m;
            }
            case ARGMAX -> {
                // Strict comparison keeps the first of equal maxima; the first NaN wins, as in NumPy,
                // so argmax agrees with max about where a NaN maximum is.
                int best = 0;
                double m = x[start];
                for (int i = 1, p = start + stride; i < n; i++, p += stride) {
                    double v = x[p];
                    if (v > m || (v != v && m == m)) {
                        m = v;
                        best = i;
                    }
                }
                yield best;
            }
            case ARGMIN -> {
                int best = 0;
                double m = x[start];
                for (int i = 1, p = start + stride; i < n; i++, p += stride) {
                    double v = x[p];
                    if (v < m || (v != v && m == m)) {
                        m = v;
                        best = i;
                    }
                }
                yield best;
            }
            case LOGSUMEXP -> logsumexp(x, start, stride, end, n);
            case VARIANCE -> {
                // Two passes: subtracting the mean first avoids the cancellation of E[x²] − E[x]².
                double mean = sum(x, start, stride, end) / n;
                double s = 0;
                for (int i = start; i < end; i += stride) {
                    double d = x[i] - mean;
                    s += d * d;
                }
                yield s / n;
            }
        };
    }

    private static double sum(double[] x, int start, int stride, int end) {
        double s = 0;
        for (int i = start; i < end; i += stride) s += x[i];
        return s;
    }

    /** The sum of F32 values accumulated in double, so that only the result is rounded. */
    private static double sumF32(float[] x, int start, int stride, int end) {
        double s = 0;
        for (int i = start; i < end; i += stride) s += x[i];
        return s;
    }

    /** {@code ln Σ e^x} as {@code m + ln Σ e^(x − m)} with m the maximum, so no term overflows. */
    private static double logsumexp(double[] x, int start, int stride, int end, int n) {
        if (n == 0) {
            return Double.NEGATIVE_INFINITY;
        }
        double m = x[start];
        for (int i = start + stride; i < end; i += stride) m = Math.max(m, x[i]);
        // An infinite or NaN maximum is the answer itself: x − m would be NaN for every infinite term
        // (−inf − −inf, +inf − +inf), though the true value is −inf when all are −inf and +inf when any is.
        if (Double.isInfinite(m) || Double.isNaN(m)) {
            return m;
        }
        double s = 0;
        for (int i = start; i < end; i += stride) s += Math.exp(x[i] - m);
        return m + Math.log(s);
    }
}
