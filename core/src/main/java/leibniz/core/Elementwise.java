package leibniz.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

/**
 * Elementwise kernels: unary functions, binary operations with NumPy broadcasting, {@code where} and
 * {@code clamp}.
 *
 * <p>Each kernel switches on the operation once and then runs one tight loop, rather than calling a
 * lambda per element, so the JIT sees a plain array loop it can unroll.
 *
 * <p>F32 operands are computed in double and the result rounded once, which is exactly the float
 * result: the transcendental functions are evaluated in double in either case, and for +, −, ×, ÷ and √
 * of floats, rounding the double result to float gives the correctly rounded float result, since double
 * carries more than twice float's precision (double rounding is innocuous when 53 ≥ 2·24 + 2). So there
 * is one loop per operation, not an F32 twin. A compiled program runs F32 elementwise ops in float, in
 * its fused loops ({@link Pointwise}), with the same bits.
 */
final class Elementwise {
    private Elementwise() {}

    /** The unary functions, each applied to every element on its own. */
    enum Unary {
        NEG, ABS, SIGN, EXP, LOG, LOG1P, SQRT, SQUARE, RECIPROCAL, SIN, COS, TANH, SIGMOID, RELU, STEP;

        /** The name used in error messages, as the fluent method is called: {@code "log1p"}. */
        final String opName = name().toLowerCase(Locale.ROOT);
    }

    /** The broadcasting binary operations; comparisons give 1.0 for true and 0.0 for false. */
    enum Binary {
        ADD, SUB, MUL, DIV, POW, MAXIMUM, MINIMUM, EQ, NE, LT, LE, GT, GE;

        /** The name used in error messages, as the fluent method is called: {@code "add"}, {@code "lt"}. */
        final String opName = name().toLowerCase(Locale.ROOT);
    }

    /** {@code out_i = op(x_i)} for one of the named functions. */
    static Tensor unary(Tensor x, Unary op) {
        if (x.floats != null) {
            return unary(x.f64(), op).to(DType.F32); // the float result exactly: see the class comment
        }
        double[] a = x.data;
        double[] out = Storage.doubles(op.opName, x.shape);
        if (Parallel.splits(a.length)) {
            Parallel.elements(a.length, (from, to) -> unary(op, a, out, from, to));
        } else {
            unary(op, a, out, 0, a.length);
        }
        return new Tensor(x.shape, out);
    }

    /** {@code out_i = op(a_i)} for i in {@code [from, to)}. */
    private static void unary(Unary op, double[] a, double[] out, int from, int to) {
        switch (op) {
            case NEG -> { for (int i = from; i < to; i++) out[i] = -a[i]; }
            case ABS -> { for (int i = from; i < to; i++) out[i] = Math.abs(a[i]); }
            case SIGN -> { for (int i = from; i < to; i++) out[i] = Math.signum(a[i]); }
            case EXP -> { for (int i = from; i < to; i++) out[i] = Math.exp(a[i]); }
            case LOG -> { for (int i = from; i < to; i++) out[i] = Math.log(a[i]); }
            case LOG1P -> { for (int i = from; i < to; i++) out[i] = Math.log1p(a[i]); }
            case SQRT -> { for (int i = from; i < to; i++) out[i] = Math.sqrt(a[i]); }
            case SQUARE -> { for (int i = from; i < to; i++) out[i] = a[i] * a[i]; }
            case RECIPROCAL -> { for (int i = from; i < to; i++) out[i] = 1.0 / a[i]; }
            case SIN -> { for (int i = from; i < to; i++) out[i] = Math.sin(a[i]); }
            case COS -> { for (int i = from; i < to; i++) out[i] = Math.cos(a[i]); }
            case TANH -> { for (int i = from; i < to; i++) out[i] = Scalars.tanh(a[i]); }
            case SIGMOID -> { for (int i = from; i < to; i++) out[i] = Scalars.sigmoid(a[i]); }
            // Math.max keeps NaN as NaN; a comparison would silently turn it into 0.
            case RELU -> { for (int i = from; i < to; i++) out[i] = Math.max(a[i], 0.0); }
            // The step is the derivative of relu, whose subgradient at 0 we take to be 0.
            case STEP -> { for (int i = from; i < to; i++) out[i] = a[i] > 0 ? 1.0 : 0.0; }
        }
    }

    /** {@code out_i = f(x_i)} for any function. */
    static Tensor map(Tensor x, DoubleUnaryOperator f) {
        Arguments.notNull(f, "map", "f");
        int n = x.size();
        if (x.floats != null) {
            float[] out = Storage.floats("map", x.shape);
            for (int i = 0; i < n; i++) {
                out[i] = (float) f.applyAsDouble(x.floats[i]);
            }
            return new Tensor(x.shape, out);
        }
        double[] out = Storage.doubles("map", x.shape);
        for (int i = 0; i < n; i++) {
            out[i] = f.applyAsDouble(x.data[i]);
        }
        return new Tensor(x.shape, out);
    }

    /**
     * {@code out = βx > threshold ? x : ln(1 + e^(βx)) / β}, PyTorch's branch, with the logarithm taken as
     * {@code max(βx, 0) + ln(1 + e^−|βx|)}: equal to PyTorch's {@code log1p(exp(βx))} within rounding where
     * that is finite, and finite for any x when the threshold is infinite. Evaluated in double (F32 rounded
     * once).
     */
    static Tensor softplus(Tensor x, double beta, double threshold) {
        if (!(beta > 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("softplus: beta must be positive and finite, got " + beta);
        }
        if (Double.isNaN(threshold)) {
            throw new IllegalArgumentException("softplus: threshold must be a number, got NaN");
        }
        if (x.floats != null) {
            return softplus(x.f64(), beta, threshold).to(DType.F32);
        }
        double[] a = x.data;
        double[] out = Storage.doubles("softplus", x.shape);
        for (int i = 0; i < a.length; i++) {
            out[i] = Scalars.softplus(a[i], beta, threshold);
        }
        return new Tensor(x.shape, out);
    }

    /** {@code out = op(a, b)} elementwise, the shapes broadcast by NumPy's rules. */
    static Tensor binary(Tensor a, Tensor b, Binary op) {
        Arguments.notNull(b, op.opName, "b");
        Shape shape = Shape.broadcast(a.shape, b.shape, op.opName);
        DType type = DType.common(a, b);
        if (type == DType.F32) {
            // Both operands rounded to float first, as float arithmetic sees them; then exactly the float result.
            return binary(a.to(DType.F32).f64(), b.to(DType.F32).f64(), op).to(DType.F32);
        }
        a = a.f64();
        b = b.f64();
        int n = shape.size();
        double[] out = Storage.doubles(op.opName, shape);
        if (n == 0) {
            return new Tensor(shape, out);
        }
        if (a.shape.equals(b.shape) || a.data.length == 1 || b.data.length == 1) {
            // One row over the output, an operand of one element read with stride 0.
            double[] x = a.data;
            double[] y = b.data;
            int sx = x.length == 1 && n > 1 ? 0 : 1;
            int sy = y.length == 1 && n > 1 ? 0 : 1;
            if (Parallel.splits(n)) {
                Parallel.elements(n, (from, to) -> row(op, x, from * sx, sx, y, from * sy, sy, out, from, to - from));
            } else {
                row(op, x, 0, sx, y, 0, sy, out, 0, n);
            }
        } else {
            Walk w = Walk.of(shape, a.shape, b.shape);
            int[] sa = w.strides[0];
            int[] sb = w.strides[1];
            int last = w.dims.length - 1;
            int[] index = new int[last];
            int ia = 0;
            int ib = 0;
            for (int o = 0; o < n; o += w.dims[last]) {
                row(op, a.data, ia, sa[last], b.data, ib, sb[last], out, o, w.dims[last]);
                // Odometer over the outer dimensions: bump the last digit, carry leftwards.
                for (int d = last - 1; d >= 0; d--) {
                    ia += sa[d];
                    ib += sb[d];
                    if (++index[d] < w.dims[d]) {
                        break;
                    }
                    ia -= sa[d] * w.dims[d];
                    ib -= sb[d] * w.dims[d];
                    index[d] = 0;
                }
            }
        }
        return new Tensor(shape, out);
    }

    /** {@code out = x + alpha·y}: one pass for equal shapes, otherwise {@code x + (y·alpha)} with the same result. */
    static Tensor addScaled(Tensor x, Tensor y, double alpha) {
        Arguments.notNull(y, "add", "b");
        if (!x.shape.equals(y.shape)) {
            return binary(x, binary(y, Tensor.full(Shape.scalar(), alpha, y.dtype()), Binary.MUL), Binary.ADD);
        }
        int n = x.size();
        if (DType.common(x, y) == DType.F32) {
            float[] a = x.to(DType.F32).floats;
            float[] b = y.to(DType.F32).floats;
            float s = (float) alpha;
            float[] out = Storage.floats("add", x.shape);
            Parallel.elements(n, (from, to) -> {
                for (int i = from; i < to; i++) {
                    out[i] = a[i] + s * b[i];
                }
            });
            return new Tensor(x.shape, out);
        }
        double[] a = x.f64().data;
        double[] b = y.f64().data;
        double[] out = Storage.doubles("add", x.shape);
        Parallel.elements(n, (from, to) -> {
            for (int i = from; i < to; i++) {
                out[i] = a[i] + alpha * b[i];
            }
        });
        return new Tensor(x.shape, out);
    }

    /** One strided row: {@code out[o + k] = op(x[i + k·si], y[j + k·sj])} for k below n; strides are 0 or more. */
    private static void row(Binary op, double[] x, int i, int si, double[] y, int j, int sj,
                            double[] out, int o, int n) {
        int end = o + n;
        switch (op) {
            case ADD -> { for (; o < end; o++, i += si, j += sj) out[o] = x[i] + y[j]; }
            case SUB -> { for (; o < end; o++, i += si, j += sj) out[o] = x[i] - y[j]; }
            case MUL -> { for (; o < end; o++, i += si, j += sj) out[o] = x[i] * y[j]; }
            case DIV -> { for (; o < end; o++, i += si, j += sj) out[o] = x[i] / y[j]; }
            case POW -> { for (; o < end; o++, i += si, j += sj) out[o] = Math.pow(x[i], y[j]); }
            // Math.max and Math.min return NaN if either side is NaN, as NumPy's maximum does.
            case MAXIMUM -> { for (; o < end; o++, i += si, j += sj) out[o] = Math.max(x[i], y[j]); }
            case MINIMUM -> { for (; o < end; o++, i += si, j += sj) out[o] = Math.min(x[i], y[j]); }
            case EQ -> { for (; o < end; o++, i += si, j += sj) out[o] = x[i] == y[j] ? 1.0 : 0.0; }
            case NE -> { for (; o < end; o++, i += si, j += sj) out[o] = x[i] != y[j] ? 1.0 : 0.0; }
            case LT -> { for (; o < end; o++, i += si, j += sj) out[o] = x[i] < y[j] ? 1.0 : 0.0; }
            case LE -> { for (; o < end; o++, i += si, j += sj) out[o] = x[i] <= y[j] ? 1.0 : 0.0; }
            case GT -> { for (; o < end; o++, i += si, j += sj) out[o] = x[i] > y[j] ? 1.0 : 0.0; }
            case GE -> { for (; o < end; o++, i += si, j += sj) out[o] = x[i] >= y[j] ? 1.0 : 0.0; }
        }
    }

    /** {@code out = cond ≠ 0 ? a : b} elementwise (NaN counts as non-zero), all three broadcast together. */
    static Tensor where(Tensor cond, Tensor a, Tensor b) {
        Arguments.notNull(cond, "where", "cond");
        Arguments.notNull(a, "where", "a");
        Arguments.notNull(b, "where", "b");
        if (!Shape.compatible(cond.shape, a.shape, b.shape)) {
            throw new IllegalArgumentException("where: condition " + cond.shape + ", a " + a.shape + " and b "
                    + b.shape + " do not broadcast together");
        }
        Shape shape = Shape.broadcast(Shape.broadcast(cond.shape, a.shape, "where"), b.shape, "where");
        // The condition only selects; the values decide the type.
        DType type = DType.common(a, b);
        if (cond.floats != null || a.floats != null || b.floats != null) {
            return where(cond.f64(), a.f64(), b.f64()).to(type);
        }
        int n = shape.size();
        double[] out = Storage.doubles("where", shape);
        if (n == 0) {
            return new Tensor(shape, out);
        }
        Walk w = Walk.of(shape, cond.shape, a.shape, b.shape);
        int[] sc = w.strides[0];
        int[] sa = w.strides[1];
        int[] sb = w.strides[2];
        int last = w.dims.length - 1;
        int inner = w.dims[last];
        int[] index = new int[last];
        int ic = 0;
        int ia = 0;
        int ib = 0;
        for (int o = 0; o < n; o += inner) {
            for (int k = 0, c = ic, x = ia, y = ib; k < inner; k++, c += sc[last], x += sa[last], y += sb[last]) {
                out[o + k] = cond.data[c] != 0 ? a.data[x] : b.data[y];
            }
            for (int d = last - 1; d >= 0; d--) {
                ic += sc[d];
                ia += sa[d];
                ib += sb[d];
                if (++index[d] < w.dims[d]) {
                    break;
                }
                ic -= sc[d] * w.dims[d];
                ia -= sa[d] * w.dims[d];
                ib -= sb[d] * w.dims[d];
                index[d] = 0;
            }
        }
        return new Tensor(shape, out);
    }

    /** {@code out = min(max(x, lo), hi)} elementwise; NaN elements stay NaN. */
    static Tensor clamp(Tensor x, double lo, double hi) {
        if (Double.isNaN(lo) || Double.isNaN(hi)) {
            throw new IllegalArgumentException("clamp: bounds must be numbers, got lower " + lo + " and upper " + hi);
        }
        if (lo > hi) {
            throw new IllegalArgumentException("clamp: lower bound " + lo + " exceeds upper bound " + hi);
        }
        if (x.floats != null) {
            return clamp(x.f64(), lo, hi).to(DType.F32);
        }
        double[] a = x.data;
        double[] out = Storage.doubles("clamp", x.shape);
        for (int i = 0; i < a.length; i++) {
            double v = a[i];
            out[i] = v < lo ? lo : v > hi ? hi : v;
        }
        return new Tensor(x.shape, out);
    }

    /**
     * A plan for walking a non-empty output shape while reading broadcast operands: the output's
     * dimensions and, per operand, the element stride along each (0 where the operand is broadcast).
     * Size-1 output dimensions are dropped and neighbouring dimensions that every operand steps through
     * uniformly are merged, so the inner loop runs as long as the layout allows; at least one dimension
     * always remains.
     */
    record Walk(int[] dims, int[][] strides) {
        static Walk of(Shape out, Shape... operands) {
            int r = out.rank();
            int[] od = out.dims();
            int[][] full = new int[operands.length][];
            for (int k = 0; k < operands.length; k++) {
                full[k] = alignedStrides(operands[k], r);
            }
            int[] dims = new int[Math.max(r, 1)];
            int[][] strides = new int[operands.length][dims.length];
            int m = 0;
            for (int i = 0; i < r; i++) {
                if (od[i] == 1) {
                    continue;
                }
                boolean merge = m > 0;
                for (int k = 0; k < operands.length && merge; k++) {
                    merge = strides[k][m - 1] == full[k][i] * od[i];
                }
                if (merge) {
                    dims[m - 1] *= od[i];
                } else {
                    dims[m++] = od[i];
                }
                for (int k = 0; k < operands.length; k++) {
                    strides[k][m - 1] = full[k][i];
                }
            }
            if (m == 0) {
                // A one-element output: a single dimension of size 1 with zero strides.
                return new Walk(new int[] {1}, new int[operands.length][1]);
            }
            int[][] trimmed = new int[operands.length][];
            for (int k = 0; k < operands.length; k++) {
                trimmed[k] = Arrays.copyOf(strides[k], m);
            }
            return new Walk(Arrays.copyOf(dims, m), trimmed);
        }

        /** The strides of {@code s} aligned right against rank {@code r}, 0 for missing and size-1 dimensions. */
        private static int[] alignedStrides(Shape s, int r) {
            int[] own = s.strides();
            int[] out = new int[r];
            int off = r - s.rank();
            for (int i = 0; i < s.rank(); i++) {
                out[off + i] = s.dim(i) == 1 ? 0 : own[i];
            }
            return out;
        }
    }
}
