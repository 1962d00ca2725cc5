package leibniz.core;

/** Prints a tensor's values as nested brackets, one level per dimension, as NumPy does. */
final class TensorFormat {
    /** How many entries to keep at each end of an abridged dimension. */
    private static final int EDGE = 3;

    private TensorFormat() {}

    /**
     * The values nested by dimension, {@code [[1.0, 2.0], [3.0, 4.0]]}, or the bare value of a scalar; a
     * dimension longer than {@code limit} shows its first and last three entries around {@code ...}.
     */
    static String format(Tensor t, int limit) {
        if (t.shape.isScalar()) {
            return value(t, 0);
        }
        StringBuilder sb = new StringBuilder();
        append(sb, t, t.shape.dims(), t.shape.strides(), 0, 0, limit);
        return sb.toString();
    }

    // Recursion depth is the rank, which is small; graphs are never printed this way.
    private static void append(StringBuilder sb, Tensor data, int[] dims, int[] strides, int axis, int offset,
                               int limit) {
        int n = dims[axis];
        boolean abridged = n > limit && n > 2 * EDGE;
        sb.append('[');
        for (int i = 0; i < n; i++) {
            if (abridged && i == EDGE) {
                sb.append(", ...");
                i = n - EDGE;
            }
            if (i > 0) {
                sb.append(", ");
            }
            int at = offset + i * strides[axis];
            if (axis == dims.length - 1) {
                sb.append(value(data, at));
            } else {
                append(sb, data, dims, strides, axis + 1, at, limit);
            }
        }
        sb.append(']');
    }

    /** An F32 value printed as the shortest float that reads back the same: 0.1, not 0.10000000149011612. */
    private static String value(Tensor t, int i) {
        return t.floats != null ? Float.toString(t.floats[i]) : Double.toString(t.data[i]);
    }
}
