package leibniz.examples.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import leibniz.core.LinearAlgebra;
import leibniz.core.Tensor;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.decomposition.TriangularSolver_DDRM;
import org.ejml.dense.row.decomposition.lu.LUDecompositionAlt_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ejml.interfaces.decomposition.QRDecomposition;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The forward of each linear-algebra op (the {@link LinearAlgebra} kernel its graph op calls) beside the
 * same result computed by calling EJML directly on the same matrix, as a user of EJML would: the
 * decomposition made per call, the input copied where EJML overwrites it, and the outputs a user needs
 * read out (eigenvectors, U and V). The ratio leibniz/ejml is the overhead of shapes, checks (finite
 * input, conditioning), batching and copies. EJML has no matrix exponential, so matrixExp has no EJML side.
 * <pre>
 * java -cp examples/target/leibniz-benchmarks.jar org.openjdk.jmh.Main LinalgForward -f 1 -wi 3 -i 5 -w 1 -r 1
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LinalgForward {
    /** The side of the square matrices. */
    @Param({"64", "512"})
    public int n;

    /** The op. */
    @Param({"inv", "solve", "triangularSolve", "det", "slogdet", "cholesky", "qr", "eigh", "svd", "svdvals", "pinv",
        "matrixExp"})
    public String op;

    /** Columns of the right-hand side of the solves. */
    static final int K = 16;

    private Supplier<Object> leibniz;
    private Supplier<Object> ejml;

    /** The matrices: A well conditioned (X + n·I), SPD S = X·Xᵀ/n + I, lower-triangular L, right-hand side B. */
    @Setup(Level.Trial)
    public void prepare() {
        SplittableRandom rng = new SplittableRandom(1);
        double[] x = new double[n * n];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextDouble(-1, 1);
        }
        DMatrixRMaj xm = DMatrixRMaj.wrap(n, n, x);
        DMatrixRMaj a = xm.copy();
        DMatrixRMaj s = new DMatrixRMaj(n, n);
        CommonOps_DDRM.multTransB(1.0 / n, xm, xm, s);
        for (int i = 0; i < n; i++) {
            a.add(i, i, n);
            s.add(i, i, 1);
        }
        DMatrixRMaj l = a.copy();
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                l.set(i, j, 0);
            }
        }
        DMatrixRMaj b = new DMatrixRMaj(n, K);
        for (int i = 0; i < b.data.length; i++) {
            b.data[i] = rng.nextDouble(-1, 1);
        }
        Tensor ta = Tensor.of(a);
        Tensor ts = Tensor.of(s);
        Tensor tl = Tensor.of(l);
        Tensor tb = Tensor.of(b);
        double scale = 1.0 / (2 * n);
        Tensor small = ta.mul(scale);
        leibniz = switch (op) {
            case "inv" -> () -> LinearAlgebra.inv(ta);
            case "solve" -> () -> LinearAlgebra.solve(ta, tb);
            case "triangularSolve" -> () -> LinearAlgebra.triangularSolve(tl, tb, false, false);
            case "det" -> () -> LinearAlgebra.det(ta);
            case "slogdet" -> () -> LinearAlgebra.slogdet(ta);
            case "cholesky" -> () -> LinearAlgebra.cholesky(ts);
            case "qr" -> () -> LinearAlgebra.qr(ta);
            case "eigh" -> () -> LinearAlgebra.eigh(ts);
            case "svd" -> () -> LinearAlgebra.svd(ta);
            case "svdvals" -> () -> LinearAlgebra.svdvals(ta);
            case "pinv" -> () -> LinearAlgebra.pinv(ta, LinearAlgebra.pinvTolerance(ta.shape()));
            case "matrixExp" -> () -> LinearAlgebra.matrixExp(small);
            default -> throw new IllegalArgumentException("LinalgForward: unknown op " + op);
        };
        ejml = switch (op) {
            case "inv" -> () -> {
                DMatrixRMaj out = new DMatrixRMaj(n, n);
                CommonOps_DDRM.invert(a, out);
                return out;
            };
            case "solve" -> () -> {
                DMatrixRMaj out = new DMatrixRMaj(n, K);
                CommonOps_DDRM.solve(a, b, out);
                return out;
            };
            case "triangularSolve" -> () -> {
                DMatrixRMaj out = b.copy();
                TriangularSolver_DDRM.solveL(l.data, out.data, n, K);
                return out;
            };
            case "det" -> () -> CommonOps_DDRM.det(a);
            case "slogdet" -> () -> {
                LUDecompositionAlt_DDRM lu = new LUDecompositionAlt_DDRM();
                lu.decompose(a);
                double log = 0;
                for (int i = 0; i < n; i++) {
                    log += Math.log(Math.abs(lu.getLU().get(i, i)));
                }
                return log;
            };
            case "cholesky" -> () -> {
                CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(n, true);
                chol.decompose(s.copy());
                return chol.getT(null);
            };
            case "qr" -> () -> {
                QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(n, n);
                qr.decompose(a.copy());
                return new Object[] {qr.getQ(null, true), qr.getR(null, true)};
            };
            case "eigh" -> () -> {
                EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
                eig.decompose(s.copy());
                DMatrixRMaj[] vectors = new DMatrixRMaj[n];
                for (int i = 0; i < n; i++) {
                    vectors[i] = eig.getEigenVector(i);
                }
                return vectors;
            };
            case "svd" -> () -> {
                SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(n, n, true, true, true);
                svd.decompose(a.copy());
                return new Object[] {svd.getU(null, false), svd.getSingularValues(), svd.getV(null, true)};
            };
            case "svdvals" -> () -> SingularOps_DDRM.singularValues(a);
            case "pinv" -> () -> {
                DMatrixRMaj out = new DMatrixRMaj(n, n);
                CommonOps_DDRM.pinv(a, out);
                return out;
            };
            case "matrixExp" -> () -> null;
            default -> throw new IllegalArgumentException("LinalgForward: unknown op " + op);
        };
    }

    /** The op's forward kernel. */
    @Benchmark
    public Object leibniz() {
        return leibniz.get();
    }

    /** The same result by calling EJML directly. */
    @Benchmark
    public Object ejml() {
        return ejml.get();
    }
}
