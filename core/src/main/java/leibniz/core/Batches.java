package leibniz.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Maps a one-matrix float64 kernel over the leading (batch) dimensions of a stack. Every matrix is checked
 * to be finite first, handed to the kernel as a fresh {@code double[]} (widened from F32), and the results
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
     * The outputs of {@code kernel} over the batch {@code batch}: operand i is viewed as a stack of matrices
     * of shape {@code [..., rows[i], cols[i]]} already broadcast to the batch; output j has the trailing
     * dimensions {@code outs.get(j)}.
     */
    static List<Tensor> map(String op, Shape batch, Tensor[] operands, List<int[]> outs, Kernel kernel) {
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
            results[j] = new double[shapes.get(j).size()];
        }
        for (int b = 0; b < count; b++) {
            double[][] matrices = new double[operands.length][];
            for (int i = 0; i < operands.length; i++) {
                matrices[i] = new double[sizes[i]];
                System.arraycopy(data[i], b * sizes[i], matrices[i], 0, sizes[i]);
                checkFinite(op, operands[i].shape(), b, matrices[i]);
            }
            double[][] r = kernel.apply(matrices, b);
            for (int j = 0; j < results.length; j++) {
                int size = results[j].length / count;
                System.arraycopy(r[j], 0, results[j], b * size, size);
            }
        }
        List<Tensor> out = new ArrayList<>();
        for (int j = 0; j < results.length; j++) {
            out.add(new Tensor(shapes.get(j), results[j]).to(type));
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

    /** (A + Aᵀ)/2 of an n × n matrix, in place: the symmetric part that eigh and cholesky read, as JAX does. */
    static double[] symmetrize(double[] a, int n) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                double s = (a[i * n + j] + a[j * n + i]) / 2;
                a[i * n + j] = s;
                a[j * n + i] = s;
            }
        }
        return a;
    }
}
