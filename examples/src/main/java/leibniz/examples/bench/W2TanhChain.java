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
 * W2, the framework's own cost per op: {@code y = x; 200 times y = tanh(y · 1.01 + 0.1); L = Σ y},
 * the loss and {@code ∂L/∂x}, for an 8×8 and a 1×1 x. 600 forward ops (mul, add, tanh) per run, in
 * float64 and float32 (an F32 x stays F32: the scalar constants 1.01 and 0.1 do not promote it). In
 * float32 the gradient, a product of 200 factors of about 0.62, falls below float's smallest normal
 * number (1.2e-38) in the backward pass, so both sides spend its last steps on slow subnormal arithmetic.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class W2TanhChain {
    /** The side of the square x. */
    @Param({"8", "1"})
    public int size;

    /** The element type of x and of every step. */
    @Param({"F64", "F32"})
    public DType dtype;

    private Program program;
    /** The hand-written side in this fork's dtype (a fork runs one, so the call site sees one target). */
    private DoubleSupplier hand;

    /** Builds the chain, its gradient and the program once. */
    @Setup(Level.Trial)
    public void prepare() {
        BenchThreads.use(1);
        program = chain(size, dtype);
        hand = dtype == DType.F32 ? new HandChainF32(size)::run : new HandChain(size)::run;
    }

    /** The loss and the gradient of the chain started at the harness's x (rounded for F32), as one program. */
    static Program chain(int n, DType dtype) {
        return chain(n, dtype, Program.Options.defaults());
    }

    /** {@link #chain(int, DType)} prepared as {@code options} say (debug mode, for {@link DebugModeCost}). */
    static Program chain(int n, DType dtype, Program.Options options) {
        Parameter x = Parameter.of("x", Tensor.of(Workloads.chainStart(n), n, n).to(dtype));
        Node y = x.node();
        for (int i = 0; i < Workloads.CHAIN; i++) {
            y = y.mul(Workloads.SCALE).add(Workloads.SHIFT).tanh();
        }
        Node loss = y.sum();
        return Program.of(List.of(loss, Autograd.grad(loss, x.node()).get(0)), List.of(), options);
    }

    /** One run: forward and backward. */
    @Benchmark
    public List<Tensor> leibniz() {
        return program.run();
    }

    /** The same by hand on EJML. */
    @Benchmark
    public double ejml() {
        return hand.getAsDouble();
    }
}
