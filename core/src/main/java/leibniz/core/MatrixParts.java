package leibniz.core;

/**
 * The structural matrix kernels: diagonals, diagonal matrices, triangles, and the spectral quotient that
 * the derivatives of eigh and svd divide by. Each works on the last two axes of a stack and keeps the
 * input's element type (the first three copy values, exact in either type).
 */
final class MatrixParts {
    private MatrixParts() {
    }

    /** out[..., i] = a[..., i, i + offset] (i − offset, i for a negative offset). */
    static Tensor diagonal(Tensor a, int offset) {
        Shape s = a.shape();
        int m = MatrixShapes.rows(s);
        int n = MatrixShapes.cols(s);
        int k = MatrixShapes.diagonalLength(m, n, offset);
        int count = MatrixShapes.count(s);
        double[] x = a.f64().data;
        double[] out = new double[count * k];
        int first = offset >= 0 ? offset : -offset * n;
        for (int b = 0; b < count; b++) {
            for (int i = 0; i < k; i++) {
                out[b * k + i] = x[b * m * n + first + i * (n + 1)];
            }
        }
        return new Tensor(MatrixShapes.of(MatrixShapes.batch(s), k), out).to(a.dtype());
    }

    /** The m × n matrices holding v[..., i] at [i, i + offset] and zeros elsewhere: the adjoint of {@link #diagonal}. */
    static Tensor diagEmbed(Tensor v, int offset, int m, int n) {
        Shape s = v.shape();
        int k = s.dim(s.rank() - 1);
        if (k != MatrixShapes.diagonalLength(m, n, offset)) {
            throw new IllegalArgumentException("diag: " + k + " values do not fill diagonal " + offset + " of a " + m
                    + " × " + n + " matrix (" + MatrixShapes.diagonalLength(m, n, offset) + " elements)");
        }
        int count = s.sizeBetween(0, s.rank() - 1);
        double[] x = v.f64().data;
        double[] out = new double[count * m * n];
        int first = offset >= 0 ? offset : -offset * n;
        for (int b = 0; b < count; b++) {
            for (int i = 0; i < k; i++) {
                out[b * m * n + first + i * (n + 1)] = x[b * k + i];
            }
        }
        Shape batch = Shape.of(java.util.Arrays.copyOf(s.dims(), s.rank() - 1));
        return new Tensor(MatrixShapes.of(batch, m, n), out).to(v.dtype());
    }

    /**
     * The lower ({@code j − i ≤ offset}) or upper ({@code j − i ≥ offset}) triangle of each matrix, zeros
     * elsewhere, as NumPy's {@code tril} and {@code triu}.
     */
    static Tensor triangle(Tensor a, boolean upper, int offset) {
        Shape s = a.shape();
        int m = MatrixShapes.rows(s);
        int n = MatrixShapes.cols(s);
        double[] x = a.f64().data.clone();
        for (int b = 0; b < MatrixShapes.count(s); b++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    boolean keep = upper ? j - i >= offset : j - i <= offset;
                    if (!keep) {
                        x[b * m * n + i * n + j] = 0;
                    }
                }
            }
        }
        return new Tensor(s, x).to(a.dtype());
    }

    /**
     * out[..., i, j] = k[..., i, j] / (μ[..., j] − λ[..., i]), 0 on the diagonal when {@code skipDiagonal}.
     * A quotient whose denominator is within {@code 8n·ε·max(|λ|, |μ|)} of 0 while its numerator is not 0
     * is refused: the derivative it stands for is undefined there (repeated eigenvalues or singular values,
     * or a zero singular value). A zero numerator gives 0, so a gradient that does not reach the undefined
     * part (only eigenvalues used, say) is computed.
     */
    static Tensor spectralQuotient(String op, Tensor lambda, Tensor mu, Tensor k, boolean skipDiagonal) {
        Shape s = k.shape();
        int m = MatrixShapes.rows(s);
        int n = MatrixShapes.cols(s);
        int count = MatrixShapes.count(s);
        double[] l = lambda.f64().broadcastTo(MatrixShapes.of(MatrixShapes.batch(s), m)).f64().data;
        double[] u = mu.f64().broadcastTo(MatrixShapes.of(MatrixShapes.batch(s), n)).f64().data;
        double[] x = k.f64().data;
        double[] out = new double[x.length];
        for (int b = 0; b < count; b++) {
            double scale = 0;
            for (int i = 0; i < m; i++) {
                scale = Math.max(scale, Math.abs(l[b * m + i]));
            }
            for (int j = 0; j < n; j++) {
                scale = Math.max(scale, Math.abs(u[b * n + j]));
            }
            double tol = 8 * Math.max(m, n) * Factorizations.EPS * scale;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    int at = b * m * n + i * n + j;
                    if ((skipDiagonal && i == j) || x[at] == 0) {
                        continue;
                    }
                    double d = u[b * n + j] - l[b * m + i];
                    if (!(Math.abs(d) > tol)) {
                        throw new IllegalArgumentException(op + ": " + s + MatrixShapes.where(s, b) + ": the derivative "
                                + "is undefined: it divides by " + u[b * n + j] + " − " + l[b * m + i] + " (" + describe(
                                skipDiagonal, i, j) + "), within " + Factorizations.format(tol) + " of 0");
                    }
                    out[at] = x[at] / d;
                }
            }
        }
        return new Tensor(s, out).to(DType.common(lambda, mu, k));
    }

    private static String describe(boolean pairs, int i, int j) {
        return pairs ? "values " + i + " and " + j + " are repeated" : "value " + j + " is zero";
    }
}
