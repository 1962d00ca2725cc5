package leibniz.optim;

import java.util.List;
import java.util.Map;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.core.Tensor;

/**
 * A deterministic minimizer that needs several evaluations per iteration (line searches, Hessian-vector
 * products), so it drives its own {@link leibniz.autograd.Program}s instead of being one update graph.
 * It minimizes a scalar loss built from parameters and leaves the parameters at the solution.
 *
 * <p>A minimizer holds only its settings and may be shared between threads; a run moves its parameters
 * through many values, so while it runs no other thread may use those parameters (run programs on them,
 * save them): one thread at a time.
 * <pre>{@code
 * Minimizer.Result r = LBFGS.create().minimize(loss, List.of(w), 100, 1e-8);
 * }</pre>
 */
public interface Minimizer {
    /**
     * The outcome: iterations used, loss and gradient norm {@code ‖∇f‖₂} at the final parameters, the number
     * of loss-and-gradient evaluations, and whether the gradient norm reached the tolerance.
     */
    record Result(int iterations, double loss, double gradientNorm, int evaluations, boolean converged) {
    }

    /**
     * Minimizes {@code loss} over {@code parameters}, feeding {@code feeds} to its placeholders, stopping
     * when {@code ‖∇f‖₂ ≤ gradTolerance}, after {@code maxIterations}, or when the line search finds no
     * decrease. The Programs are built once per call.
     *
     * @throws IllegalArgumentException if the loss or gradient at the starting point is not finite, for
     *     example {@code LBFGS: the loss at the starting point (iteration 0) is NaN}
     * @throws ArithmeticException if an iteration reaches a loss, gradient (or, for Newton-CG, Hessian-vector
     *     product) that is not finite, naming the iteration and the element, after leaving the parameters at
     *     the last finite point: {@code LBFGS: stopped at iteration 4: the gradient became NaN in w[1, 0]; the
     *     parameters keep the last finite point (iteration 3)}
     */
    Result minimize(Node loss, List<Parameter> parameters, Map<Node, Tensor> feeds, int maxIterations,
            double gradTolerance);

    /** {@link #minimize(Node, List, Map, int, double)} for a loss without placeholders. */
    default Result minimize(Node loss, List<Parameter> parameters, int maxIterations, double gradTolerance) {
        return minimize(loss, parameters, Map.of(), maxIterations, gradTolerance);
    }
}
