package leibniz.core;

/**
 * The element type of a tensor. Only {@link #F64} exists today; dtype-specific code lives in this
 * package alone, so adding {@code F32} touches nothing above {@code core}.
 */
public enum DType {
    /** IEEE 754 double precision, the default and what gradient checks run in. */
    F64(8);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    /** The size of one element in bytes. */
    public int bytes() {
        return bytes;
    }
}
