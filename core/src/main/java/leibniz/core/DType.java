package leibniz.core;

/**
 * The element type of a tensor: {@link #F64}, the default, or {@link #F32}, half the memory and about
 * twice the speed in matrix products. Values convert with {@link Tensor#to(DType)}.
 *
 * <p>Operations on mixed types follow PyTorch's promotion rule, which {@link #common} states: rank-0
 * tensors take no part unless every operand is a scalar, and among the rest any F64 operand makes the
 * result F64. A Java number ({@code x.add(0.1)}) takes the type of the tensor it meets. So an F32 model
 * stays in F32 when it meets constants, and gains precision, never loses it, when it meets F64 data.
 */
public enum DType {
    /** IEEE 754 double precision: the default, and what gradient checks run in. */
    F64(8),
    /** IEEE 754 single precision. */
    F32(4);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    /** The size of one element in bytes. */
    public int bytes() {
        return bytes;
    }

    /**
     * The result type of an operation on operands of these types and shapes (parallel arrays): the wider
     * type of the operands of rank 1 or more, or of all operands when every one is a scalar; F64 for none.
     * {@code common([F32, F64], [[2, 3], []])} is F32; {@code common([F32, F64], [[2, 3], [3]])} is F64.
     */
    public static DType common(DType[] types, Shape[] shapes) {
        Arguments.noNulls(types, "common", "types");
        Arguments.noNulls(shapes, "common", "shapes");
        if (types.length != shapes.length) {
            throw new IllegalArgumentException("common: " + types.length + " types for " + shapes.length + " shapes");
        }
        DType dimensioned = null;
        DType scalar = null;
        for (int i = 0; i < types.length; i++) {
            if (shapes[i].rank() == 0) {
                scalar = wider(scalar, types[i]);
            } else {
                dimensioned = wider(dimensioned, types[i]);
            }
        }
        return dimensioned != null ? dimensioned : scalar != null ? scalar : F64;
    }

    /** The common type of tensors, by {@link #common(DType[], Shape[])}. */
    static DType common(Tensor... operands) {
        DType dimensioned = null;
        DType scalar = null;
        for (Tensor t : operands) {
            if (t.shape.rank() == 0) {
                scalar = wider(scalar, t.dtype());
            } else {
                dimensioned = wider(dimensioned, t.dtype());
            }
        }
        return dimensioned != null ? dimensioned : scalar != null ? scalar : F64;
    }

    private static DType wider(DType a, DType b) {
        return a == null ? b : a == F64 || b == F64 ? F64 : F32;
    }
}
