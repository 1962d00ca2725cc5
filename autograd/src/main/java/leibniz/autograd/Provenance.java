package leibniz.autograd;

import java.util.Arrays;
import leibniz.core.Arguments;
import leibniz.core.Shape;

/**
 * Where a dimension came from: the placeholder, parameter or op that first gave a node's axis its size,
 * found by walking back through the ops that carry an axis over unchanged (elementwise ops, broadcasting,
 * matrix products, permutes, reshapes that keep the axis, reductions over other axes, slices along other
 * axes). Shape errors use it at the moment they are thrown, so it costs nothing while shapes agree:
 * {@code matmul: [64, 784] x [256, 10]: inner dimensions differ (784 vs 256); 784 is dim 1 of placeholder
 * 'x' (built at Model.java:42); 256 is dim 0 of parameter 'weight' (Linear.create at Model.java:30)}.
 * The sites appear in debug mode ({@link Site}); the names always.
 */
public final class Provenance {
    private Provenance() {
    }

    /**
     * Where axis {@code axis} of {@code x} came from, as a sentence starting with its size:
     * {@code 784 is dim 1 of placeholder 'x' (built at Model.java:42)}.
     */
    public static String of(Node x, int axis) {
        Arguments.notNull(x, "provenance", "x");
        Node n = x;
        int a = x.shape().axis(axis, "provenance");
        int size = x.shape().dim(a);
        // Each step keeps the size: the walk ends at a leaf or at the op that made the size.
        for (int[] back = back(n, a); back != null; back = back(n, a)) {
            n = n.input(back[0]);
            a = back[1];
        }
        return size + " is dim " + a + " of " + describe(n);
    }

    /** A node as one line of a report: {@code placeholder 'x' [4]}, {@code constant []}, {@code mul[4]}. */
    static String label(Node n) {
        return n.op() instanceof Leaves.Placeholder || n.op() instanceof Leaves.Read ? n.op() + " " + n.shape()
                : n.isConstant() ? "constant " + n.shape() : n.toString();
    }

    /**
     * A leaf by its name, a loop, conditional or checkpointed call by its op, any other node by its op and
     * shape; with its site in debug mode.
     */
    static String describe(Node n) {
        String what = n.op() instanceof Leaves.Placeholder || n.op() instanceof Leaves.Read ? n.op().toString()
                : n.isConstant() ? "a constant " + n.shape() : n.op() instanceof Results.Multi ? n.op().name()
                : n.toString();
        return what + n.site().map(s -> " (" + s.describe() + ")").orElse("");
    }

    /**
     * {@code e} with the provenance of the dimensions that disagree, for a matrix product or a broadcast;
     * {@code e} itself for any other refusal.
     */
    static IllegalArgumentException explain(IllegalArgumentException e, Op op, Node[] in) {
        try {
            int[][] pair = op instanceof MatMulOp m ? inner(m, in) : broadcasting(op) ? conflict(in) : null;
            if (pair == null) {
                return e;
            }
            return new IllegalArgumentException(e.getMessage() + "; " + of(in[pair[0][0]], pair[0][1]) + "; "
                    + of(in[pair[1][0]], pair[1][1]));
        } catch (RuntimeException walk) {
            // An explanation that fails must not hide the refusal it explains.
            return e;
        }
    }

    private static boolean broadcasting(Op op) {
        return op instanceof BinaryOps.Broadcasting || op instanceof BinaryOps.AddScaled
                || op instanceof BinaryOps.Where;
    }

    /** The inner axes of a product whose inner dimensions differ, as {input, axis} pairs; else null. */
    private static int[][] inner(MatMulOp m, Node[] in) {
        int ra = in[0].rank();
        int rb = in[1].rank();
        if (ra == 0 || rb == 0) {
            return null;
        }
        int ka = ra == 1 ? 0 : m.transposeA() ? ra - 2 : ra - 1;
        int kb = rb == 1 ? 0 : m.transposeB() ? rb - 1 : rb - 2;
        if (ka < 0 || kb < 0 || in[0].shape().dim(ka) == in[1].shape().dim(kb)) {
            return null;
        }
        return new int[][] {{0, ka}, {1, kb}};
    }

    /**
     * The first two inputs' axes whose sizes do not broadcast, aligned from the right and taken from the
     * left as {@link Shape#broadcast} reports them; else null.
     */
    private static int[][] conflict(Node[] in) {
        for (int i = 0; i < in.length; i++) {
            for (int j = i + 1; j < in.length; j++) {
                Shape a = in[i].shape();
                Shape b = in[j].shape();
                int r = Math.max(a.rank(), b.rank());
                for (int k = 0; k < r; k++) {
                    int ka = k - (r - a.rank());
                    int kb = k - (r - b.rank());
                    int da = ka < 0 ? 1 : a.dim(ka);
                    int db = kb < 0 ? 1 : b.dim(kb);
                    if (da != db && da != 1 && db != 1) {
                        return new int[][] {{i, ka}, {j, kb}};
                    }
                }
            }
        }
        return null;
    }

    /** The input and its axis that give axis {@code a} of {@code n} its size, or null where the size was made here. */
    private static int[] back(Node n, int a) {
        Op op = n.op();
        int size = n.shape().dim(a);
        if (op instanceof UnaryOps.Elementwise || op instanceof BinaryOps.Clamp || op instanceof Gradient
                || op instanceof Expectation) {
            return new int[] {0, a};
        }
        if (broadcasting(op) || op instanceof LayoutOps.BroadcastTo || op instanceof LayoutOps.SumTo) {
            return aligned(n, a, size);
        }
        if (op instanceof MatMulOp m) {
            return product(n, m, a);
        }
        if (op instanceof LayoutOps.Permute p) {
            return new int[] {0, p.order()[a]};
        }
        if (op instanceof LayoutOps.Reshape) {
            return kept(n.input(0).shape(), n.shape(), a);
        }
        if (op instanceof ReductionOps.Reduction r) {
            int[] reduced = r.axes().list();
            boolean keep = r.axes().keepDims();
            int j = a;
            for (int k = 0; !keep && k < reduced.length && reduced[k] <= j; k++) {
                j++;
            }
            return keep && Arrays.binarySearch(reduced, a) >= 0 ? null : new int[] {0, j};
        }
        if (op instanceof LayoutOps.Slice s) {
            return s.axis() == a ? null : new int[] {0, a};
        }
        if (op instanceof LayoutOps.Concat c) {
            return c.axis() == a ? null : new int[] {0, a};
        }
        return null;
    }

    /** The first input whose axis, aligned from the right, has the output's size (other than a stretched 1). */
    private static int[] aligned(Node n, int a, int size) {
        int r = n.rank();
        for (int i = 0; i < n.arity(); i++) {
            Shape s = n.input(i).shape();
            int j = a - (r - s.rank());
            if (j >= 0 && j < s.rank() && s.dim(j) == size) {
                return new int[] {i, j};
            }
        }
        return null;
    }

    /** The operand axis that gives output axis {@code a} of a matrix product. */
    private static int[] product(Node n, MatMulOp m, int a) {
        int ra = n.input(0).rank();
        int rb = n.input(1).rank();
        int r = n.rank();
        if (rb >= 2 && a == r - 1) {
            return new int[] {1, m.transposeB() ? rb - 2 : rb - 1};
        }
        if (ra >= 2 && (rb >= 2 ? a == r - 2 : a == r - 1)) {
            return new int[] {0, m.transposeA() ? ra - 1 : ra - 2};
        }
        // A batch axis: aligned from the right over the operands' batch dimensions.
        int size = n.shape().dim(a);
        int batch = r - (ra >= 2 && rb >= 2 ? 2 : 1);
        for (int i = 0; i < 2; i++) {
            int rank = n.input(i).rank();
            int j = a - (batch - Math.max(0, rank - 2));
            if (rank > 2 && j >= 0 && j < rank - 2 && n.input(i).shape().dim(j) == size) {
                return new int[] {i, j};
            }
        }
        return null;
    }

    /** The input axis a reshape carries over to output axis {@code a}: same size, same number of elements before it. */
    private static int[] kept(Shape in, Shape out, int a) {
        long before = out.sizeBetween(0, a);
        for (int j = 0; j < in.rank(); j++) {
            if (in.sizeBetween(0, j) == before && in.dim(j) == out.dim(a)) {
                return new int[] {0, j};
            }
        }
        return null;
    }
}
