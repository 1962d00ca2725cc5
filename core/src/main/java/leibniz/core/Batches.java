package leibniz.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Maps a one-matrix float64 kernel over the leading (batch) dimensions of a stack. Every matrix is checked
 * to be finite first, handed to the kernel as a read-only {@code double[]} (widened from F32), and the results
 * are rounded once to the input's type: F32 stacks are computed in float64 and rounded at the end, which
 * is more accurate than EJML's float32 classes and keeps one code path for both precisions.
 */
final class Batches {
    private Batches() {
    }

    /** A kernel on the {@code index}-th matrices of the operands, returning one flat array per output. */
    interface Kernel {
        double[][] apply(double[][] matrices, int index);
    }

    /**
     * The outputs of {@code kernel} over the batch {@code batch}: each operand is a stack of matrices already
     * broadcast to the batch; output j has the trailing dimensions {@code outs.get(j)}. The kernel must not
     * modify the arrays it is given, and may return fresh arrays that become the outputs' storage.
     */
    static List<Tensor> map(String op, Shape batch, Tensor[] operands, List<int[]> outs, Kernel kernel) {
        return map(op, batch, operands, outs, kernel, true);
    }

    /**
     * {@link #map(String, Shape, Tensor[], List, Kernel)}, refusing non-finite elements only when {@code finite}:
     * a kernel without iterations (a triangular solve) lets NaN and infinity through as arithmetic does.
     */
    static List<Tensor> map(String op, Shape batch, Tensor[] operands, List<int[]> outs, Kernel kernel,
            boolean finite) {
        int count = batch.size();
        double[][] data = new double[operands.length][];
        int[] sizes = new int[operands.length];
        DType type = DType.common(operands);
        for (int i = 0; i < operands.length; i++) {
            data[i] = operands[i].f64().data;
            sizes[i] = count == 0 ? 0 : data[i].length / count;
        }
        List<Shape> shapes = new ArrayList<>();
        double[][] results = new double[outs.size()][];
        for (int j = 0; j < outs.size(); j++) {
            shapes.add(MatrixShapes.of(batch, outs.get(j)));
        }
        for (int b = 0; b < count; b++) {
            double[][] matrices = new double[operands.length][];
            for (int i = 0; i < operands.length; i++) {
                // A single matrix is handed over as the tensor's own array: kernels only read their inputs.
                matrices[i] = count == 1 ? data[i] : Arrays.copyOfRange(data[i], b * sizes[i], (b + 1) * sizes[i]);
                if (finite) {
                    checkFinite(op, operands[i].shape(), b, matrices[i]);
                }
            }
            double[][] r = kernel.apply(matrices, b);
            for (int j = 0; j < r.length; j++) {
                int size = shapes.get(j).size() / count;
                if (count == 1 && r[j].length == size) {
                    results[j] = r[j];
                    continue;
                }
                if (results[j] == null) {
                    results[j] = new double[shapes.get(j).size()];
                }
                System.arraycopy(r[j], 0, results[j], b * size, size);
            }
        }
        List<Tensor> out = new ArrayList<>();
        for (int j = 0; j < shapes.size(); j++) {
            double[] d = results[j] != null ? results[j] : new double[shapes.get(j).size()];
            out.add(new Tensor(shapes.get(j), d).to(type));
        }
        return out;
    }

    /** {@link #map} for one operand and one output. */
    static Tensor map(String op, Tensor a, int[] out, Kernel kernel) {
        return map(op, MatrixShapes.batch(a.shape()), new Tensor[] {a}, List.of(out), kernel).get(0);
    }

    /** Refuses a NaN or infinite element: EJML's iterations would not converge on it, or return NaN. */
    private static void checkFinite(String op, Shape shape, int index, double[] m) {
        for (int k = 0; k < m.length; k++) {
            if (!Double.isFinite(m[k])) {
                int cols = shape.rank() < 2 ? m.length : MatrixShapes.cols(shape);
                String at = shape.rank() < 2 ? "[" + k + "]" : "[" + k / cols + ", " + k % cols + "]";
                throw new IllegalArgumentException(op + ": " + shape + MatrixShapes.where(shape, index)
                        + ": element " + at + " is " + m[k] + "; the input must be finite");
            }
        }
    }
}
