package leibniz.core;

/**
 * Strided slices along one axis, {@code x[..., start:end:step, ...]}, and their adjoint
 * {@code sliceScatter}, which writes a slice back into a tensor (PyTorch's {@code slice_scatter}).
 *
 * <p>The bounds follow Python's (and so PyTorch's) slicing: a negative bound counts from the end, and
 * bounds past either end are clamped, so {@code slice(0, 2, Integer.MAX_VALUE, 2)} is {@code x[2::2]}
 * and a range that starts at or after its end is empty. The step is positive.
 */
final class Slicing {
    private Slicing() {}

    /** A slice along a non-negative axis, bounds clamped: elements {@code start, start + step, ...} below {@code end}. */
    record Range(int axis, int start, int end, int step) {
        /** The number of elements taken: {@code ⌈(end − start) / step⌉}, at least 0. */
        int length() {
            return end <= start ? 0 : (int) (((long) end - start + step - 1) / step);
        }

        /** Python's clamping of {@code start:end:step} for an axis of {@code shape}; {@code op} names the refusal. */
        static Range of(Shape shape, int axis, int start, int end, int step, String op) {
            int a = shape.axis(axis, op);
            if (step < 1) {
                throw new IllegalArgumentException(op + ": step must be positive, got " + step);
            }
            int size = shape.dim(a);
            return new Range(a, clamp(start, size), clamp(end, size), step);
        }

        private static int clamp(int bound, int size) {
            long b = bound < 0 ? (long) bound + size : bound;
            return (int) Math.max(0, Math.min(size, b));
        }
    }

    /** {@code x[..., start:end:step, ...]} along {@code axis}. */
    static Tensor slice(Tensor x, int axis, int start, int end, int step) {
        Range r = Range.of(x.shape, axis, start, end, step, "slice");
        int d = x.shape.dim(r.axis());
        if (r.start() == 0 && r.length() == d) {
            return x;
        }
        Tensor out = Storage.zeros("slice", x.shape.withDim(r.axis(), r.length()), x.dtype());
        copy(x, out, r, true);
        return out;
    }

    /** {@link Kernels#select}: step index of whole along axis, written into out. */
    static Tensor select(Tensor whole, int axis, int index, Buffer out) {
        Shape shape = whole.shape;
        if (axis < 0 || axis >= shape.rank() || !shape.without(axis).equals(out.shape())
                || whole.dtype() != out.dtype()) {
            throw new IllegalArgumentException("select: " + out.shape() + " " + out.dtype() + " is not a step along axis "
                    + axis + " of " + shape + " " + whole.dtype());
        }
        if (index < 0 || index >= shape.dim(axis)) {
            throw new IllegalArgumentException("select: step " + index + " out of range for " + shape.dim(axis)
                    + " steps along axis " + axis + " of " + shape);
        }
        copy(whole, out.view(), new Range(axis, index, index + 1, 1), true);
        return out.view();
    }

    /**
     * A copy of {@code x} whose slice {@code x[..., start:end:step, ...]} along {@code axis} holds
     * {@code src} instead, converted to x's type; {@code src} has the slice's shape.
     */
    static Tensor sliceScatter(Tensor x, Tensor src, int axis, int start, int end, int step) {
        Arguments.notNull(src, "sliceScatter", "src");
        Range r = Range.of(x.shape, axis, start, end, step, "sliceScatter");
        Shape slice = x.shape.withDim(r.axis(), r.length());
        if (!src.shape.equals(slice)) {
            throw new IllegalArgumentException("sliceScatter: src " + src.shape + " does not fit the slice " + slice
                    + " of " + x.shape + " along axis " + r.axis() + " [" + r.start() + ":" + r.end() + ":" + r.step()
                    + "]");
        }
        Tensor out = Storage.zeros("sliceScatter", x.shape, x.dtype());
        System.arraycopy(x.storage(), 0, out.storage(), 0, x.size());
        copy(src.to(x.dtype()), out, r, false);
        return out;
    }

    /**
     * Moves the slice's elements between {@code whole} (the full tensor) and {@code part} (the slice): from
     * whole to part when {@code take}, back otherwise. Both have one type.
     */
    private static void copy(Tensor from, Tensor to, Range r, boolean take) {
        Tensor whole = take ? from : to;
        int outer = whole.shape.sizeBetween(0, r.axis());
        int inner = whole.shape.sizeBetween(r.axis() + 1, whole.rank());
        int d = whole.shape.dim(r.axis());
        int n = r.length();
        Object src = from.storage();
        Object dst = to.storage();
        for (int o = 0; o < outer; o++) {
            if (r.step() == 1) {
                int at = (o * d + r.start()) * inner;
                int run = n * inner;
                System.arraycopy(src, take ? at : o * run, dst, take ? o * run : at, run);
                continue;
            }
            for (int k = 0; k < n; k++) {
                int at = (o * d + r.start() + k * r.step()) * inner;
                int in = (o * n + k) * inner;
                System.arraycopy(src, take ? at : in, dst, take ? in : at, inner);
            }
        }
    }
}
