package leibniz.optim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import leibniz.autograd.Autograd;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.autograd.Program;
import leibniz.core.Shape;
import leibniz.core.Tensor;

/**
 * A scalar loss over parameters seen as one flat vector x: {@code f(x)} with {@code ∇f(x)}, and optionally
 * Hessian-vector products {@code ∇²f(x) v}, each computed by a {@link Program} built once. It also guards
 * the minimizers against numbers that are not finite, which would otherwise end a run without a word (a
 * NaN gradient norm compares false with every tolerance).
 */
final class FlatObjective {
    /** A point with its loss and gradient. */
    record Point(double[] x, double f, double[] g) {
    }

    private final String op;
    private final List<Parameter> parameters;
    private final Map<Node, Tensor> feeds;
    private final Program value;
    private final Program hvp;
    private final List<Node> vectors = new ArrayList<>();
    private final int size;
    private int evaluations;

    private FlatObjective(String op, Node loss, List<Parameter> parameters, Map<Node, Tensor> feeds,
            boolean withHvp) {
        this.op = op;
        this.parameters = parameters;
        this.feeds = feeds;
        int n = 0;
        for (Parameter p : parameters) {
            n += p.shape().size();
        }
        this.size = n;
        List<Node> grads = Autograd.gradients(loss, parameters);
        List<Node> outputs = new ArrayList<>();
        outputs.add(loss);
        outputs.addAll(grads);
        this.value = Program.of(outputs);
        this.hvp = withHvp ? hvpProgram(grads) : null;
    }

    /**
     * The Hessian-vector product of several inputs, as {@link Autograd#hvp} does for one: the gradient of
     * {@code Σᵢ <∇ᵢf, vᵢ>} with one placeholder vᵢ per parameter, fed at each product.
     */
    private Program hvpProgram(List<Node> grads) {
        Node dot = Node.zeros(Shape.scalar());
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            Node v = Node.placeholder("v." + p.name(), p.shape(), p.dtype());
            vectors.add(v);
            if (!grads.get(i).isZero()) {
                dot = dot.add(grads.get(i).mul(v).sum());
            }
        }
        List<Node> xs = new ArrayList<>();
        for (Parameter p : parameters) {
            xs.add(p.node());
        }
        List<Node> products = dot.isZero() ? zerosLike(xs) : Autograd.grad(dot, xs);
        return Program.of(products);
    }

    private static List<Node> zerosLike(List<Node> xs) {
        List<Node> out = new ArrayList<>();
        for (Node x : xs) {
            out.add(Node.constant(Tensor.zeros(x.shape(), x.dtype())));
        }
        return out;
    }

    /** Checks the arguments of {@link Minimizer#minimize}, naming {@code op} in messages, and prepares the programs. */
    static FlatObjective of(String op, Node loss, List<Parameter> parameters, Map<Node, Tensor> feeds, int maxIterations,
            double gradTolerance, boolean withHvp) {
        if (loss.shape().size() != 1) {
            throw new IllegalArgumentException(op + ": the loss must hold a single element, got shape " + loss.shape());
        }
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException(op + ": needs at least one parameter");
        }
        Set<Parameter> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Parameter p : parameters) {
            if (!seen.add(p)) {
                throw new IllegalArgumentException(op + ": parameter '" + p.name() + "' is listed twice");
            }
        }
        if (maxIterations < 0) {
            throw new IllegalArgumentException(op + ": max iterations must be non-negative, got " + maxIterations);
        }
        Check.nonNegative(op, "gradient tolerance", gradTolerance);
        return new FlatObjective(op, loss, List.copyOf(parameters), new HashMap<>(feeds), withHvp);
    }

    /** The parameters' current values as one vector. */
    double[] start() {
        double[] x = new double[size];
        int at = 0;
        for (Parameter p : parameters) {
            double[] v = p.value().toArray();
            System.arraycopy(v, 0, x, at, v.length);
            at += v.length;
        }
        return x;
    }

    /** Sets the parameters to the vector {@code x}. */
    void moveTo(double[] x) {
        int at = 0;
        for (Parameter p : parameters) {
            int n = p.shape().size();
            double[] v = new double[n];
            System.arraycopy(x, at, v, 0, n);
            p.set(Tensor.of(v, p.shape()).to(p.dtype())); // the search runs in F64 whatever the model's type
            at += n;
        }
    }

    /**
     * The loss and gradient at the parameters' current values, iteration 0 of a run.
     *
     * @throws IllegalArgumentException if either is not finite: there is nothing to minimize from there
     */
    Point first() {
        Point p = evaluate(start());
        if (!Double.isFinite(p.f())) {
            throw new IllegalArgumentException(op + ": the loss at the starting point (iteration 0) is " + p.f());
        }
        String bad = nonFinite(p.g());
        if (bad != null) {
            throw new IllegalArgumentException(op + ": the gradient at the starting point (iteration 0) is " + bad);
        }
        return p;
    }

    /**
     * {@code next}, the point that {@code iteration} reached from {@code last}, once its loss and gradient
     * are known to be finite (a line search accepts a loss of −∞ as a decrease).
     *
     * @throws ArithmeticException naming the iteration and what is not finite, after moving the parameters
     *     back to {@code last}
     */
    Point accept(Point next, Point last, int iteration) {
        if (!Double.isFinite(next.f())) {
            throw stopped(iteration, "the loss became " + next.f(), last);
        }
        String bad = nonFinite(next.g());
        if (bad != null) {
            throw stopped(iteration, "the gradient became " + bad, last);
        }
        return next;
    }

    /**
     * Checks a Hessian-vector product made at {@code at} during {@code iteration}.
     *
     * @throws ArithmeticException as {@link #accept} does
     */
    double[] checkProduct(double[] hv, Point at, int iteration) {
        String bad = nonFinite(hv);
        if (bad != null) {
            throw stopped(iteration, "the Hessian-vector product became " + bad, at);
        }
        return hv;
    }

    private ArithmeticException stopped(int iteration, String what, Point last) {
        moveTo(last.x());
        return new ArithmeticException(op + ": stopped at iteration " + iteration + ": " + what
                + "; the parameters keep the last finite point (iteration " + (iteration - 1) + ")");
    }

    /** The first element of {@code v} that is not finite, as {@code NaN in w[1, 0]}; null if all are finite. */
    private String nonFinite(double[] v) {
        int at = 0;
        for (Parameter p : parameters) {
            int n = p.shape().size();
            for (int i = 0; i < n; i++) {
                if (!Double.isFinite(v[at + i])) {
                    return v[at + i] + " in " + p.name() + index(p.shape(), i);
                }
            }
            at += n;
        }
        return null;
    }

    /** The multi-index of flat position {@code flat} in row-major {@code shape}, as {@code [1, 0]}; none for a scalar. */
    private static String index(Shape shape, int flat) {
        int[] idx = new int[shape.rank()];
        for (int k = idx.length - 1, rest = flat; k >= 0; k--) {
            idx[k] = rest % shape.dim(k);
            rest /= shape.dim(k);
        }
        return idx.length == 0 ? "" : Arrays.toString(idx);
    }

    /** The loss and gradient at {@code x}; leaves the parameters at x. */
    Point evaluate(double[] x) {
        moveTo(x);
        List<Tensor> out = value.run(feeds);
        evaluations++;
        return new Point(x, out.get(0).item(), flatten(out.subList(1, out.size())));
    }

    /** The Hessian-vector product {@code ∇²f(x) v}; leaves the parameters at x. */
    double[] hessianTimes(double[] x, double[] v) {
        moveTo(x);
        Map<Node, Tensor> in = new HashMap<>(feeds);
        int at = 0;
        for (Node vector : vectors) {
            int n = vector.shape().size();
            double[] part = new double[n];
            System.arraycopy(v, at, part, 0, n);
            in.put(vector, Tensor.of(part, vector.shape()));
            at += n;
        }
        return flatten(hvp.run(in));
    }

    private double[] flatten(List<Tensor> parts) {
        double[] out = new double[size];
        int at = 0;
        for (Tensor t : parts) {
            double[] v = t.toArray();
            System.arraycopy(v, 0, out, at, v.length);
            at += v.length;
        }
        return out;
    }

    /** The result at {@code p}, moving the parameters there. */
    Minimizer.Result finish(int iterations, Point p, double gradTolerance) {
        moveTo(p.x());
        double norm = Vectors.norm(p.g());
        return new Minimizer.Result(iterations, p.f(), norm, evaluations, norm <= gradTolerance);
    }
}
