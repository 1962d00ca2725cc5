package leibniz.autograd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import leibniz.core.Arguments;
import leibniz.core.Shape;
import leibniz.core.Tensor;

/**
 * Derivatives as graph nodes: gradients, vector-Jacobian and Jacobian-vector products, Jacobians,
 * Hessians and Hessian-vector products. Every result is a node, so it can be evaluated, exported,
 * or differentiated again.
 *
 * <pre>{@code
 * Node x = Parameter.of("x", Tensor.scalar(3)).node();
 * Node y = x.pow(3);
 * Node dy = Autograd.grad(y, x).get(0);        // 3x² = 27
 * Node d2y = Autograd.grad(dy, x).get(0);      // 6x  = 18
 * }</pre>
 */
public final class Autograd {
    private Autograd() {
    }

    /**
     * The gradient of {@code y}, which must hold a single element, with respect to each of {@code xs}:
     * one node per x of x's shape (the symbolic zero where y does not depend on x).
     */
    public static List<Node> grad(Node y, Node... xs) {
        Arguments.notNull(y, "grad", "y");
        return grad(y, Arrays.asList(Arguments.noNulls(xs, "grad", "xs")));
    }

    /** {@link #grad(Node, Node...)} for a list of inputs. */
    public static List<Node> grad(Node y, List<Node> xs) {
        Arguments.notNull(y, "grad", "y");
        Arguments.noNulls(xs, "grad", "xs");
        if (y.shape().size() != 1) {
            throw new IllegalArgumentException("grad: backward needs a scalar, got " + y.shape()
                    + ": reduce with sum() or mean() first, or pass an output gradient to vjp");
        }
        return ReverseMode.grad(y, List.copyOf(xs), Node.constant(Tensor.full(y.shape(), 1, y.dtype())));
    }

    /** The gradients of the parameters' values: {@code grad(loss, p.node() for each p)}. */
    public static List<Node> gradients(Node y, List<Parameter> parameters) {
        Arguments.notNull(y, "gradients", "y");
        Arguments.noNulls(parameters, "gradients", "parameters");
        List<Node> xs = new ArrayList<>(parameters.size());
        for (Parameter p : parameters) {
            xs.add(p.node());
        }
        return grad(y, xs);
    }

    /** The vector-Jacobian product {@code vᵀ ∂y/∂x} for each x, where {@code v} has y's shape. */
    public static List<Node> vjp(Node y, List<Node> xs, Node v) {
        Arguments.notNull(y, "vjp", "y");
        Arguments.noNulls(xs, "vjp", "xs");
        Arguments.notNull(v, "vjp", "v");
        if (!v.shape().equals(y.shape())) {
            throw new IllegalArgumentException("vjp: output gradient has shape " + v.shape() + ", but the output has shape "
                    + y.shape());
        }
        return ReverseMode.grad(y, List.copyOf(xs), v);
    }

    /**
     * The Jacobian-vector product {@code Σ_i ∂y/∂x_i · t_i}, of y's shape, by the double-VJP trick: the
     * VJP is linear in its output gradient u, so differentiating {@code Σ_i <vjp_i(u), t_i>} with
     * respect to u gives the JVP (JAX's transposition, done with one more reverse pass).
     */
    public static Node jvp(Node y, List<Node> xs, List<Node> tangents) {
        Arguments.notNull(y, "jvp", "y");
        Arguments.noNulls(xs, "jvp", "xs");
        Arguments.noNulls(tangents, "jvp", "tangents");
        if (xs.size() != tangents.size()) {
            throw new IllegalArgumentException("jvp: " + xs.size() + " inputs but " + tangents.size() + " tangents");
        }
        // u and the seeds take y's type, so the JVP of an F32 function is F32 (and is computed in F32).
        Node u = Node.constant(Tensor.zeros(y.shape(), y.dtype()));
        List<Node> pulled = ReverseMode.grad(y, List.copyOf(xs), u);
        Node total = Node.zeros(Shape.scalar());
        for (int i = 0; i < xs.size(); i++) {
            Node t = tangents.get(i);
            if (!t.shape().equals(xs.get(i).shape())) {
                throw new IllegalArgumentException("jvp: tangent " + i + " has shape " + t.shape() + ", but input " + i
                        + " has shape " + xs.get(i).shape());
            }
            if (!pulled.get(i).isZero()) {
                total = total.add(pulled.get(i).mul(t).sum());
            }
        }
        if (total.isZero()) {
            return Node.zeros(y.shape(), y.dtype());
        }
        Node one = Node.constant(Tensor.full(Shape.scalar(), 1, total.dtype()));
        return ReverseMode.grad(total, List.of(u), one).get(0);
    }

    /**
     * The Jacobian of {@code y} with respect to {@code x}, of shape {@code y.shape + x.shape}: one VJP per
     * element of y with a one-hot output gradient.
     */
    public static Node jacobian(Node y, Node x) {
        Arguments.notNull(y, "jacobian", "y");
        Arguments.notNull(x, "jacobian", "x");
        int m = y.shape().size();
        Node[] rows = new Node[m];
        for (int i = 0; i < m; i++) {
            double[] e = new double[m];
            e[i] = 1;
            Node row = ReverseMode.grad(y, List.of(x), Node.constant(Tensor.of(e, y.shape()).to(y.dtype()))).get(0);
            rows[i] = row.isZero() ? Node.constant(Tensor.zeros(x.shape(), x.dtype())) : row;
        }
        int[] dims = new int[y.rank() + x.rank()];
        System.arraycopy(y.shape().dims(), 0, dims, 0, y.rank());
        System.arraycopy(x.shape().dims(), 0, dims, y.rank(), x.rank());
        if (m == 0) {
            return Node.constant(Tensor.zeros(Shape.of(dims), x.dtype()));
        }
        return Node.stack(0, rows).reshape(dims);
    }

    /** The Hessian of a single-element {@code y} with respect to {@code x}, of shape {@code x.shape + x.shape}. */
    public static Node hessian(Node y, Node x) {
        Arguments.notNull(y, "hessian", "y");
        Arguments.notNull(x, "hessian", "x");
        return jacobian(grad(y, x).get(0), x);
    }

    /**
     * Why the gradient of {@code loss} with respect to {@code parameter} is zero, in a sentence, for a graph
     * with no placeholders: see {@link #explainZero(Node, Parameter, Map)}.
     */
    public static String explainZero(Node loss, Parameter parameter) {
        return explainZero(loss, parameter, Map.of());
    }

    /**
     * Why the gradient of {@code loss} with respect to {@code parameter} is zero on the batch {@code feeds},
     * in a sentence: no path leads from the parameter to the loss; every path passes through a
     * {@code detach} (named with the line that built it, in debug mode) or a piecewise-constant op (argmax,
     * step, sign, comparisons); every path passes through ReLUs inactive for every input of this batch;
     * the gradient is exactly 0 for another reason; or it is not zero, but tiny, with its size:
     * {@code every path from parameter 'w' to the loss passes through a detach: detach[4] (built at Model.java:12)}.
     */
    public static String explainZero(Node loss, Parameter parameter, Map<Node, Tensor> feeds) {
        Arguments.notNull(loss, "explainZero", "loss");
        Arguments.notNull(parameter, "explainZero", "parameter");
        Arguments.notNull(feeds, "explainZero", "feeds");
        if (loss.shape().size() != 1) {
            throw new IllegalArgumentException("explainZero: the loss must be a single value, got " + loss.shape());
        }
        return ZeroGradient.explain(loss, parameter, feeds);
    }

    /**
     * The Hessian-vector product {@code (∂²y/∂x²) v} of a single-element {@code y}, without forming the
     * Hessian: the gradient of {@code <∂y/∂x, v>}.
     */
    public static Node hvp(Node y, Node x, Node v) {
        Arguments.notNull(y, "hvp", "y");
        Arguments.notNull(x, "hvp", "x");
        Arguments.notNull(v, "hvp", "v");
        if (!v.shape().equals(x.shape())) {
            throw new IllegalArgumentException("hvp: vector has shape " + v.shape() + ", but the input has shape "
                    + x.shape());
        }
        Node g = grad(y, x).get(0);
        if (g.isZero()) {
            return g;
        }
        return grad(g.mul(v).sum(), x).get(0);
    }
}
