package leibniz.core;

import java.util.Arrays;
import java.util.function.IntFunction;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;
import org.ejml.data.ReshapeMatrix;

/**
 * Tensors from and to EJML's row-major matrices. Both store a matrix as a row-major array, so an F64
 * tensor and a {@code DMatrixRMaj} (F32 and {@code FMatrixRMaj}) can share one array:
 * <ul>
 * <li>{@code of} and {@code to…} always copy: the tensor stays immutable whatever is done to the matrix
 *     later, and the matrix returned is the caller's to modify.</li>
 * <li>{@code wrap} shares the matrix's array when it holds exactly rows × columns values (EJML may keep a
 *     longer array after a reshape; that one is copied): the caller hands the matrix over and must not
 *     modify it afterwards.</li>
 * <li>{@code as…} shares the tensor's array when the types agree (F64 with {@code DMatrixRMaj}, F32 with
 *     {@code FMatrixRMaj}) and copies otherwise; the matrix must be treated as read-only, as an EJML input.</li>
 * <li>Stacks (a rank-3 tensor and an array of matrices) always copy: a matrix cannot view part of an
 *     array.</li>
 * </ul>
 * Copies between the same types keep every bit; F32 to F64 widens exactly, F64 to F32 rounds to nearest.
 */
final class Ejml {
    private Ejml() {
    }

    static Tensor of(DMatrixRMaj m) {
        Arguments.notNull(m, "of", "m");
        return new Tensor(Shape.of(m.numRows, m.numCols), Arrays.copyOf(m.data, m.numRows * m.numCols));
    }

    static Tensor of(FMatrixRMaj m) {
        Arguments.notNull(m, "of", "m");
        return new Tensor(Shape.of(m.numRows, m.numCols), Arrays.copyOf(m.data, m.numRows * m.numCols));
    }

    static Tensor wrap(DMatrixRMaj m) {
        Arguments.notNull(m, "wrap", "m");
        return m.data.length == m.numRows * m.numCols ? new Tensor(Shape.of(m.numRows, m.numCols), m.data) : of(m);
    }

    static Tensor wrap(FMatrixRMaj m) {
        Arguments.notNull(m, "wrap", "m");
        return m.data.length == m.numRows * m.numCols ? new Tensor(Shape.of(m.numRows, m.numCols), m.data) : of(m);
    }

    static Tensor ofBatch(DMatrixRMaj[] ms) {
        int[] d = batchDims(ms, i -> ms[i], "ofBatch");
        double[] out = new double[d[0] * d[1] * d[2]];
        for (int i = 0; i < ms.length; i++) {
            System.arraycopy(ms[i].data, 0, out, i * d[1] * d[2], d[1] * d[2]);
        }
        return new Tensor(Shape.of(d), out);
    }

    static Tensor ofBatch(FMatrixRMaj[] ms) {
        int[] d = batchDims(ms, i -> ms[i], "ofBatch");
        float[] out = new float[d[0] * d[1] * d[2]];
        for (int i = 0; i < ms.length; i++) {
            System.arraycopy(ms[i].data, 0, out, i * d[1] * d[2], d[1] * d[2]);
        }
        return new Tensor(Shape.of(d), out);
    }

    static DMatrixRMaj toDMatrix(Tensor t) {
        matrix("toDMatrix", t);
        return DMatrixRMaj.wrap(t.shape.dim(0), t.shape.dim(1), t.toArray());
    }

    static FMatrixRMaj toFMatrix(Tensor t) {
        matrix("toFMatrix", t);
        return FMatrixRMaj.wrap(t.shape.dim(0), t.shape.dim(1), t.toFloatArray());
    }

    static DMatrixRMaj asDMatrix(Tensor t) {
        matrix("asDMatrix", t);
        return t.data != null ? DMatrixRMaj.wrap(t.shape.dim(0), t.shape.dim(1), t.data) : toDMatrix(t);
    }

    static FMatrixRMaj asFMatrix(Tensor t) {
        matrix("asFMatrix", t);
        return t.floats != null ? FMatrixRMaj.wrap(t.shape.dim(0), t.shape.dim(1), t.floats) : toFMatrix(t);
    }

    static DMatrixRMaj[] toDMatrices(Tensor t) {
        stack("toDMatrices", t);
        int r = t.shape.dim(1);
        int c = t.shape.dim(2);
        double[] all = t.f64().data;
        DMatrixRMaj[] out = new DMatrixRMaj[t.shape.dim(0)];
        for (int i = 0; i < out.length; i++) {
            out[i] = DMatrixRMaj.wrap(r, c, Arrays.copyOfRange(all, i * r * c, (i + 1) * r * c));
        }
        return out;
    }

    static FMatrixRMaj[] toFMatrices(Tensor t) {
        stack("toFMatrices", t);
        int r = t.shape.dim(1);
        int c = t.shape.dim(2);
        float[] all = t.floats != null ? t.floats : t.toFloatArray();
        FMatrixRMaj[] out = new FMatrixRMaj[t.shape.dim(0)];
        for (int i = 0; i < out.length; i++) {
            out[i] = FMatrixRMaj.wrap(r, c, Arrays.copyOfRange(all, i * r * c, (i + 1) * r * c));
        }
        return out;
    }

    private static void matrix(String op, Tensor t) {
        if (t.rank() != 2) {
            throw new IllegalArgumentException(op + ": needs a rank-2 tensor, got " + t.shape()
                    + (t.rank() == 3 && op.startsWith("to") ? ": use " + op.replace("Matrix", "Matrices") + " for a stack" : ""));
        }
    }

    private static void stack(String op, Tensor t) {
        if (t.rank() != 3) {
            throw new IllegalArgumentException(op + ": needs a rank-3 tensor (a stack of matrices), got " + t.shape());
        }
    }

    /** {count, rows, columns} of a non-empty array of equally sized matrices. */
    private static int[] batchDims(Object[] ms, IntFunction<ReshapeMatrix> at,
            String op) {
        Arguments.noNulls(ms, op, "ms");
        if (ms.length == 0) {
            throw new IllegalArgumentException(op + ": needs at least one matrix");
        }
        for (int i = 0; i < ms.length; i++) {
            ReshapeMatrix m = at.apply(i);
            ReshapeMatrix first = at.apply(0);
            if (m.getNumRows() != first.getNumRows() || m.getNumCols() != first.getNumCols()) {
                throw new IllegalArgumentException(op + ": matrix " + i + " is " + m.getNumRows() + " × "
                        + m.getNumCols() + ", matrix 0 is " + first.getNumRows() + " × " + first.getNumCols());
            }
        }
        ReshapeMatrix first = at.apply(0);
        return new int[] {ms.length, first.getNumRows(), first.getNumCols()};
    }
}
