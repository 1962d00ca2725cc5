package leibniz.core;

/**
 * Joining tensors: {@code concat} along an axis, {@code stack} along a new one, and {@code place}, which writes
 * one step of a stack into a buffer; concat also into a buffer, for a runtime that plans its memory.
 */
final class Joins {
    private Joins() {
    }

    /** The parts joined along {@code axis}; every other dimension must agree. */
    static Tensor concat(int axis, Tensor[] parts) {
        Shape shape = joined(axis, parts);
        if (parts.length == 1) {
            return parts[0];
        }
        Tensor out = Storage.zeros("concat", shape, DType.common(parts));
        join(shape.axis(axis, "concat"), parts, out);
        return out;
    }

    /** {@link Kernels#concat}: the parts joined along {@code axis}, written into out. */
    static Tensor concat(int axis, Tensor[] parts, Buffer out) {
        Shape shape = joined(axis, parts);
        DType type = DType.common(parts);
        if (!out.shape().equals(shape) || out.dtype() != type) {
            throw new IllegalArgumentException("concat: the result is " + shape + " " + type + ", the buffer holds "
                    + out.shape() + " " + out.dtype());
        }
        join(shape.axis(axis, "concat"), parts, out.view());
        return out.view();
    }

    /** The shape of the parts joined along {@code axis}, refusing parts that do not join. */
    private static Shape joined(int axis, Tensor[] parts) {
        Arguments.noNulls(parts, "concat", "parts");
        if (parts.length == 0) {
            throw new IllegalArgumentException("concat: needs at least one tensor");
        }
        Shape first = parts[0].shape;
        int a = first.axis(axis, "concat");
        long total = 0;
        for (Tensor p : parts) {
            if (p.rank() != first.rank()) {
                throw new IllegalArgumentException("concat: shapes " + shapes(parts) + " differ in rank");
            }
            if (!p.shape.withDim(a, 0).equals(first.withDim(a, 0))) {
                throw new IllegalArgumentException("concat: shapes " + shapes(parts) + " differ outside axis " + a);
            }
            total += p.shape.dim(a);
        }
        int[] dims = first.dims();
        long[] joined = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            joined[i] = i == a ? total : dims[i];
        }
        Storage.count("concat", joined); // the joined axis may pass what an int or an array holds
        dims[a] = (int) total;
        return Shape.of(dims, "concat");
    }

    /** Copies the parts, joined along axis a, into {@code out}'s storage, converted to its type. */
    private static void join(int a, Tensor[] parts, Tensor out) {
        Shape first = parts[0].shape;
        int outer = first.sizeBetween(0, a);
        int inner = first.sizeBetween(a + 1, first.rank());
        Object to = out.storage();
        Object[] from = new Object[parts.length];
        for (int i = 0; i < parts.length; i++) {
            from[i] = parts[i].to(out.dtype()).storage();
        }
        int dst = 0;
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < parts.length; i++) {
                int run = parts[i].shape.dim(a) * inner;
                System.arraycopy(from[i], o * run, to, dst, run);
                dst += run;
            }
        }
    }

    /** The parts, all of one shape, joined along a new {@code axis} in {@code [-(rank + 1), rank]}. */
    static Tensor stack(int axis, Tensor[] parts) {
        Arguments.noNulls(parts, "stack", "parts");
        if (parts.length == 0) {
            throw new IllegalArgumentException("stack: needs at least one tensor");
        }
        Shape first = parts[0].shape;
        for (Tensor p : parts) {
            if (!p.shape.equals(first)) {
                throw new IllegalArgumentException("stack: shapes " + shapes(parts) + " differ");
            }
        }
        int r = first.rank();
        if (axis < -(r + 1) || axis > r) {
            throw new IllegalArgumentException("stack: axis " + axis + " out of range for rank " + r
                    + " (a new axis goes at " + -(r + 1) + " to " + r + ")");
        }
        int a = axis < 0 ? axis + r + 1 : axis;
        Tensor[] lifted = new Tensor[parts.length];
        for (int i = 0; i < parts.length; i++) {
            lifted[i] = parts[i].withShape(first.inserting(a, 1)); // shares storage: no copy
        }
        return concat(a, lifted);
    }

    /** {@link Kernels#place}: part into out's slice {@code index} along {@code axis}, converted to out's type. */
    static Tensor place(Tensor part, int axis, int index, Buffer out) {
        Shape whole = out.shape();
        if (axis < 0 || axis >= whole.rank() || !whole.without(axis).equals(part.shape)) {
            throw new IllegalArgumentException("place: " + part.shape + " is not a step along axis " + axis + " of "
                    + whole);
        }
        int steps = whole.dim(axis);
        if (index < 0 || index >= steps) {
            throw new IllegalArgumentException("place: step " + index + " out of range for " + steps + " steps along axis "
                    + axis + " of " + whole);
        }
        int outer = whole.sizeBetween(0, axis);
        int inner = whole.sizeBetween(axis + 1, whole.rank());
        Object from = part.to(out.dtype()).storage();
        Object to = out.storage();
        for (int o = 0; o < outer; o++) {
            System.arraycopy(from, o * inner, to, (o * steps + index) * inner, inner);
        }
        return out.view();
    }

    private static String shapes(Tensor[] parts) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(parts[i].shape);
        }
        return sb.toString();
    }
}
