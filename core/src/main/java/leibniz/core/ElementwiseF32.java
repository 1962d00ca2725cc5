package leibniz.core;

import leibniz.core.Elementwise.Binary;
import leibniz.core.Elementwise.Unary;
import leibniz.core.Elementwise.Walk;

/**
 * The F32 twins of {@link Elementwise}'s unary and binary kernels: the same loops on {@code float[]}.
 * Transcendental functions are evaluated in double and rounded once, so each result is the float
 * nearest the true value (or within one rounding of it), as PyTorch's CPU kernels give.
 */
final class ElementwiseF32 {
    private ElementwiseF32() {}

    /** {@code out_i = op(a_i)}. */
    static float[] unary(float[] a, Shape shape, Unary op) {
        int n = a.length;
        float[] out = Storage.floats(op.opName, shape);
        if (Parallel.splits(n)) {
            Parallel.elements(n, (from, to) -> unary(op, a, out, from, to));
        } else {
            unary(op, a, out, 0, n);
        }
        return out;
    }

    private static void unary(Unary op, float[] a, float[] out, int from, int to) {
        switch (op) {
            case NEG -> { for (int i = from; i < to; i++) out[i] = -a[i]; }
            case ABS -> { for (int i = from; i < to; i++) out[i] = Math.abs(a[i]); }
            case SIGN -> { for (int i = from; i < to; i++) out[i] = Math.signum(a[i]); }
            case EXP -> { for (int i = from; i < to; i++) out[i] = (float) Math.exp(a[i]); }
            case LOG -> { for (int i = from; i < to; i++) out[i] = (float) Math.log(a[i]); }
            case LOG1P -> { for (int i = from; i < to; i++) out[i] = (float) Math.log1p(a[i]); }
            case SQRT -> { for (int i = from; i < to; i++) out[i] = (float) Math.sqrt(a[i]); }
            case SQUARE -> { for (int i = from; i < to; i++) out[i] = a[i] * a[i]; }
            case RECIPROCAL -> { for (int i = from; i < to; i++) out[i] = 1.0f / a[i]; }
            case SIN -> { for (int i = from; i < to; i++) out[i] = (float) Math.sin(a[i]); }
            case COS -> { for (int i = from; i < to; i++) out[i] = (float) Math.cos(a[i]); }
            case TANH -> { for (int i = from; i < to; i++) out[i] = (float) Math.tanh(a[i]); }
            case SIGMOID -> { for (int i = from; i < to; i++) out[i] = (float) Scalars.sigmoid(a[i]); }
            case RELU -> { for (int i = from; i < to; i++) out[i] = Math.max(a[i], 0.0f); }
            case STEP -> { for (int i = from; i < to; i++) out[i] = a[i] > 0 ? 1.0f : 0.0f; }
        }
    }

    /** {@code out = op(a, b)} over the broadcast {@code shape}; both operands are F32. */
    static Tensor binary(Tensor a, Tensor b, Binary op, Shape shape) {
        int n = shape.size();
        float[] out = Storage.floats(op.opName, shape);
        if (n == 0) {
            return new Tensor(shape, out);
        }
        float[] x = a.floats;
        float[] y = b.floats;
        if (a.shape.equals(b.shape) || x.length == 1 || y.length == 1) {
            int sx = x.length == 1 && n > 1 ? 0 : 1;
            int sy = y.length == 1 && n > 1 ? 0 : 1;
            if (Parallel.splits(n)) {
                Parallel.elements(n, (from, to) -> row(op, x, from * sx, sx, y, from * sy, sy, out, from, to - from));
            } else {
                row(op, x, 0, sx, y, 0, sy, out, 0, n);
            }
        } else {
            Walk w = Walk.of(shape, a.shape, b.shape);
            int[] sa = w.strides()[0];
            int[] sb = w.strides()[1];
            int[] dims = w.dims();
            int last = dims.length - 1;
            int[] index = new int[last];
            int ia = 0;
            int ib = 0;
            for (int o = 0; o < n; o += dims[last]) {
                row(op, x, ia, sa[last], y, ib, sb[last], out, o, dims[last]);
                for (int d = last - 1; d >= 0; d--) {
                    ia += sa[d];
                    ib += sb[d];
                    if (++index[d] < dims[d]) {
                        break;
                    }
                    ia -= sa[d] * dims[d];
                    ib -= sb[d] * dims[d];
                    index[d] = 0;
                }
            }
        }
        return new Tensor(shape, out);
    }

    private static void row(Binary op, float[] x, int i, int si, float[] y, int j, int sj, float[] out, int o, int n) {
        int end = o + n;
        switch (op) {
            case ADD -> { for (; o < end; o++, i += si, j += sj) out[o] = x[i] + y[j]; }
            case SUB -> { for (; o < end; o++, i += si, j += sj) out[o] = x[i] - y[j]; }
            case MUL -> { for (; o < end; o++, i += si, j += sj) out[o] = x[i] * y[j]; }
            case DIV -> { for (; o < end; o++, i += si, j += sj) out[o] = x[i] / y[j]; }
            case POW -> { for (; o < end; o++, i += si, j += sj) out[o] = (float) Math.pow(x[i], y[j]); }
            case MAXIMUM -> { for (; o < end; o++, i += si, j += sj) out[o] = Math.max(x[i], y[j]); }
            case MINIMUM -> { for (; o < end; o++, i += si, j += sj) out[o] = Math.min(x[i], y[j]); }
            case EQ -> { for (; o < end; o++, i += si, j += sj) out[o] = x[i] == y[j] ? 1.0f : 0.0f; }
            case NE -> { for (; o < end; o++, i += si, j += sj) out[o] = x[i] != y[j] ? 1.0f : 0.0f; }
            case LT -> { for (; o < end; o++, i += si, j += sj) out[o] = x[i] < y[j] ? 1.0f : 0.0f; }
            case LE -> { for (; o < end; o++, i += si, j += sj) out[o] = x[i] <= y[j] ? 1.0f : 0.0f; }
            case GT -> { for (; o < end; o++, i += si, j += sj) out[o] = x[i] > y[j] ? 1.0f : 0.0f; }
            case GE -> { for (; o < end; o++, i += si, j += sj) out[o] = x[i] >= y[j] ? 1.0f : 0.0f; }
        }
    }
}
