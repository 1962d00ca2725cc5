package leibniz.core;

import java.util.Arrays;

/**
 * The shape rules of the linear-algebra functions: stacks of matrices {@code [..., m, n]} whose
 * leading dimensions are a batch. Each rule refuses a bad shape with a sentence naming the function and
 * the shapes, and is shared by {@link LinearAlgebra} and the graph ops built on it, so a shape error is
 * raised on the line that builds the node.
 */
public final class MatrixShapes {
    private MatrixShapes() {
    }

    /** {@code a} itself if it is a stack of matrices (rank at least 2 with no empty matrix), else a sentence. */
    public static Shape matrix(String op, Shape a) {
        Arguments.notNull(op, "matrix", "op");
        stack(op, a);
        if (rows(a) == 0 || cols(a) == 0) {
            throw new IllegalArgumentException(op + ": " + a + " holds empty matrices");
        }
        return a;
    }

    /** Refuses a null shape or one of rank below 2. */
    private static void stack(String op, Shape a) {
        Arguments.notNull(a, op, "a");
        if (a.rank() < 2) {
            throw new IllegalArgumentException(op + ": " + a + " is not a matrix: needs rank 2 or more, [..., rows, columns]");
        }
    }

    /** {@code a} itself if it is a stack of square matrices, else a sentence. */
    public static Shape square(String op, Shape a) {
        Arguments.notNull(op, "square", "op");
        matrix(op, a);
        int m = rows(a);
        int n = cols(a);
        if (m != n) {
            throw new IllegalArgumentException(op + ": " + a + " is not a stack of square matrices (" + m + " rows, "
                    + n + " columns)");
        }
        return a;
    }

    /** The leading (batch) dimensions of a stack of matrices. */
    public static Shape batch(Shape a) {
        stack("batch", a);
        return Shape.of(Arrays.copyOf(a.dims(), a.rank() - 2));
    }

    /** The batch followed by the given trailing dimensions. */
    public static Shape of(Shape batch, int... trailing) {
        Arguments.notNull(batch, "of", "batch");
        Arguments.notNull(trailing, "of", "trailing");
        int[] d = Arrays.copyOf(batch.dims(), batch.rank() + trailing.length);
        System.arraycopy(trailing, 0, d, batch.rank(), trailing.length);
        return Shape.of(d);
    }

    private static boolean broadcastable(Shape a, Shape b) {
        for (int i = 1; i <= Math.min(a.rank(), b.rank()); i++) {
            int x = a.dim(a.rank() - i);
            int y = b.dim(b.rank() - i);
            if (x != y && x != 1 && y != 1) {
                return false;
            }
        }
        return true;
    }

    /** The number of rows, {@code a.dim(-2)}. */
    public static int rows(Shape a) {
        stack("rows", a);
        return a.dim(a.rank() - 2);
    }

    /** The number of columns, {@code a.dim(-1)}. */
    public static int cols(Shape a) {
        stack("cols", a);
        return a.dim(a.rank() - 1);
    }

    /**
     * The shape of {@code X} in {@code A·X = B}: a square {@code [..., n, n]} and {@code [..., n, k]}, batches
     * broadcast: {@code solve([2, 3, 3], [3, 4])} is {@code [2, 3, 4]}.
     */
    public static Shape solve(String op, Shape a, Shape b) {
        Arguments.notNull(op, "solve", "op");
        Arguments.notNull(b, op, "b");
        square(op, a);
        matrix(op, b);
        if (rows(b) != rows(a)) {
            throw new IllegalArgumentException(op + ": " + a + " and " + b + ": the right-hand side has " + rows(b)
                    + " rows, the matrix " + rows(a));
        }
        if (!broadcastable(batch(a), batch(b))) {
            throw new IllegalArgumentException(op + ": " + a + " and " + b + ": batch dimensions " + batch(a) + " and "
                    + batch(b) + " do not broadcast");
        }
        Shape batch = Shape.broadcast(batch(a), batch(b), op);
        return of(batch, rows(b), cols(b));
    }

    /** The length of diagonal {@code offset} of an m × n matrix (offset > 0 above the main diagonal, < 0 below). */
    public static int diagonalLength(int m, int n, int offset) {
        return Math.max(0, offset >= 0 ? Math.min(m, n - offset) : Math.min(m + offset, n));
    }

    /** The number of matrices in a stack of the given shape. */
    static int count(Shape a) {
        return a.sizeBetween(0, a.rank() - 2);
    }

    /** " (matrix [i, j] of the batch)" for a stack, "" for a single matrix: where in a stack a failure is. */
    static String where(Shape a, int index) {
        Shape batch = batch(a);
        if (batch.rank() == 0) {
            return "";
        }
        int[] strides = batch.strides();
        int[] at = new int[strides.length];
        for (int d = 0; d < strides.length; d++) {
            at[d] = index / strides[d];
            index %= strides[d];
        }
        return " (matrix " + Arrays.toString(at) + " of the batch)";
    }
}
