package leibniz.examples.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import leibniz.autograd.Autograd;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.autograd.Program;
import leibniz.core.DType;
import leibniz.core.Tensor;
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
 * {@code ∂L/∂B = Aᵀ·G} (G all ones): three large products per run, in float64 (BLAS {@code dgemm}) and
 * float32 ({@code sgemm}); by hand in {@link HandMatMul} and {@link HandMatMulF32}.
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

    /** The element type of A, B and the gradients. */
    @Param({"F64", "F32"})
    public DType dtype;

    private Program program;
    /** The hand-written side in this fork's dtype (a fork runs one, so the call site sees one target). */
    private DoubleSupplier hand;

    /** Builds the program once and allocates the hand-written side's buffers. */
    @Setup(Level.Trial)
    public void prepare() {
        BenchThreads.use(threads);
        program = program(n, dtype);
        boolean parallel = threads > 1;
        hand = dtype == DType.F32 ? new HandMatMulF32(n, parallel)::run : new HandMatMul(n, parallel)::run;
    }

    /** The loss and both gradients as one program, on the harness's A and B (rounded for F32). */
    static Program program(int n, DType dtype) {
        Parameter a = Parameter.of("A", Tensor.of(Workloads.matrixA(n), n, n).to(dtype));
        Parameter b = Parameter.of("B", Tensor.of(Workloads.matrixB(n), n, n).to(dtype));
        Node loss = a.node().matmul(b.node()).sum();
        List<Node> grads = Autograd.grad(loss, a.node(), b.node());
        return Program.of(loss, grads.get(0), grads.get(1));
    }

    /** One run: loss, ∂L/∂A and ∂L/∂B. */
    @Benchmark
    public List<Tensor> leibniz() {
        return program.run();
    }

    /** The same products by hand; the loss is returned, the gradients are left in the hand side's buffers. */
    @Benchmark
    public double ejml() {
        return hand.getAsDouble();
    }
}
