package leibniz.optim;

import java.util.ArrayList;
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
 * Hessian-vector products {@code ∇²f(x) v}, each computed by a {@link Program} built once.
 */
final class FlatObjective {
    /** A point with its loss and gradient. */
    record Point(double[] x, double f, double[] g) {
    }

    private final List<Parameter> parameters;
    private final Map<Node, Tensor> feeds;
    private final Program value;
    private final Program hvp;
    private final List<Node> vectors = new ArrayList<>();
    private final int size;
    private int evaluations;

    private FlatObjective(Node loss, List<Parameter> parameters, Map<Node, Tensor> feeds, boolean withHvp) {
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
        return new FlatObjective(loss, List.copyOf(parameters), new HashMap<>(feeds), withHvp);
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
