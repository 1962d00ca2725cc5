package leibniz.examples.bench;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import leibniz.autograd.Autograd;
import leibniz.autograd.Linalg;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.autograd.Program;
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
 * The Gaussian-process negative log marginal likelihood {@code ½ yᵀK⁻¹y + Σ ln Lᵢᵢ} of an RBF kernel and
 * its gradient with respect to the log length-scale, signal and noise variances, at n points: one Cholesky
 * of K, the triangular solves, and the backward pass through them (two triangular solves with n columns
 * for the Cholesky's VJP), as the gp example evaluates it at each L-BFGS step.
 * <pre>
 * java -cp examples/target/leibniz-benchmarks.jar org.openjdk.jmh.Main GpLikelihood -f 1 -wi 3 -i 5 -w 1 -r 1
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class GpLikelihood {
    /** The number of training points. */
    @Param({"1000"})
    public int n;

    private Program program;

    /** The likelihood and its three gradients as one program. */
    @Setup(Level.Trial)
    public void prepare() {
        SplittableRandom rng = new SplittableRandom(3);
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextDouble(-5, 5);
            y[i] = Math.sin(x[i]) + 0.2 * rng.nextDouble(-1, 1);
        }
        Node xs = Node.constant(Tensor.of(x, n, 1));
        Node ys = Node.constant(Tensor.of(y, n, 1));
        Parameter logLength = Parameter.of("log_length", Tensor.scalar(0));
        Parameter logSignal = Parameter.of("log_signal", Tensor.scalar(0));
        Parameter logNoise = Parameter.of("log_noise", Tensor.scalar(Math.log(0.04)));
        Node d2 = xs.sub(xs.transpose()).square();
        Node k = logSignal.node().exp().mul(d2.div(logLength.node().mul(2).exp().mul(2)).neg().exp())
                .add(Node.constant(Tensor.eye(n)).mul(logNoise.node().exp()));
        Node l = Linalg.cholesky(k);
        Node alpha = Linalg.choleskySolve(l, ys);
        Node nll = ys.mul(alpha).sum().mul(0.5).add(Linalg.diagonal(l).log().sum());
        List<Node> grads = Autograd.grad(nll, logLength.node(), logSignal.node(), logNoise.node());
        program = Program.of(nll, grads.get(0), grads.get(1), grads.get(2));
    }

    /** One evaluation: the likelihood and its gradient. */
    @Benchmark
    public List<Tensor> valueAndGradient() {
        return program.run();
    }
}
