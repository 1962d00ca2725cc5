package leibniz.examples;

import java.util.List;
import java.util.SplittableRandom;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.core.Tensor;
import leibniz.nn.Losses;

/**
 * L2-regularized logistic regression on generated data: {@code f(w, b) = mean(softplus(z) − y·z) + (λ/2)‖w‖²}
 * with logits {@code z = X·w + b}, a smooth and strongly convex loss with a single minimum. The features are
 * standard normal with a common correlation ρ between any two ({@code xⱼ = √ρ·c + √(1 − ρ)·zⱼ}), which makes
 * the problem ill-conditioned; the labels are drawn from the logistic model of a random true weight vector.
 */
final class LogisticProblem {
    private final Tensor x;
    private final Tensor y;
    private final double lambda;
    private final Tensor startW;
    private final Tensor startB;
    private final Parameter w;
    private final Parameter b;

    private LogisticProblem(Tensor x, Tensor y, double lambda, Tensor startW, Tensor startB) {
        this.x = x;
        this.y = y;
        this.lambda = lambda;
        this.startW = startW;
        this.startB = startB;
        this.w = Parameter.of("w", startW);
        this.b = Parameter.of("b", startB);
    }

    /** {@code n} rows of {@code d} features with correlation {@code rho}, penalty λ, all drawn from {@code seed}. */
    static LogisticProblem generate(int n, int d, double rho, double lambda, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] trueW = new double[d];
        for (int j = 0; j < d; j++) {
            trueW[j] = rng.nextGaussian() / Math.sqrt(d);
        }
        double[] xs = new double[n * d];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            double common = rng.nextGaussian();
            double z = 0.5;
            for (int j = 0; j < d; j++) {
                double v = Math.sqrt(rho) * common + Math.sqrt(1 - rho) * rng.nextGaussian();
                xs[i * d + j] = v;
                z += trueW[j] * v;
            }
            ys[i] = rng.nextDouble() < 1 / (1 + Math.exp(-2 * z)) ? 1 : 0;
        }
        // A small random start rather than w = 0: there every logit is exactly 0, where softplus's
        // second derivative comes out 0 (|x| has no curvature at its kink), and Newton would see no Hessian.
        return new LogisticProblem(Tensor.of(xs, n, d), Tensor.of(ys, n, 1), lambda,
                Tensor.normal(rng, 0, 0.01, d, 1), Tensor.normal(rng, 0, 0.01, 1));
    }

    /** The loss on rows {@code x} with labels {@code y} (placeholders or constants). */
    Node loss(Node x, Node y) {
        Node logits = x.matmul(w.node()).add(b.node());
        return Losses.binaryCrossEntropyWithLogits(logits, y).add(w.node().square().sum().mul(lambda / 2));
    }

    /** The loss on all rows, as a graph of constants. */
    Node fullLoss() {
        return loss(Node.constant(x), Node.constant(y));
    }

    /** The weight and the bias. */
    List<Parameter> parameters() {
        return List.of(w, b);
    }

    /** Sets the parameters back to the common starting point of every method. */
    void restart() {
        w.set(startW);
        b.set(startB);
    }

    /** The features {@code [n, d]}. */
    Tensor features() {
        return x;
    }

    /** The labels {@code [n, 1]}, 0 or 1. */
    Tensor labels() {
        return y;
    }

    /** The number of rows. */
    int size() {
        return x.shape().dim(0);
    }

    /**
     * The Lipschitz constant L of the gradient, {@code λ_max(X̃ᵀX̃)/(4n) + λ} with X̃ = [X 1] (σ' ≤ 1/4), by
     * power iteration; gradient descent with step 1/L is guaranteed to decrease the loss.
     */
    double smoothness() {
        int n = size();
        Tensor xt = Tensor.concat(1, x, Tensor.ones(n, 1));
        Tensor gram = xt.matmul(xt, true, false).mul(1 / (4.0 * n));
        Tensor v = Tensor.ones(gram.shape().dim(0), 1);
        double eigen = 0;
        for (int k = 0; k < 100; k++) {
            Tensor next = gram.matmul(v);
            eigen = Math.sqrt(next.square().sum().item());
            v = next.mul(1 / eigen);
        }
        return eigen + lambda;
    }
}
