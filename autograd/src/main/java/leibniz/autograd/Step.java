package leibniz.autograd;

import leibniz.core.Pointwise;

/**
 * One step of a {@link Plan}: what runs between one check of its outputs and the next. Slots are the
 * positions of nodes in the plan's topological order; a step reads the values of its input slots and
 * writes those of its output slots.
 */
sealed interface Step {
    /** The slots this step reads, each once. */
    int[] inputs();

    /** The slots whose values this step produces, in order. */
    int[] outputs();

    /** One node, evaluated by its op: into a planned buffer if the op is {@link Planned}, else by its forward. */
    record Single(int slot, int[] inputs) implements Step {
        @Override
        public int[] outputs() {
            return new int[] {slot};
        }
    }

    /**
     * Fused elementwise nodes, {@code members} in order, computed by one generated loop that reads
     * {@code inputs} and writes {@code outputs}: the members that a later step, or the caller, reads.
     */
    record Fused(int number, Pointwise kernel, int[] members, int[] inputs, int[] outputs) implements Step {
    }
}
