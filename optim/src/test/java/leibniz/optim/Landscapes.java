package leibniz.optim;

import java.util.List;
import leibniz.autograd.Autograd;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.autograd.Program;
import leibniz.core.Tensor;

/** Test functions for the optimizers, and a loop that runs a first-order training program until a target loss. */
final class Landscapes {
    private Landscapes() {
    }

    /** {@code ½ Σ dᵢ (xᵢ − cᵢ)²} with d = (1, 2, 5, 10), minimum 0 at c = (1, −1, 2, 0.5); x starts at 0. */
    static Node quadratic(Parameter x) {
        Node d = Node.constant(Tensor.vector(1, 2, 5, 10));
        Node c = Node.constant(Tensor.vector(1, -1, 2, 0.5));
        return x.node().sub(c).square().mul(d).sum().mul(0.5);
    }

    /** Rosenbrock's {@code (1 − a)² + 100 (b − a²)²}, minimum 0 at (1, 1); the classic start is (−1.2, 1). */
    static Node rosenbrock(Parameter a, Parameter b) {
        Node x = a.node();
        return Node.scalar(1).sub(x).square().add(b.node().sub(x.square()).square().mul(100));
    }

    static final int ILL_SIZE = 10;

    /** The solution c of {@link #illConditioned}: cᵢ = cos(i + 1). */
    static double[] illSolution() {
        double[] c = new double[ILL_SIZE];
        for (int i = 0; i < ILL_SIZE; i++) {
            c[i] = Math.cos(i + 1);
        }
        return c;
    }

    /**
     * {@code ½ (x − c)ᵀ A (x − c)} with {@code A = H D Hᵀ}: eigenvalues dᵢ = 1000^(i/9), from 1 to 1000
     * (condition number 1000), rotated by the Householder reflection H = I − 2vvᵀ/vᵀv, v = (1, ..., 10),
     * so that the coordinates are coupled.
     */
    static Node illConditioned(Parameter x) {
        int n = ILL_SIZE;
        double[] v = new double[n];
        double vv = 0;
        for (int i = 0; i < n; i++) {
            v[i] = i + 1;
            vv += v[i] * v[i];
        }
        double[][] h = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                h[i][j] = (i == j ? 1 : 0) - 2 * v[i] * v[j] / vv;
            }
        }
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    a[i][j] += h[i][k] * Math.pow(1000, k / (n - 1.0)) * h[j][k];
                }
            }
        }
        Node r = x.node().sub(Node.constant(Tensor.vector(illSolution())));
        return r.matmul(Node.constant(Tensor.matrix(a))).mul(r).sum().mul(0.5);
    }

    /**
     * Runs {@code loss} and the optimizer's update as one program, at most {@code max} times, and returns
     * the number of updates made before the loss was first below {@code target} ({@code max + 1} if never).
     */
    static int updatesToReach(Optimizer optimizer, Node loss, List<Parameter> params, double target, int max) {
        Program train = Program.of(List.of(loss), optimizer.step(params, Autograd.gradients(loss, params)));
        for (int k = 0; k <= max; k++) {
            if (train.run().get(0).item() < target) {
                return k;
            }
        }
        return max + 1;
    }
}
