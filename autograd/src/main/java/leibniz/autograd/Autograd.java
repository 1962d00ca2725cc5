package leibniz.autograd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import leibniz.core.Arguments;
import leibniz.core.DType;
import leibniz.core.Shape;
import leibniz.core.Tensor;

/**
 * Derivatives as graph nodes: gradients (reverse mode), vector-Jacobian and Jacobian-vector (forward mode)
 * products, Jacobians by either mode, Hessians and Hessian-vector products. Every result is a node, so it
 * can be evaluated, exported, differentiated again or batched ({@link Transforms#vmap}).
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
     * one node per x of x's shape (the symbolic zero where y does not depend on x; for an x with a dynamic axis,
     * zeros of the length x is fed, as PyTorch and JAX give).
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
     * The Jacobian-vector product {@code Σ_i ∂y/∂x_i · t_i}, of y's shape: forward mode, one pass from the
     * inputs to y through each op's JVP rule ({@link Op#jvp}), costing about one more forward pass and
     * holding no reverse pass. Each tangent has its input's shape.
     */
    public static Node jvp(Node y, List<Node> xs, List<Node> tangents) {
        Arguments.notNull(y, "jvp", "y");
        Arguments.noNulls(xs, "jvp", "xs");
        Arguments.noNulls(tangents, "jvp", "tangents");
        if (xs.size() != tangents.size()) {
            throw new IllegalArgumentException("jvp: " + xs.size() + " inputs but " + tangents.size() + " tangents");
        }
        for (int i = 0; i < xs.size(); i++) {
            Node t = tangents.get(i);
            if (!t.shape().equals(xs.get(i).shape())) {
                throw new IllegalArgumentException("jvp: tangent " + i + " has shape " + t.shape() + ", but input " + i
                        + " has shape " + xs.get(i).shape());
            }
        }
        return Dynamic.ZerosLike.valued(ForwardMode.jvp(List.of(y), List.copyOf(xs), List.copyOf(tangents)).get(0), y);
    }

    /**
     * The Jacobian of {@code y} with respect to {@code x}, of shape {@code y.shape + x.shape}, by reverse mode:
     * the VJP of y with a cotangent u, batched over the rows of the identity ({@link Transforms#vmap}), as
     * JAX's {@code jacrev}. One graph whatever the size; the cheaper way when y has fewer elements than x.
     */
    public static Node jacobian(Node y, Node x) {
        Arguments.notNull(y, "jacobian", "y");
        Arguments.notNull(x, "jacobian", "x");
        Node u = Node.placeholder("jacobian cotangent", y.shape(), y.dtype());
        Node row = ReverseMode.derive(y, List.of(x), u).get(0);
        Node rows = basisBatch(row, u, x.dtype());
        return rows == null ? zeros(y, x) : rows.reshape(jacobianShape(y, x));
    }

    /**
     * The Jacobian of {@code y} with respect to {@code x}, of shape {@code y.shape + x.shape}, by forward mode:
     * the JVP of y with a tangent t, batched over the columns of the identity ({@link Transforms#vmap}), as
     * JAX's {@code jacfwd}. The cheaper way for a tall Jacobian, when x has fewer elements than y.
     */
    public static Node jacfwd(Node y, Node x) {
        Arguments.notNull(y, "jacfwd", "y");
        Arguments.notNull(x, "jacfwd", "x");
        Node t = Node.placeholder("jacfwd tangent", x.shape(), x.dtype());
        Node column = ForwardMode.jvp(List.of(y), List.of(x), List.of(t)).get(0);
        Node columns = basisBatch(column, t, y.dtype());
        if (columns == null) {
            return zeros(y, x);
        }
        int n = x.shape().size();
        return columns.reshape(n, y.shape().size()).transpose().reshape(jacobianShape(y, x));
    }

    /**
     * {@code f}, a linear function of the stand-in {@code v}, batched over the unit vectors of v's shape:
     * {@code [v.size, ...f.shape]}; null when there are none or f is the symbolic zero.
     */
    private static Node basisBatch(Node f, Node v, DType dtype) {
        int n = v.shape().size();
        if (f.isZero() || n == 0 || f.shape().size() == 0) {
            return null;
        }
        Node basis = Node.constant(Tensor.eye(n).reshape(v.shape().inserting(0, n)).to(v.dtype()));
        Batching.Result r = Batching.of(List.of(f), Map.of(v, basis), n);
        Node out = r.outputs().get(0);
        return (r.batched()[0] ? out : out.broadcastTo(out.shape().inserting(0, n))).to(dtype);
    }

    private static Shape jacobianShape(Node y, Node x) {
        int[] dims = new int[y.rank() + x.rank()];
        System.arraycopy(y.shape().dims(), 0, dims, 0, y.rank());
        System.arraycopy(x.shape().dims(), 0, dims, y.rank(), x.rank());
        return Shape.of(dims);
    }

    private static Node zeros(Node y, Node x) {
        return Node.constant(Tensor.zeros(jacobianShape(y, x), x.dtype()));
    }

    /**
     * The Hessian of a single-element {@code y} with respect to {@code x}, of shape {@code x.shape + x.shape}:
     * forward over reverse, the forward-mode Jacobian of the gradient ({@link #jacfwd}), as JAX's
     * {@code hessian}.
     */
    public static Node hessian(Node y, Node x) {
        Arguments.notNull(y, "hessian", "y");
        Arguments.notNull(x, "hessian", "x");
        return jacfwd(grad(y, x).get(0), x);
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
     * Hessian: forward over reverse, the JVP of the gradient along v. It carries one tangent through the
     * gradient's graph, where reverse over reverse (the gradient of {@code <∂y/∂x, v>}) walks that graph
     * back again and keeps its values for the walk.
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
        return Dynamic.ZerosLike.valued(ForwardMode.jvp(List.of(g), List.of(x), List.of(v)).get(0), x);
    }

    /**
     * {@code f(inputs)}, checkpointed as JAX's {@code jax.checkpoint} and PyTorch's
     * {@code torch.utils.checkpoint}: f's intermediate values are not kept for the gradient but recomputed
     * from {@code inputs} when the backward pass reaches them, trading compute for memory. Values and
     * gradients are those of {@code f(inputs)}, bit for bit. f is traced once; outer nodes it reads become
     * inputs of the call.
     * <pre>{@code
     * List<Node> out = Autograd.checkpoint(xs -> List.of(block(xs.get(0))), List.of(h));
     * }</pre>
     */
    public static List<Node> checkpoint(Function<List<Node>, List<Node>> f, List<Node> inputs) {
        Arguments.notNull(f, "checkpoint", "f");
        return CheckpointOp.call(f, List.copyOf(Arguments.noNulls(inputs, "checkpoint", "inputs")));
    }

    /** {@link #checkpoint(Function, List)} for a function of one node to one node: {@code Autograd.checkpoint(block::apply, h)}. */
    public static Node checkpoint(UnaryOperator<Node> f, Node x) {
        Arguments.notNull(f, "checkpoint", "f");
        Arguments.notNull(x, "checkpoint", "x");
        return checkpoint(xs -> {
            Node y = f.apply(xs.get(0));
            return y == null ? null : List.of(y);
        }, List.of(x)).get(0);
    }
}
