package leibniz.core;

/**
 * The kernels a runtime with a memory plan calls to write a result into a {@link Buffer} it reuses,
 * instead of into new storage: each computes exactly what the {@link Tensor} method of its name computes
 * and returns the buffer's view. The buffer must have the result's shape and type; it must not be the
 * storage of an operand.
 *
 * <pre>{@code
 * Tensor h = Kernels.matmul(x, w, false, false, out);   // x·w, in out
 * }</pre>
 */
public final class Kernels {
    private Kernels() {
    }

    /** The reductions that write into a buffer, as the {@link Tensor} methods of their names. */
    public enum Reduction {
        SUM, MEAN, MAX, MIN, LOGSUMEXP, VARIANCE, STD;

        final Reductions.Kind kind = Reductions.Kind.valueOf(name());
    }

    /** {@code op(a)·op(b)} into {@code out}, as {@link Tensor#matmul(Tensor, boolean, boolean)}. */
    public static Tensor matmul(Tensor a, Tensor b, boolean transposeA, boolean transposeB, Buffer out) {
        Arguments.notNull(a, "matmul", "a");
        Arguments.notNull(out, "matmul", "out");
        return MatMul.matmul(a, b, transposeA, transposeB, out);
    }

    /** {@code x.sumTo(target)} into {@code out}. */
    public static Tensor sumTo(Tensor x, Shape target, Buffer out) {
        Arguments.notNull(x, "sumTo", "x");
        Arguments.notNull(out, "sumTo", "out");
        return ShapeOps.sumTo(x, target, out);
    }

    /** {@code Tensor.concat(axis, parts)} into {@code out}, a copy even of a single part. */
    public static Tensor concat(int axis, Tensor[] parts, Buffer out) {
        Arguments.notNull(out, "concat", "out");
        return Joins.concat(axis, parts, out);
    }

    /**
     * {@code part} written into {@code out} at {@code index} along {@code axis}, the rest of out untouched:
     * step {@code index} of {@code Tensor.stack(axis, parts)}, for a loop that stacks its steps' values in
     * place instead of holding every step and then a copy. out has part's shape with {@code axis} inserted.
     */
    public static Tensor place(Tensor part, int axis, int index, Buffer out) {
        Arguments.notNull(part, "place", "part");
        Arguments.notNull(out, "place", "out");
        return Joins.place(part, axis, index, out);
    }

    /**
     * Step {@code index} of {@code whole} along {@code axis} written into {@code out}: {@code whole.slice(axis,
     * index, index + 1)} without that axis, for a loop that reads its steps from a sequence into a buffer it
     * reuses instead of new storage per step ({@link #place}'s inverse). out has whole's shape without axis, and
     * its type.
     */
    public static Tensor select(Tensor whole, int axis, int index, Buffer out) {
        Arguments.notNull(whole, "select", "whole");
        Arguments.notNull(out, "select", "out");
        return Slicing.select(whole, axis, index, out);
    }

    /**
     * The reduction of {@code x} over {@code axes} into {@code out}, the axes kept as size 1 if
     * {@code keepDims}, as {@code x.sum(axes, keepDims)}; {@code correction} is the variance's and the
     * deviation's (0 for the others).
     */
    public static Tensor reduce(Tensor x, Reduction reduction, int[] axes, boolean keepDims, double correction,
            Buffer out) {
        Arguments.notNull(x, "reduce", "x");
        Arguments.notNull(reduction, "reduce", "reduction");
        Arguments.notNull(axes, "reduce", "axes");
        Arguments.notNull(out, "reduce", "out");
        return Reductions.over(x, axes, keepDims, reduction.kind, correction, out);
    }
}
