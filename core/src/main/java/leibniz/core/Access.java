package leibniz.core;

/**
 * How a {@link Pointwise} loop reads an input for element {@code o = row·inner + j}, the loop's dimensions
 * split into outer ones (rows) and inner ones.
 */
enum Access {
    /** The whole shape: {@code x[o]}. */
    FULL,
    /** One element: {@code x[0]}. */
    SCALAR,
    /** The inner dimensions, repeated over the outer ones: {@code x[j]}. */
    ROW,
    /** The outer dimensions, constant along the inner ones: {@code x[row]}. */
    COLUMN;

    /**
     * The first split of {@code loop}'s dimensions at which every input is read in one of the four ways,
     * 0 when all are full or single elements, or -1 when no split serves them all.
     */
    static int split(Shape loop, Shape[] inputs) {
        for (int p = 0; p <= loop.rank(); p++) {
            boolean all = true;
            for (int k = 0; k < inputs.length && all; k++) {
                all = of(loop, inputs[k], p) != null;
            }
            if (all) {
                return p;
            }
        }
        return -1;
    }

    /** How {@code input} is read when {@code loop} splits at {@code p}, or null if none of the four ways fits. */
    static Access of(Shape loop, Shape input, int p) {
        int r = loop.rank();
        int pad = r - input.rank();
        boolean outerFull = true;
        boolean outerOne = true;
        boolean innerFull = true;
        boolean innerOne = true;
        for (int i = 0; i < r; i++) {
            int d = i < pad ? 1 : input.dim(i - pad);
            boolean full = d == loop.dim(i);
            boolean one = d == 1;
            if (i < p) {
                outerFull &= full;
                outerOne &= one;
            } else {
                innerFull &= full;
                innerOne &= one;
            }
        }
        if (outerFull && innerFull) {
            return Access.FULL;
        }
        if (outerOne && innerOne) {
            return Access.SCALAR;
        }
        if (outerOne && innerFull) {
            return Access.ROW;
        }
        return outerFull && innerOne ? Access.COLUMN : null;
    }
}
