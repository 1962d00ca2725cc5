package leibniz.autograd;

import leibniz.core.Buffer;
import leibniz.core.Tensor;

/**
 * An op whose value a compiled program writes into a buffer of its memory plan ({@link MemoryPlan})
 * instead of new storage: the same value as {@code forward}, bit for bit, in {@code out}.
 */
interface Planned extends BuiltIn {
    /** {@code forward(in)}, written into {@code out} (of the node's shape and type, not an input's storage). */
    Tensor forward(Buffer out, Tensor... in);
}
