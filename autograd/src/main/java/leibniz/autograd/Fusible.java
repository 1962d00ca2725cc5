package leibniz.autograd;

import leibniz.core.DType;
import leibniz.core.Pointwise;

/**
 * An elementwise op that a compiled program fuses with its elementwise neighbours into one generated
 * loop ({@link Fusion}): its formula for one element, written with the functions of {@link Pointwise},
 * which compute exactly what the op's {@code forward} computes, bit for bit.
 */
interface Fusible extends BuiltIn {
    /**
     * Declares this op's value for one element in {@code k}, from the values {@code in} of its inputs, in
     * {@code type} (the node's type), and returns its value number. An op that passes its input through
     * returns {@code in[0]}.
     */
    int emit(Pointwise.Builder k, DType type, int[] in);

    /** Whether a node of this op can join a fused loop: all can, unless an op says otherwise. */
    default boolean fusible(Node n) {
        return true;
    }

    /** A fusible op that is one function of {@link Pointwise}, without attributes. */
    interface Applying extends Fusible {
        /** The function. */
        Pointwise.Fn fn();

        @Override
        default int emit(Pointwise.Builder k, DType type, int[] in) {
            return k.apply(fn(), type, in);
        }
    }
}
