package leibniz.autograd;

import java.util.ArrayList;
import java.util.List;
import leibniz.core.Buffer;
import leibniz.core.DType;
import leibniz.core.Shape;
import leibniz.core.Tensor;

/**
 * The buffers one evaluation of a loop reuses from step to step, so that a step's values take no new storage:
 * for each role (one step of a sequence, one result of the body), buffers of its shape and type, of which a
 * step takes one that no value it still reads is held in (a carry may be a previous step's sequence value or
 * result, passed through), making another only when none is free. Used by the one thread that evaluates the
 * loop; its buffers are never written once the evaluation returns, so the values left in them are immutable.
 */
final class StepBuffers {
    private final Shape[] shapes;
    private final DType[] types;
    private final List<List<Buffer>> pools = new ArrayList<>();

    /** Pools for roles of the given shapes and types; a null shape is a role that gets no buffer. */
    StepBuffers(Shape[] shapes, DType[] types) {
        this.shapes = shapes;
        this.types = types;
        for (int r = 0; r < shapes.length; r++) {
            pools.add(new ArrayList<>(2));
        }
    }

    /** A buffer for role r whose storage none of {@code held} reads; null for a role that gets none. */
    Buffer free(int r, Tensor[] held) {
        if (shapes[r] == null) {
            return null;
        }
        List<Buffer> pool = pools.get(r);
        for (Buffer b : pool) {
            if (!holds(b, held)) {
                return b;
            }
        }
        Buffer b = Buffer.of(shapes[r], types[r]);
        pool.add(b);
        return b;
    }

    private static boolean holds(Buffer b, Tensor[] held) {
        for (Tensor t : held) {
            if (t != null && b.holds(t)) {
                return true;
            }
        }
        return false;
    }
}
