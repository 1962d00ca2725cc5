package leibniz.core;

/**
 * Integer indexing: {@code gather} (NumPy's {@code take}), its adjoint {@code scatterAdd}, and
 * {@code oneHot}.
 *
 * <p>Indices arrive as floating-point tensors of either type, so each must be a whole number in range;
 * they are checked and converted to {@code int} once, before any value moves. Gathered and scattered
 * values keep their type; one-hot rows are F64.
 */
final class Indexing {
    private Indexing() {}

    /**
     * {@code out[o, t, i] = x[o, idx[t], i]}, where {@code o} runs over the axes before {@code axis},
     * {@code t} over the shape of {@code indices} and {@code i} over the axes after {@code axis}.
     */
    static Tensor gather(Tensor x, int axis, Tensor indices) {
        int a = x.shape.axis(axis, "gather");
        int dim = x.shape.dim(a);
        int[] idx = toIndices(indices, dim, "gather", "axis " + a + " of size " + dim);
        int outer = x.shape.sizeBetween(0, a);
        int inner = x.shape.sizeBetween(a + 1, x.rank());
        int n = idx.length;
        if (x.floats != null) {
            return gather(x.f64(), axis, indices).to(DType.F32); // moves values only: exact
        }
        double[] out = new double[outer * n * inner];
        if (inner == 1) {
            // Picking one value per index (class scores, labels): skip arraycopy's per-call overhead.
            for (int o = 0; o < outer; o++) {
                int src = o * dim;
                int dst = o * n;
                for (int t = 0; t < n; t++) {
                    out[dst + t] = x.data[src + idx[t]];
                }
            }
        } else {
            for (int o = 0; o < outer; o++) {
                for (int t = 0; t < n; t++) {
                    System.arraycopy(x.data, (o * dim + idx[t]) * inner, out, (o * n + t) * inner, inner);
                }
            }
        }
        return new Tensor(spliced(x.shape, a, indices.shape), out);
    }

    /**
     * {@code out[o, idx[t], i] += updates[o, t, i]} into zeros of {@code shape}: the adjoint of
     * {@link #gather}, so repeated indices accumulate.
     */
    static Tensor scatterAdd(Shape shape, int axis, Tensor indices, Tensor updates) {
        int a = shape.axis(axis, "scatterAdd");
        int dim = shape.dim(a);
        Shape expected = spliced(shape, a, indices.shape);
        if (!updates.shape.equals(expected)) {
            throw new IllegalArgumentException("scatterAdd: updates have shape " + updates.shape + ", expected "
                    + expected + " for indices " + indices.shape + " along axis " + a + " of " + shape);
        }
        int[] idx = toIndices(indices, dim, "scatterAdd", "axis " + a + " of size " + dim);
        if (updates.floats != null) {
            return scatterAdd(shape, axis, indices, updates.f64()).to(DType.F32); // accumulated in double
        }
        int outer = shape.sizeBetween(0, a);
        int inner = shape.sizeBetween(a + 1, shape.rank());
        int n = idx.length;
        double[] out = new double[shape.size()];
        double[] u = updates.data;
        for (int o = 0; o < outer; o++) {
            for (int t = 0; t < n; t++) {
                int dst = (o * dim + idx[t]) * inner;
                int src = (o * n + t) * inner;
                for (int i = 0; i < inner; i++) {
                    out[dst + i] += u[src + i];
                }
            }
        }
        return new Tensor(shape, out);
    }

    /** {@code out[t, c] = 1} if {@code indices[t] = c}, else 0, for {@code c} in {@code [0, classes)}. */
    static Tensor oneHot(Tensor indices, int classes) {
        if (classes < 1) {
            throw new IllegalArgumentException("oneHot: classes must be at least 1, got " + classes);
        }
        int[] idx = toIndices(indices, classes, "oneHot", classes + " classes");
        double[] out = new double[idx.length * classes];
        for (int t = 0; t < idx.length; t++) {
            out[t * classes + idx[t]] = 1;
        }
        return new Tensor(indices.shape.inserting(indices.rank(), classes), out);
    }

    /** {@code shape[:axis] + middle + shape[axis+1:]}. */
    private static Shape spliced(Shape shape, int axis, Shape middle) {
        int[] d = shape.dims();
        int[] m = middle.dims();
        int[] out = new int[d.length - 1 + m.length];
        System.arraycopy(d, 0, out, 0, axis);
        System.arraycopy(m, 0, out, axis, m.length);
        System.arraycopy(d, axis + 1, out, axis + m.length, d.length - axis - 1);
        return Shape.of(out);
    }

    /** The values of {@code indices} as ints, each checked to be a whole number in {@code [0, size)}. */
    private static int[] toIndices(Tensor indices, int size, String op, String range) {
        double[] v = indices.f64().data;
        int[] idx = new int[v.length];
        for (int t = 0; t < v.length; t++) {
            double d = v[t];
            if (d != Math.rint(d)) { // also catches NaN; the infinities fail the range check below
                throw new IllegalArgumentException(op + ": index " + d + " is not a whole number");
            }
            if (d < 0 || d >= size) {
                throw new IllegalArgumentException(op + ": index " + format(d) + " out of range for " + range);
            }
            idx[t] = (int) d;
        }
        return idx;
    }

    /** A whole number without the ".0" that {@code Double.toString} would add. */
    private static String format(double whole) {
        return Math.abs(whole) < 1e15 ? Long.toString((long) whole) : Double.toString(whole);
    }
}
