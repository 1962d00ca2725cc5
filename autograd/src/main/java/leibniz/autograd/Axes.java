package leibniz.autograd;

import java.util.Arrays;
import leibniz.core.Shape;

/**
 * The axes a reduction reduces, for an input of rank {@code rank}: non-negative, ascending, none twice,
 * and whether they are kept as size 1. Every reduction op holds one, so the rules for shapes and the
 * refusals live here once. A value: two reductions over the same axes are equal ops.
 */
record Axes(int rank, int[] list, boolean keepDims) {
    /** Every axis of {@code s}, dropped: the reduction of all elements to a scalar. */
    static Axes all(Shape s) {
        int[] list = new int[s.rank()];
        for (int i = 0; i < list.length; i++) {
            list[i] = i;
        }
        return new Axes(s.rank(), list, false);
    }

    /** One axis of {@code s} (negative counts from the end), or an exception naming {@code op}. */
    static Axes one(Shape s, int axis, boolean keepDims, String op) {
        return new Axes(s.rank(), new int[] {s.axis(axis, op)}, keepDims);
    }

    /**
     * The axes of {@code s} that {@code axes} names (negative counting from the end), or an exception naming
     * {@code op} for an axis out of range, one named twice, or an empty list for a tensor of rank 1 or more
     * (NumPy reduces nothing over it, PyTorch everything: the ambiguity is refused).
     */
    static Axes of(Shape s, int[] axes, boolean keepDims, String op) {
        return new Axes(s.rank(), s.axes(axes, op), keepDims);
    }

    /** Whether every axis is reduced. */
    boolean all() {
        return list.length == rank;
    }

    /** Whether the result is a scalar over every element: what an arg-reduction returns a flat index for. */
    boolean flat() {
        return all() && !keepDims;
    }

    /** The one reduced axis of an arg-reduction that is not flat. */
    int single() {
        return list[0];
    }

    /** The same axes, kept as size 1. */
    Axes keeping() {
        return new Axes(rank, list, true);
    }

    /** The same axes of a batch of such inputs: each one past the leading batch axis, which is kept. */
    Axes batched() {
        int[] shifted = new int[list.length];
        for (int i = 0; i < list.length; i++) {
            shifted[i] = list[i] + 1;
        }
        return new Axes(rank + 1, shifted, keepDims);
    }

    /** The output shape for input {@code in}, or an exception naming {@code op} if in has another rank. */
    Shape reduce(Shape in, String op) {
        if (in.rank() != rank) {
            throw new IllegalArgumentException(op + ": reduces axes " + Arrays.toString(list) + " of a rank-" + rank
                    + " input, got " + in);
        }
        int[] d = in.dims();
        int[] out = new int[keepDims ? rank : rank - list.length];
        for (int a = 0, j = 0, k = 0; a < rank; a++) {
            boolean reduced = k < list.length && list[k] == a;
            k += reduced ? 1 : 0;
            if (!reduced || keepDims) {
                out[j++] = reduced ? 1 : d[a];
            }
        }
        // An empty axis elsewhere can make the output larger than the input: named like every other refusal.
        return Shape.of(out, op);
    }

    /** {@code in} with the reduced axes as size 1: the output's shape with keepDims. */
    Shape kept(Shape in) {
        int[] d = in.dims();
        for (int a : list) {
            d[a] = 1;
        }
        return Shape.of(d);
    }

    /** How many elements of {@code in} are reduced into each output. */
    int count(Shape in) {
        int n = 1;
        for (int a : list) {
            n *= in.dim(a);
        }
        return n;
    }

    /** Refuses, naming {@code op}, an input with no element to take the {@code extremum} of. */
    void requireElements(Shape in, String op, String extremum) {
        if (in.rank() != rank || count(in) > 0) {
            return;
        }
        if (list.length == 1) {
            throw new IllegalArgumentException(op + ": axis " + list[0] + " of " + in + " is empty and has no "
                    + extremum);
        }
        if (all()) {
            throw new IllegalArgumentException(op + ": empty tensor " + in + " has no " + extremum);
        }
        throw new IllegalArgumentException(op + ": axes " + Arrays.toString(list) + " of " + in
                + " hold no elements and have no " + extremum);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Axes a && rank == a.rank && keepDims == a.keepDims && Arrays.equals(list, a.list);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rank + Arrays.hashCode(list)) + Boolean.hashCode(keepDims);
    }

    @Override
    public String toString() {
        return Arrays.toString(list) + (keepDims ? " keepDims" : "");
    }
}
