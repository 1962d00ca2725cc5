package leibniz.core;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * Where every tensor's values are allocated, so that a size no Java array or no heap can hold is
 * refused with a sentence naming the operation and the size, before anything is allocated:
 * {@code eye: [65536, 65536] has 4294967296 elements, more than the 2147483639 a tensor can hold}.
 *
 * <p>Element counts are multiplied in {@code long} (and past that exactly), so an overflowing product
 * of dimensions never wraps to a small or negative array length.
 */
final class Storage {
    /** The longest array HotSpot allocates: a few below {@code Integer.MAX_VALUE}, as the JDK's collections assume. */
    static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    /**
     * Requests of fewer bytes skip the heap check: reading the heap's figures costs more than zeroing a
     * small array, and a small request that fails means the heap is exhausted, not that the size is wrong.
     */
    private static final long CHECKED_BYTES = 1 << 20;

    private Storage() {}

    /**
     * The number of elements of a tensor of dimensions {@code dims} made by {@code op}, or an exception
     * naming both when no array can hold it or a dimension does not fit an {@code int}. A zero dimension
     * makes the count 0, however large the others.
     */
    static int count(String op, long... dims) {
        boolean empty = false;
        boolean wide = false;
        for (long d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException(op + ": negative dimension in " + Arrays.toString(dims));
            }
            empty |= d == 0;
            wide |= d > Integer.MAX_VALUE;
        }
        if (wide) {
            throw new IllegalArgumentException(op + ": " + Arrays.toString(dims) + " has a dimension past "
                    + Integer.MAX_VALUE + ", more than a tensor can hold");
        }
        if (empty) {
            return 0;
        }
        long n = 1;
        for (long d : dims) {
            long next = n * d;
            if (Math.multiplyHigh(n, d) != 0 || next < 0 || next > MAX_ELEMENTS) {
                throw new IllegalArgumentException(op + ": " + Arrays.toString(dims) + " has " + product(dims)
                        + " elements, more than the " + MAX_ELEMENTS + " a tensor can hold");
            }
            n = next;
        }
        return (int) n;
    }

    /** {@link #count(String, long...)} for {@code int} dimensions. */
    static int count(String op, int[] dims) {
        long[] wide = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            wide[i] = dims[i];
        }
        return count(op, wide);
    }

    /** Zeroed F64 storage for a tensor of {@code shape} made by {@code op}. */
    static double[] doubles(String op, Shape shape) {
        return allocate(op, shape, DType.F64, double[]::new);
    }

    /** Zeroed F32 storage for a tensor of {@code shape} made by {@code op}. */
    static float[] floats(String op, Shape shape) {
        return allocate(op, shape, DType.F32, float[]::new);
    }

    /**
     * {@code make(shape.size())}, a request past the heap's maximum refused before it is made. A request
     * below it but above what Runtime reports available is attempted rather than refused, because that
     * figure counts garbage not yet collected: the collector runs before an allocation fails, and a failure
     * becomes the same sentence.
     */
    private static <T> T allocate(String op, Shape shape, DType type, IntFunction<T> make) {
        int n = shape.size();
        long bytes = (long) n * type.bytes();
        if (bytes < CHECKED_BYTES) {
            return make.apply(n);
        }
        if (bytes > Runtime.getRuntime().maxMemory()) {
            throw heap(op, shape + " " + type, bytes);
        }
        try {
            return make.apply(n);
        } catch (OutOfMemoryError e) {
            throw heap(op, shape + " " + type, bytes);
        }
    }

    /** A zero tensor of {@code shape} and {@code type} made by {@code op}. */
    static Tensor zeros(String op, Shape shape, DType type) {
        return type == DType.F32 ? new Tensor(shape, floats(op, shape)) : new Tensor(shape, doubles(op, shape));
    }

    /** A copy of {@code values}, allocated as {@link #doubles}. */
    static double[] copy(String op, Shape shape, double[] values) {
        double[] out = doubles(op, shape);
        System.arraycopy(values, 0, out, 0, out.length);
        return out;
    }

    /** A copy of {@code values}, allocated as {@link #floats}. */
    static float[] copy(String op, Shape shape, float[] values) {
        float[] out = floats(op, shape);
        System.arraycopy(values, 0, out, 0, out.length);
        return out;
    }

    private static IllegalArgumentException heap(String op, String what, long bytes) {
        Runtime rt = Runtime.getRuntime();
        long available = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        return new IllegalArgumentException(refusal(op, what, bytes, rt.maxMemory(), available));
    }

    /**
     * The sentence for a request of {@code bytes} that a heap of {@code max} bytes with {@code available}
     * free cannot hold: {@code zeros: [30000, 30000] F64 needs 7200000000 bytes (6.7 GiB), more than the
     * heap can hold (maximum 4.0 GiB, 3.9 GiB available; java -Xmx sets the maximum)}.
     */
    static String refusal(String op, String what, long bytes, long max, long available) {
        return op + ": " + what + " needs " + bytes + " bytes (" + gib(bytes) + "), more than the heap can hold"
                + " (maximum " + gib(max) + ", " + gib(available) + " available; java -Xmx sets the maximum)";
    }

    private static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }

    private static BigInteger product(long[] dims) {
        BigInteger p = BigInteger.ONE;
        for (long d : dims) {
            p = p.multiply(BigInteger.valueOf(d));
        }
        return p;
    }
}
