package leibniz.examples.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import leibniz.autograd.Autograd;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.autograd.Program;
import leibniz.core.Tensor;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;
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
 * W3: {@code L = Σ A·B} for 1024×1024 A and B, with both gradients {@code ∂L/∂A = G·Bᵀ} and
 * {@code ∂L/∂B = Aᵀ·G} (G all ones): three large products per run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class W3MatMul {
    /** The threads the matrix products may use. */
    @Param({"1", "2"})
    public int threads;

    /** The side of the matrices (1024 in the table; smaller for quick checks). */
    @Param({"1024"})
    public int n;

    private Program program;
    private DMatrixRMaj a;
    private DMatrixRMaj b;
    private DMatrixRMaj c;
    private DMatrixRMaj g;
    private DMatrixRMaj da;
    private DMatrixRMaj db;

    /** Builds the program once and allocates the hand-written side's buffers. */
    @Setup(Level.Trial)
    public void prepare() {
        BenchThreads.use(threads);
        program = program(n);
        a = DMatrixRMaj.wrap(n, n, Workloads.matrixA(n));
        b = DMatrixRMaj.wrap(n, n, Workloads.matrixB(n));
        c = new DMatrixRMaj(n, n);
        g = new DMatrixRMaj(n, n);
        da = new DMatrixRMaj(n, n);
        db = new DMatrixRMaj(n, n);
    }

    /** The loss and both gradients as one program. */
    static Program program(int n) {
        Parameter a = Parameter.of("A", Tensor.of(Workloads.matrixA(n), n, n));
        Parameter b = Parameter.of("B", Tensor.of(Workloads.matrixB(n), n, n));
        Node loss = a.node().matmul(b.node()).sum();
        List<Node> grads = Autograd.grad(loss, a.node(), b.node());
        return Program.of(loss, grads.get(0), grads.get(1));
    }

    /** One run: loss, ∂L/∂A and ∂L/∂B. */
    @Benchmark
    public List<Tensor> leibniz() {
        return program.run();
    }

    /** The same products by hand; the loss is returned, the gradients are left in da and db. */
    @Benchmark
    public double ejml() {
        boolean parallel = threads > 1;
        if (parallel) {
            CommonOps_MT_DDRM.mult(a, b, c);
        } else {
            CommonOps_DDRM.mult(a, b, c);
        }
        double loss = CommonOps_DDRM.elementSum(c);
        CommonOps_DDRM.fill(g, 1);
        if (parallel) {
            CommonOps_MT_DDRM.multTransB(g, b, da);
            CommonOps_MT_DDRM.multTransA(a, g, db);
        } else {
            CommonOps_DDRM.multTransB(g, b, da);
            CommonOps_DDRM.multTransA(a, g, db);
        }
        return loss + da.data[0] + db.data[0];
    }
}
