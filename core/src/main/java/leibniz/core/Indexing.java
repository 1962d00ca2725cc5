package leibniz.core;

import java.util.Arrays;

/**
 * Integer indexing: {@code indexSelect} (NumPy's {@code take}, PyTorch's {@code index_select}) and its
 * adjoint {@code indexAdd}; {@code gather} (PyTorch's, NumPy's {@code take_along_axis}) and its adjoint
 * {@code scatterAdd}; and {@code oneHot}.
 *
 * <p>Indices arrive as floating-point tensors of either type, so each must be a whole number in range;
 * they are checked and converted to {@code int} once, before any value moves. Selected and scattered
 * values keep their type (F32 scatters accumulate in double and round once); one-hot rows are F64.
 */
final class Indexing {
    private Indexing() {}

    /**
     * {@code out[o, t, i] = x[o, idx[t], i]}, where {@code o} runs over the axes before {@code axis},
     * {@code t} over the shape of {@code indices} and {@code i} over the axes after {@code axis}.
     */
    static Tensor indexSelect(Tensor x, int axis, Tensor indices) {
        Arguments.notNull(indices, "indexSelect", "indices");
        int a = x.shape.axis(axis, "indexSelect");
        int dim = x.shape.dim(a);
        Shape outShape = x.shape.taken(a, indices.shape, "indexSelect");
        int[] idx = toIndices(indices, dim, "indexSelect", "axis " + a + " of size " + dim);
        if (x.floats != null) {
            return indexSelect(x.f64(), axis, indices).to(DType.F32); // moves values only: exact
        }
        int outer = x.shape.sizeBetween(0, a);
        int inner = x.shape.sizeBetween(a + 1, x.rank());
        int n = idx.length;
        double[] out = Storage.doubles("indexSelect", outShape);
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
        return new Tensor(outShape, out);
    }

    /**
     * {@code out[o, idx[t], i] += updates[o, t, i]} into zeros of {@code shape}: the adjoint of
     * {@link #indexSelect}, so repeated indices accumulate (PyTorch's {@code index_add}).
     */
    static Tensor indexAdd(Shape shape, int axis, Tensor indices, Tensor updates) {
        Arguments.notNull(shape, "indexAdd", "shape");
        Arguments.notNull(indices, "indexAdd", "indices");
        Arguments.notNull(updates, "indexAdd", "updates");
        int a = shape.axis(axis, "indexAdd");
        int dim = shape.dim(a);
        Shape expected = shape.taken(a, indices.shape, "indexAdd");
        if (!updates.shape.equals(expected)) {
            throw new IllegalArgumentException("indexAdd: updates have shape " + updates.shape + ", expected "
                    + expected + " for indices " + indices.shape + " along axis " + a + " of " + shape);
        }
        int[] idx = toIndices(indices, dim, "indexAdd", "axis " + a + " of size " + dim);
        if (updates.floats != null) {
            return indexAdd(shape, axis, indices, updates.f64()).to(DType.F32); // accumulated in double
        }
        int outer = shape.sizeBetween(0, a);
        int inner = shape.sizeBetween(a + 1, shape.rank());
        int n = idx.length;
        double[] out = Storage.doubles("indexAdd", shape);
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

    /**
     * {@code out[i] = x[i with coordinate axis replaced by index[i]]} for every multi-index {@code i} of
     * {@code index}, as PyTorch's {@code gather}: the index has x's rank, and outside {@code axis} no
     * dimension larger than x's; the result has the index's shape.
     */
    static Tensor gather(Tensor x, int axis, Tensor index) {
        Arguments.notNull(index, "gather", "index");
        int a = x.shape.axis(axis, "gather");
        x.shape.gathered(a, index.shape, "gather");
        int[] idx = toIndices(index, x.shape.dim(a), "gather", "axis " + a + " of size " + x.shape.dim(a));
        if (x.floats != null) {
            return gather(x.f64(), axis, index).to(DType.F32); // moves values only: exact
        }
        int[] from = offsets(index.shape, x.shape, a, idx);
        double[] out = Storage.doubles("gather", index.shape);
        for (int t = 0; t < out.length; t++) {
            out[t] = x.data[from[t]];
        }
        return new Tensor(index.shape, out);
    }

    /**
     * {@code out[i with coordinate axis replaced by index[i]] += src[i]} into zeros of {@code shape}, for
     * every multi-index {@code i} of {@code index}: PyTorch's {@code zeros(shape).scatter_add(axis, index,
     * src)} and the adjoint of {@link #gather}. Repeated targets accumulate; {@code src} may be larger
     * than the index, and only its part that the index covers is read.
     */
    static Tensor scatterAdd(Shape shape, int axis, Tensor index, Tensor src) {
        Arguments.notNull(shape, "scatterAdd", "shape");
        Arguments.notNull(index, "scatterAdd", "index");
        Arguments.notNull(src, "scatterAdd", "src");
        int a = shape.axis(axis, "scatterAdd");
        shape.scattered(a, index.shape, src.shape, "scatterAdd");
        int[] idx = toIndices(index, shape.dim(a), "scatterAdd", "axis " + a + " of size " + shape.dim(a));
        if (src.floats != null) {
            return scatterAdd(shape, axis, index, src.f64()).to(DType.F32); // accumulated in double
        }
        int[] to = offsets(index.shape, shape, a, idx);
        int[] from = offsets(index.shape, src.shape, -1, null);
        double[] out = Storage.doubles("scatterAdd", shape);
        for (int t = 0; t < to.length; t++) {
            out[to[t]] += src.data[from[t]];
        }
        return new Tensor(shape, out);
    }

    /** {@code out[t, c] = 1} if {@code indices[t] = c}, else 0, for {@code c} in {@code [0, classes)}. */
    static Tensor oneHot(Tensor indices, int classes) {
        Arguments.notNull(indices, "oneHot", "indices");
        if (classes < 1) {
            throw new IllegalArgumentException("oneHot: classes must be at least 1, got " + classes);
        }
        int[] dims = Arrays.copyOf(indices.shape.dims(), indices.rank() + 1);
        dims[indices.rank()] = classes;
        Shape shape = Shape.of(dims, "oneHot");
        int[] idx = toIndices(indices, classes, "oneHot", classes + " classes");
        double[] out = Storage.doubles("oneHot", shape);
        for (int t = 0; t < idx.length; t++) {
            out[t * classes + idx[t]] = 1;
        }
        return new Tensor(shape, out);
    }

    /**
     * For each element of a tensor of shape {@code index}, in row-major order, the flat offset of the
     * element of {@code into} at the same coordinates, with coordinate {@code axis} replaced by
     * {@code idx} (when {@code axis >= 0}).
     */
    private static int[] offsets(Shape index, Shape into, int axis, int[] idx) {
        int r = index.rank();
        int[] dims = index.dims();
        int[] strides = into.strides();
        int[] pos = new int[r];
        int[] out = new int[index.size()];
        int base = 0; // the offset of pos in into, without the axis coordinate
        for (int t = 0; t < out.length; t++) {
            out[t] = axis >= 0 ? base + idx[t] * strides[axis] : base;
            for (int d = r - 1; d >= 0; d--) {
                int step = d == axis ? 0 : strides[d];
                base += step;
                if (++pos[d] < dims[d]) {
                    break;
                }
                base -= step * dims[d];
                pos[d] = 0;
            }
        }
        return out;
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
