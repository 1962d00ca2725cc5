package leibniz.core;

import java.util.Arrays;

/**
 * Operations that move values without arithmetic (reshape, permute, slice, concat, broadcast), plus
 * {@code sumTo}, the adjoint of broadcasting.
 *
 * <p>Tensors are immutable, so an operation that keeps the row-major order of the values (reshape,
 * squeeze, unsqueeze, a permutation that only moves size-1 axes) shares the input's storage instead
 * of copying it.
 */
final class ShapeOps {
    /** Edge of the square tiles of the blocked transpose: 32 × 32 doubles is 8 KiB, well inside L1. */
    private static final int TILE = 32;

    private ShapeOps() {}

    /** {@code x} viewed in {@code dims}, of equal size; one {@code -1} is inferred from the others. */
    static Tensor reshape(Tensor x, int[] dims) {
        Arguments.notNull(dims, "reshape", "dims");
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] == -1) {
                if (inferred >= 0) {
                    throw new IllegalArgumentException("reshape: more than one -1 in " + Arrays.toString(dims));
                }
                inferred = i;
            } else if (dims[i] < 0) {
                throw new IllegalArgumentException("reshape: negative dimension " + dims[i] + " in "
                        + Arrays.toString(dims));
            } else {
                known *= dims[i];
            }
        }
        int size = x.size();
        int[] out = dims.clone();
        if (inferred >= 0) {
            // With a zero among the known dimensions any value would fit: refuse, as NumPy does.
            if (known == 0 || size % known != 0) {
                throw cannotView(size, dims);
            }
            out[inferred] = (int) (size / known);
        } else if (known != size) {
            throw cannotView(size, dims);
        }
        Shape s = Shape.of(out);
        return s.equals(x.shape) ? x : x.withShape(s);
    }

    private static IllegalArgumentException cannotView(int size, int[] dims) {
        return new IllegalArgumentException("reshape: cannot view " + size + " elements as " + Arrays.toString(dims));
    }

    /** {@code x} with axes {@code a} and {@code b} swapped. */
    static Tensor transpose(Tensor x, int a, int b) {
        int i = x.shape.axis(a, "transpose");
        int j = x.shape.axis(b, "transpose");
        int[] order = new int[x.rank()];
        for (int t = 0; t < order.length; t++) {
            order[t] = t;
        }
        order[i] = j;
        order[j] = i;
        return permute(x, order);
    }

    /** {@code out[i_0, ..., i_{r-1}] = x[j]} where {@code j[order[t]] = i_t}: output axis t is input axis {@code order[t]}. */
    static Tensor permute(Tensor x, int[] order) {
        Arguments.notNull(order, "permute", "order");
        int r = x.rank();
        boolean[] seen = new boolean[r];
        boolean valid = order.length == r;
        for (int t = 0; valid && t < r; t++) {
            valid = order[t] >= 0 && order[t] < r && !seen[order[t]];
            if (valid) {
                seen[order[t]] = true;
            }
        }
        if (!valid) {
            throw new IllegalArgumentException("permute: " + Arrays.toString(order) + " is not a permutation of "
                    + r + " axes");
        }
        int[] in = x.shape.dims();
        int[] outDims = new int[r];
        for (int t = 0; t < r; t++) {
            outDims[t] = in[order[t]];
        }
        Shape outShape = Shape.of(outDims);

        // Size-1 axes do not affect the layout, and input axes that stay adjacent and in order move as one
        // block: drop the former and merge the latter, so the copy below runs over the fewest axes.
        int[] inStrides = x.shape.strides();
        int[] dims = new int[r];
        int[] strides = new int[r];
        int n = 0;
        for (int t = 0; t < r; t++) {
            int ax = order[t];
            if (in[ax] == 1) {
                continue;
            }
            if (n > 0 && strides[n - 1] == inStrides[ax] * in[ax]) {
                dims[n - 1] *= in[ax];
                strides[n - 1] = inStrides[ax];
            } else {
                dims[n] = in[ax];
                strides[n] = inStrides[ax];
                n++;
            }
        }
        if (x.size() == 0 || n == 0 || (n == 1 && strides[0] == 1)) {
            return x.withShape(outShape); // the row-major order is unchanged
        }
        if (x.floats != null) {
            return permute(x.f64(), order).to(DType.F32); // moves values only: the round trip is exact
        }
        double[] out = Storage.doubles("permute", outShape);
        if (n == 2 && strides[0] == 1) {
            // A matrix transpose, stored [dims[1], dims[0]].
            transposeBlocked(x.data, 0, dims[1], dims[0], out, 0);
        } else if (n == 3 && strides[1] == 1 && strides[0] == dims[1] * dims[2]) {
            // A stack of matrix transposes (the last two axes swapped), the case autograd hits most.
            int block = dims[1] * dims[2];
            for (int t = 0; t < dims[0]; t++) {
                transposeBlocked(x.data, t * block, dims[2], dims[1], out, t * block);
            }
        } else {
            gatherStrided(x.data, Arrays.copyOf(dims, n), Arrays.copyOf(strides, n), out);
        }
        return new Tensor(outShape, out);
    }

    /**
     * {@code out[j, i] = x[i, j]} for a {@code rows × cols} matrix at {@code from}, tile by tile for the
     * cache. Within a tile the writes run along output rows: with reads running along input rows
     * instead, power-of-two widths thrashed the cache (1024 × 1024 took about three times as long).
     */
    private static void transposeBlocked(double[] x, int from, int rows, int cols, double[] out, int to) {
        for (int j0 = 0; j0 < cols; j0 += TILE) {
            int j1 = Math.min(j0 + TILE, cols);
            for (int i0 = 0; i0 < rows; i0 += TILE) {
                int i1 = Math.min(i0 + TILE, rows);
                for (int j = j0; j < j1; j++) {
                    int dst = to + j * rows;
                    for (int i = i0; i < i1; i++) {
                        out[dst + i] = x[from + i * cols + j];
                    }
                }
            }
        }
    }

    /**
     * Fills {@code out} in row-major order over {@code dims} with {@code x[Σ_t i_t · strides[t]]}. A stride
     * of 0 repeats a value (broadcasting); the last axis is copied as a run.
     */
    private static void gatherStrided(double[] x, int[] dims, int[] strides, double[] out) {
        int r = dims.length;
        if (out.length == 0) {
            return;
        }
        if (r == 0) {
            out[0] = x[0];
            return;
        }
        int len = dims[r - 1];
        int step = strides[r - 1];
        int[] index = new int[r];
        int src = 0;
        for (int dst = 0; dst < out.length; dst += len) {
            if (step == 1) {
                System.arraycopy(x, src, out, dst, len);
            } else if (step == 0) {
                Arrays.fill(out, dst, dst + len, x[src]);
            } else {
                for (int j = 0, p = src; j < len; j++, p += step) {
                    out[dst + j] = x[p];
                }
            }
            for (int ax = r - 2; ax >= 0; ax--) {
                src += strides[ax];
                if (++index[ax] < dims[ax]) {
                    break;
                }
                src -= strides[ax] * dims[ax];
                index[ax] = 0;
            }
        }
    }

    /** {@code x} without any of its size-1 dimensions. */
    static Tensor squeeze(Tensor x) {
        int[] d = x.shape.dims();
        int n = 0;
        for (int v : d) {
            if (v != 1) {
                d[n++] = v;
            }
        }
        return n == d.length ? x : x.withShape(Shape.of(Arrays.copyOf(d, n)));
    }

    /** {@code x} without dimension {@code axis}, which must have size 1. */
    static Tensor squeeze(Tensor x, int axis) {
        int a = x.shape.axis(axis, "squeeze");
        int d = x.shape.dim(a);
        if (d != 1) {
            throw new IllegalArgumentException("squeeze: axis " + a + " has size " + d + ", not 1");
        }
        return x.withShape(x.shape.without(a));
    }

    /** {@code x} with a size-1 dimension at {@code axis}, in {@code [-(rank + 1), rank]}. */
    static Tensor unsqueeze(Tensor x, int axis) {
        int r = x.rank();
        if (axis < -(r + 1) || axis > r) {
            throw new IllegalArgumentException("unsqueeze: axis " + axis + " out of range for rank " + r
                    + " (a new axis goes at " + -(r + 1) + " to " + r + ")");
        }
        return x.withShape(x.shape.inserting(axis < 0 ? axis + r + 1 : axis, 1));
    }

    /** {@code out[i] = x[i']} where {@code i'} is {@code i} aligned from the right, with 0 on the size-1 axes of {@code x}. */
    static Tensor broadcastTo(Tensor x, Shape target) {
        Arguments.notNull(target, "broadcastTo", "target");
        if (!x.shape.broadcastsTo(target)) {
            throw new IllegalArgumentException("broadcastTo: cannot broadcast " + x.shape + " to " + target);
        }
        if (x.shape.equals(target)) {
            return x;
        }
        if (x.floats != null) {
            return broadcastTo(x.f64(), target).to(DType.F32);
        }
        double[] out = Storage.doubles("broadcastTo", target);
        gatherStrided(x.data, target.dims(), alignedStrides(x.shape, target), out);
        return new Tensor(target, out);
    }

    /**
     * {@code out[j] = Σ x[i]} over every {@code i} that broadcasting {@code target} to {@code x}'s shape
     * maps to {@code j}: the adjoint of {@link #broadcastTo}. One pass over {@code x}, accumulating in place.
     */
    static Tensor sumTo(Tensor x, Shape target) {
        return sumTo(x, target, null);
    }

    /** {@link #sumTo(Tensor, Shape)} written into {@code into}, or new storage if null (then x itself may be returned). */
    static Tensor sumTo(Tensor x, Shape target, Buffer into) {
        Arguments.notNull(target, "sumTo", "target");
        if (!target.broadcastsTo(x.shape)) {
            throw new IllegalArgumentException("sumTo: " + target + " does not broadcast to " + x.shape);
        }
        Buffer o = into == null ? null : Buffer.orNew(into, target, x.dtype(), "sumTo");
        if (x.shape.equals(target)) {
            return o == null ? x : o.write(x);
        }
        if (x.floats != null) {
            Tensor wide = sumTo(x.f64(), target, null); // summed in double, rounded once
            return o == null ? wide.to(DType.F32) : o.write(wide);
        }
        double[] out = o == null ? Storage.doubles("sumTo", target) : (double[]) o.storage();
        Arrays.fill(out, 0.0);
        int[] dims = x.shape.dims();
        int[] strides = alignedStrides(target, x.shape);
        int r = dims.length;
        if (x.size() == 0 || out.length == 0) {
            return new Tensor(target, out);
        }
        int len = dims[r - 1];
        int step = strides[r - 1];
        int[] index = new int[r];
        int dst = 0;
        for (int src = 0; src < x.data.length; src += len) {
            if (step == 1) {
                for (int j = 0; j < len; j++) {
                    out[dst + j] += x.data[src + j];
                }
            } else {
                double s = 0;
                for (int j = 0; j < len; j++) {
                    s += x.data[src + j];
                }
                out[dst] += s;
            }
            for (int ax = r - 2; ax >= 0; ax--) {
                dst += strides[ax];
                if (++index[ax] < dims[ax]) {
                    break;
                }
                dst -= strides[ax] * dims[ax];
                index[ax] = 0;
            }
        }
        return new Tensor(target, out);
    }

    /** The strides of {@code s}, aligned from the right to {@code target}'s axes, 0 where {@code s} is absent or 1. */
    private static int[] alignedStrides(Shape s, Shape target) {
        int r = target.rank();
        int pad = r - s.rank();
        int[] own = s.strides();
        int[] strides = new int[r];
        for (int i = pad; i < r; i++) {
            strides[i] = s.dim(i - pad) == 1 ? 0 : own[i - pad];
        }
        return strides;
    }
}
