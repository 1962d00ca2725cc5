package leibniz.core;

import java.util.Arrays;

/**
 * Mutable storage for the values of one tensor of a fixed shape and type, for runtimes that plan their
 * memory: a compiled program gives each intermediate value a buffer and reuses it across nodes whose
 * lifetimes do not overlap and across runs, with kernels writing into it ({@link Kernels},
 * {@link Pointwise}) instead of allocating.
 *
 * <p>{@link #view()} is a {@link Tensor} over the buffer's storage, shared, not copied: it changes when the
 * buffer is written again. A runtime hands views only to code that is done with them before that, and
 * gives its callers copies or buffers it never writes again; every other tensor stays immutable.
 *
 * <pre>{@code
 * Buffer out = Buffer.of(Shape.of(64, 256), DType.F64);
 * Tensor h = Kernels.matmul(x, w, false, false, out);   // h is out.view()
 * }</pre>
 */
public final class Buffer {
    private final Tensor view;

    private Buffer(Tensor view) {
        this.view = view;
    }

    /** A zeroed buffer of {@code shape} and {@code dtype}; a size the heap cannot hold is refused by a sentence. */
    public static Buffer of(Shape shape, DType dtype) {
        Arguments.notNull(shape, "buffer", "shape");
        Arguments.notNull(dtype, "buffer", "dtype");
        return new Buffer(Storage.zeros("buffer", shape, dtype));
    }

    /** The shape of the values. */
    public Shape shape() {
        return view.shape;
    }

    /** The element type. */
    public DType dtype() {
        return view.dtype();
    }

    /** The tensor over this buffer's storage; it changes whenever the buffer is written. */
    public Tensor view() {
        return view;
    }

    /** A buffer over the same storage seen in {@code shape}, of the same size: writing one writes the other. */
    public Buffer reshaped(Shape shape) {
        Arguments.notNull(shape, "buffer", "shape");
        if (shape.size() != view.size()) {
            throw new IllegalArgumentException("buffer: cannot see " + view.size() + " elements as " + shape);
        }
        return shape.equals(view.shape) ? this : new Buffer(view.withShape(shape));
    }

    /** Whether {@code t} reads this buffer's storage (its view, or a reshaped view of it). */
    public boolean holds(Tensor t) {
        return Arguments.notNull(t, "buffer", "t").storage() == view.storage();
    }

    /** Sets every element to {@code value}: NaN marks a buffer that nothing may read any more. */
    public void fill(double value) {
        if (view.floats != null) {
            Arrays.fill(view.floats, (float) value);
        } else {
            Arrays.fill(view.data, value);
        }
    }

    /** Writes {@code t}'s values, of this buffer's shape, rounded to its type; returns the view. */
    Tensor write(Tensor t) {
        if (view.floats != null) {
            for (int i = 0; i < view.floats.length; i++) {
                view.floats[i] = (float) t.at(i);
            }
        } else if (t.floats == null) {
            System.arraycopy(t.data, 0, view.data, 0, view.data.length);
        } else {
            for (int i = 0; i < view.data.length; i++) {
                view.data[i] = t.floats[i];
            }
        }
        return view;
    }

    /** The storage a kernel writes, {@code double[]} or {@code float[]}. */
    Object storage() {
        return view.storage();
    }

    /** This buffer, or a new one if null, checked to hold {@code shape} and {@code dtype} for {@code op}. */
    static Buffer orNew(Buffer out, Shape shape, DType dtype, String op) {
        if (out == null) {
            return new Buffer(Storage.zeros(op, shape, dtype));
        }
        if (!out.shape().equals(shape) || out.dtype() != dtype) {
            throw new IllegalArgumentException(op + ": the result is " + shape + " " + dtype + ", the buffer holds "
                    + out.shape() + " " + out.dtype());
        }
        return out;
    }

    @Override
    public String toString() {
        return "Buffer " + view.shape + " " + view.dtype();
    }
}
