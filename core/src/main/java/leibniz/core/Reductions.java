package leibniz.core;

import java.util.Arrays;
import java.util.Locale;

/**
 * Reductions over all elements, along one axis or over several: sum, mean, max, min, argmax, argmin,
 * logsumexp, and the variance and standard deviation with a correction (0 for the population, 1 for
 * Bessel's unbiased estimate).
 *
 * <p>An axis reduction views the tensor as {@code [outer, n, inner]} with {@code n} the reduced
 * dimension; each of the {@code outer · inner} results is one strided pass over {@code n} elements,
 * the same code that reduces a whole tensor (one pass with stride 1). Several axes are first moved to
 * the end and merged into one (a copy only when they are not there already), so a variance over
 * {@code (0, 2)} is one pass per result as well, not a variance of variances.
 *
 * <p>An F32 tensor is reduced in double and the result rounded once, so a long F32 sum carries no
 * more error than its final rounding; arg-reductions of F32 give F32 indices, exact below 2²⁴.
 */
final class Reductions {
    private Reductions() {}

    /** What a reduction computes. */
    enum Kind {
        SUM, MEAN, MAX, MIN, ARGMAX, ARGMIN, LOGSUMEXP, VARIANCE, STD;

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
        return all(x, k, 0, null);
    }

    /**
     * {@link #all(Tensor, Kind)}, with the variance and standard deviation divided by {@code n − correction},
     * written into the storage {@code into} of one element when it is not null.
     */
    static Tensor all(Tensor x, Kind k, double correction, Object into) {
        checkCorrection(k, correction);
        if (x.size() == 0 && k.needsElement()) {
            throw new IllegalArgumentException(k.opName + ": empty tensor " + x.shape + " has no " + k.extremum());
        }
        double r;
        if (x.floats == null) {
            r = reduce(x.data, 0, 1, x.data.length, k, correction);
        } else if (k == Kind.SUM || k == Kind.MEAN) { // the common case (a loss) reads the floats in place
            double s = sumF32(x.floats, 0, 1, x.floats.length);
            r = k == Kind.MEAN ? s / x.floats.length : s;
        } else {
            r = reduce(x.f64().data, 0, 1, x.size(), k, correction);
        }
        if (x.floats != null) {
            float[] out = into == null ? Storage.floats(k.opName, Shape.scalar()) : (float[]) into;
            out[0] = (float) r;
            return new Tensor(Shape.scalar(), out);
        }
        double[] out = into == null ? Storage.doubles(k.opName, Shape.scalar()) : (double[]) into;
        out[0] = r;
        return new Tensor(Shape.scalar(), out);
    }

    /**
     * The reduction of {@code x} along {@code axis} (negative counts from the end): the axis is dropped,
     * or kept with size 1 if {@code keepDims}. Arg-reductions give the index along the axis.
     */
    static Tensor along(Tensor x, int axis, boolean keepDims, Kind k) {
        return along(x, axis, keepDims, k, 0, null);
    }

    /**
     * {@link #along(Tensor, int, boolean, Kind)}, variance and deviation divided by {@code n − correction},
     * written into the storage {@code into} of the result's size when it is not null.
     */
    static Tensor along(Tensor x, int axis, boolean keepDims, Kind k, double correction, Object into) {
        checkCorrection(k, correction);
        int a = x.shape.axis(axis, k.opName);
        int n = x.shape.dim(a);
        if (n == 0 && k.needsElement()) {
            throw new IllegalArgumentException(k.opName + ": axis " + axis + " of " + x.shape
                    + " is empty and has no " + k.extremum());
        }
        int outer = x.shape.sizeBetween(0, a);
        int inner = x.shape.sizeBetween(a + 1, x.shape.rank());
        Shape shape = reduced(x.shape, a, keepDims, k.opName);
        if (x.floats != null && k != Kind.SUM && k != Kind.MEAN) {
            Tensor wide = along(x.f64(), axis, keepDims, k, correction, null);
            float[] out = into == null ? Storage.floats(k.opName, shape) : (float[]) into;
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) wide.data[i];
            }
            return new Tensor(shape, out);
        }
        if (x.floats != null) {
            float[] out = into == null ? Storage.floats(k.opName, shape) : (float[]) into;
            for (int o = 0; o < outer; o++) {
                int base = o * n * inner;
                for (int j = 0; j < inner; j++) {
                    double s = sumF32(x.floats, base + j, inner, base + j + n * inner);
                    out[o * inner + j] = (float) (k == Kind.MEAN ? s / n : s);
                }
            }
            return new Tensor(shape, out);
        }
        double[] out = into == null ? Storage.doubles(k.opName, shape) : (double[]) into;
        for (int o = 0; o < outer; o++) {
            int base = o * n * inner;
            for (int j = 0; j < inner; j++) {
                out[o * inner + j] = reduce(x.data, base + j, inner, n, k, correction);
            }
        }
        return new Tensor(shape, out);
    }

    /**
     * The reduction of {@code x} over {@code axes} (each in range, negative counting from the end, none
     * twice, at least one): they are dropped, or kept with size 1 if {@code keepDims}, as PyTorch's
     * {@code sum(dim=(0, 2))}.
     */
    static Tensor over(Tensor x, int[] axes, boolean keepDims, Kind k, double correction) {
        return over(x, axes, keepDims, k, correction, null);
    }

    /** {@link #over(Tensor, int[], boolean, Kind, double)} written into {@code out}, or new storage if null. */
    static Tensor over(Tensor x, int[] axes, boolean keepDims, Kind k, double correction, Buffer out) {
        Arguments.notNull(axes, k.opName, "axes");
        checkCorrection(k, correction);
        int r = x.rank();
        boolean[] reduced = new boolean[r];
        for (int a : x.shape.axes(axes, k.opName)) {
            reduced[a] = true;
        }
        if (axes.length == 1) {
            Object into = out == null ? null
                    : Buffer.orNew(out, reduced(x.shape, x.shape.axis(axes[0], k.opName), keepDims, k.opName),
                            x.dtype(), k.opName).storage();
            return along(x, axes[0], keepDims, k, correction, into);
        }
        int[] order = new int[r];
        int[] kept = new int[r];
        int[] outDims = new int[r];
        int nKept = 0;
        int nOut = 0;
        long n = 1;
        for (int i = 0; i < r; i++) {
            if (!reduced[i]) {
                order[nKept] = i;
                kept[nKept++] = x.shape.dim(i);
                outDims[nOut++] = x.shape.dim(i);
            } else {
                n *= x.shape.dim(i);
                if (keepDims) {
                    outDims[nOut++] = 1;
                }
            }
        }
        Shape result = Shape.of(Arrays.copyOf(outDims, nOut), k.opName);
        if (n == 0 && k.needsElement()) {
            throw new IllegalArgumentException(k.opName + ": axes " + Arrays.toString(axes) + " of " + x.shape
                    + " hold no elements and have no " + k.extremum());
        }
        Object into = out == null ? null : Buffer.orNew(out, result, x.dtype(), k.opName).storage();
        if (nKept == 0) {
            return all(x, k, correction, into).reshape(result);
        }
        for (int i = 0, j = nKept; i < r; i++) {
            if (reduced[i]) {
                order[j++] = i;
            }
        }
        int[] merged = Arrays.copyOf(kept, nKept + 1);
        merged[nKept] = (int) n;
        Tensor lined = ShapeOps.permute(x, order).reshape(merged);
        return along(lined, nKept, false, k, correction, into).reshape(result);
    }

    /**
     * {@code s} without axis {@code a}, or with it as size 1: a shape that can hold more elements than
     * {@code s} when another axis is empty, so it is built naming {@code op}.
     */
    private static Shape reduced(Shape s, int a, boolean keepDims, String op) {
        int[] d = s.dims();
        if (keepDims) {
            d[a] = 1;
            return Shape.of(d, op);
        }
        int[] out = new int[d.length - 1];
        System.arraycopy(d, 0, out, 0, a);
        System.arraycopy(d, a + 1, out, a, d.length - a - 1);
        return Shape.of(out, op);
    }

    private static void checkCorrection(Kind k, double correction) {
        if (!(correction >= 0) || Double.isInfinite(correction)) {
            throw new IllegalArgumentException(k.opName + ": correction must be finite and at least 0, got "
                    + correction);
        }
    }

    /** The reduction of {@code x[start + i·stride]} for i below n; arg-reductions return i. */
    private static double reduce(double[] x, int start, int stride, int n, Kind k, double correction) {
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
            case VARIANCE -> variance(x, start, stride, end, n, correction);
            case STD -> Math.sqrt(variance(x, start, stride, end, n, correction));
        };
    }

    /**
     * {@code Σ (x − mean)² / max(0, n − correction)}: NaN or infinity when the correction leaves no degree
     * of freedom, as PyTorch gives. Two passes: subtracting the mean first avoids the cancellation of
     * E[x²] − E[x]².
     */
    private static double variance(double[] x, int start, int stride, int end, int n, double correction) {
        double mean = sum(x, start, stride, end) / n;
        double s = 0;
        for (int i = start; i < end; i += stride) {
            double d = x[i] - mean;
            s += d * d;
        }
        return s / Math.max(0, n - correction);
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
