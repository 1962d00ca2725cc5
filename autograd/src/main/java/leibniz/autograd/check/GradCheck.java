package leibniz.autograd.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import leibniz.autograd.Autograd;
import leibniz.autograd.Node;
import leibniz.autograd.Program;
import leibniz.core.Shape;
import leibniz.core.Tensor;

/**
 * Checks reverse-mode and forward-mode derivatives against float64 central differences
 * {@code (f(x + ε eⱼ) − f(x − ε eⱼ)) / 2ε}, for every element j of every input, after PyTorch's
 * {@code gradcheck} (with and without {@code check_forward_ad}) and {@code gradgradcheck}.
 *
 * <p>A non-scalar output is projected on a fixed random vector r (from the seed): the check compares
 * the numeric derivative of {@code <r, f(x)>} with the analytic {@code (Jᵀ r)ⱼ} from
 * {@link Autograd#vjp}. An element passes when {@code |numeric − analytic| ≤ atol + rtol · |numeric|}.
 * The graph is built once, with one placeholder per input, and evaluated by a {@link Program}.
 *
 * <pre>{@code
 * GradCheck.of(xs -> xs.get(0).mul(xs.get(1)).tanh()).check(a, b);
 * GradCheck.of(xs -> xs.get(0).pow(3)).checkSecondOrder(x);
 * GradCheck.of(xs -> Node.apply(new Cube(), xs.get(0))).checkJvp(x);   // a custom op's JVP rule
 * }</pre>
 * Instances are immutable; each setter returns a new configuration.
 */
public final class GradCheck {
    private final Function<List<Node>, Node> f;
    private final double eps;
    private final double atol;
    private final double rtol;
    private final long seed;
    /** The elements checked per input, spread evenly over it; 0 for all. */
    private final int elements;

    private GradCheck(Function<List<Node>, Node> f, double eps, double atol, double rtol, long seed, int elements) {
        this.f = f;
        this.eps = eps;
        this.atol = atol;
        this.rtol = rtol;
        this.seed = seed;
        this.elements = elements;
    }

    /**
     * A check of {@code f}, which builds the output node from one node per input; defaults: eps 1e-6,
     * atol 1e-5, rtol 1e-3, seed 0.
     */
    public static GradCheck of(Function<List<Node>, Node> f) {
        if (f == null) {
            throw new IllegalArgumentException("gradcheck: f is null; it builds the output node from the input nodes");
        }
        return new GradCheck(f, 1e-6, 1e-5, 1e-3, 0, 0);
    }

    /** This check with step {@code eps} for the central differences; it must be positive and finite. */
    public GradCheck eps(double eps) {
        if (!(eps > 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("gradcheck: eps must be positive and finite, got " + eps);
        }
        return new GradCheck(f, eps, atol, rtol, seed, elements);
    }

    /** This check with absolute tolerance {@code atol} (at least 0). */
    public GradCheck atol(double atol) {
        return new GradCheck(f, eps, tolerance("atol", atol), rtol, seed, elements);
    }

    /** This check with relative tolerance {@code rtol} (at least 0), relative to the numeric derivative. */
    public GradCheck rtol(double rtol) {
        return new GradCheck(f, eps, atol, tolerance("rtol", rtol), seed, elements);
    }

    /** This check with the seed of the random output projection. */
    public GradCheck seed(long seed) {
        return new GradCheck(f, eps, atol, rtol, seed, elements);
    }

    /**
     * This check on at most {@code count} elements of each input, spread evenly over it (the first, then
     * every {@code size/count}-th), for inputs too large to check every element; 0 checks all of them.
     */
    public GradCheck elements(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("gradcheck: elements must be at least 0 (0 for all), got " + count);
        }
        return new GradCheck(f, eps, atol, rtol, seed, count);
    }

    /**
     * Compares the first derivatives of f at {@code inputs} with central differences.
     *
     * @throws GradCheckError naming the first input and element whose derivatives disagree
     */
    public void check(Tensor... inputs) {
        List<Node> xs = placeholders(inputs);
        compare("gradcheck", build(xs), xs, inputs, seed);
    }

    /**
     * Compares the second derivatives of f at {@code inputs} with central differences of the first:
     * the first check applied to {@code x ↦ vjp(f(x), x, r)}, all input gradients flattened and
     * concatenated into one vector (projected on a second random vector).
     *
     * @throws GradCheckError naming the first input and element whose second derivatives disagree
     */
    public void checkSecondOrder(Tensor... inputs) {
        List<Node> xs = placeholders(inputs);
        Node y = build(xs);
        List<Node> grads = Autograd.vjp(y, xs, Node.constant(projection(y.shape(), seed)));
        Node[] flat = new Node[grads.size()];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = grads.get(i).reshape(grads.get(i).shape().size());
        }
        Node joined = flat.length == 1 ? flat[0] : Node.concat(0, flat);
        compare("gradgradcheck", joined, xs, inputs, seed + 1);
    }

    /**
     * Compares the forward-mode derivatives of f at {@code inputs} ({@link Autograd#jvp}, built from each
     * op's JVP rule) with central differences: for every element j of every input, the JVP along the unit
     * tangent {@code eⱼ} is column j of the Jacobian, and each of its elements is compared with the central
     * difference of the same output element.
     *
     * @throws GradCheckError naming the first input and element whose column disagrees, and the output element
     */
    public void checkJvp(Tensor... inputs) {
        List<Node> xs = placeholders(inputs);
        Node y = build(xs);
        List<Node> tangents = new ArrayList<>(xs.size());
        Map<Node, Tensor> feeds = new HashMap<>();
        for (int i = 0; i < inputs.length; i++) {
            Node t = Node.placeholder("t" + i, inputs[i].shape());
            tangents.add(t);
            feeds.put(xs.get(i), inputs[i]);
            feeds.put(t, Tensor.zeros(inputs[i].shape()));
        }
        Program.Options plain = Program.Options.defaults().debug(false);
        Program column = Program.of(List.of(Autograd.jvp(y, xs, tangents)), List.of(), plain);
        Program forward = Program.of(List.of(y), List.of(), plain);
        for (int i = 0; i < inputs.length; i++) {
            Shape shape = inputs[i].shape();
            double[] x = inputs[i].toArray();
            for (int j = 0; j < x.length; j++) {
                double[] e = new double[x.length];
                e[j] = 1;
                feeds.put(tangents.get(i), Tensor.of(e, shape));
                double[] analytic = column.run(feeds).get(0).toArray();
                feeds.put(tangents.get(i), Tensor.zeros(shape));
                double xj = x[j];
                x[j] = xj + eps;
                feeds.put(xs.get(i), Tensor.of(x, shape));
                double[] plus = forward.run(feeds).get(0).toArray();
                x[j] = xj - eps;
                feeds.put(xs.get(i), Tensor.of(x, shape));
                double[] minus = forward.run(feeds).get(0).toArray();
                x[j] = xj;
                feeds.put(xs.get(i), inputs[i]);
                for (int k = 0; k < analytic.length; k++) {
                    double numeric = (plus[k] - minus[k]) / (2 * eps);
                    if (!(Math.abs(numeric - analytic[k]) <= atol + rtol * Math.abs(numeric))) {
                        int[] element = multiIndex(j, shape);
                        throw new GradCheckError("jvpcheck: input " + i + ", element " + Arrays.toString(element)
                                + ", output element " + Arrays.toString(multiIndex(k, y.shape())) + ": numeric "
                                + format(numeric) + " vs analytic " + format(analytic[k]) + " (atol " + format(atol)
                                + ", rtol " + format(rtol) + ")", i, element, numeric, analytic[k]);
                    }
                }
            }
        }
    }

    private void compare(String check, Node y, List<Node> xs, Tensor[] inputs, long projectionSeed) {
        Tensor r = projection(y.shape(), projectionSeed);
        Map<Node, Tensor> feeds = new HashMap<>();
        for (int i = 0; i < inputs.length; i++) {
            feeds.put(xs.get(i), inputs[i]);
        }
        // Not in debug mode: its check of ops of the user's own is what this does, and would call it again.
        Program.Options plain = Program.Options.defaults().debug(false);
        List<Tensor> analytic = Program.of(Autograd.vjp(y, xs, Node.constant(r)), List.of(), plain).run(feeds);
        Program forward = Program.of(List.of(y), List.of(), plain);
        double[] rv = r.toArray();
        for (int i = 0; i < inputs.length; i++) {
            Shape shape = inputs[i].shape();
            double[] x = inputs[i].toArray();
            double[] a = analytic.get(i).toArray();
            int checked = elements == 0 ? x.length : Math.min(elements, x.length);
            for (int c = 0; c < checked; c++) {
                int j = (int) ((long) c * x.length / checked);
                double xj = x[j];
                x[j] = xj + eps;
                double plus = projected(forward, feeds, xs.get(i), Tensor.of(x, shape), rv);
                x[j] = xj - eps;
                double minus = projected(forward, feeds, xs.get(i), Tensor.of(x, shape), rv);
                x[j] = xj;
                double numeric = (plus - minus) / (2 * eps);
                // Written as !(≤) so that a NaN on either side fails.
                if (!(Math.abs(numeric - a[j]) <= atol + rtol * Math.abs(numeric))) {
                    int[] element = multiIndex(j, shape);
                    throw new GradCheckError(check + ": input " + i + ", element " + Arrays.toString(element)
                            + ": numeric " + format(numeric) + " vs analytic " + format(a[j]) + " (atol "
                            + format(atol) + ", rtol " + format(rtol) + ")", i, element, numeric, a[j]);
                }
            }
            feeds.put(xs.get(i), inputs[i]);
        }
    }

    /** {@code <r, f(x)>} with input {@code x} replaced by {@code value}. */
    private static double projected(Program forward, Map<Node, Tensor> feeds, Node x, Tensor value, double[] r) {
        feeds.put(x, value);
        double[] y = forward.run(feeds).get(0).toArray();
        double s = 0;
        for (int k = 0; k < y.length; k++) {
            s += r[k] * y[k];
        }
        return s;
    }

    private static List<Node> placeholders(Tensor[] inputs) {
        if (inputs == null || inputs.length == 0) {
            throw new IllegalArgumentException("gradcheck: needs at least one input");
        }
        List<Node> xs = new ArrayList<>(inputs.length);
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] == null) {
                throw new IllegalArgumentException("gradcheck: input " + i + " is null");
            }
            xs.add(Node.placeholder("x" + i, inputs[i].shape()));
        }
        return xs;
    }

    private Node build(List<Node> xs) {
        Node y = f.apply(List.copyOf(xs));
        if (y == null) {
            throw new IllegalArgumentException("gradcheck: the function returned null instead of an output node");
        }
        return y;
    }

    /**
     * The output projection: 1 for a single-element output; otherwise random signs times magnitudes in
     * {1, 1.25, 1.5, 1.75}, never 0 so that every output element is seen, and dyadic so that projections
     * of simple values stay exact.
     */
    private static Tensor projection(Shape shape, long seed) {
        if (shape.size() == 1) {
            return Tensor.ones(shape);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double[] r = new double[shape.size()];
        for (int k = 0; k < r.length; k++) {
            r[k] = (rng.nextBoolean() ? 1 : -1) * (1 + rng.nextInt(4) / 4.0);
        }
        return Tensor.of(r, shape);
    }

    private static int[] multiIndex(int flat, Shape shape) {
        int[] strides = shape.strides();
        int[] index = new int[strides.length];
        for (int d = 0; d < strides.length; d++) {
            index[d] = flat / strides[d];
            flat %= strides[d];
        }
        return index;
    }

    private static double tolerance(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("gradcheck: " + name + " must be non-negative and finite, got " + value);
        }
        return value;
    }

    /** A number as Java prints it, with exponents written as in NumPy and PyTorch ({@code 1e-05}, not {@code 1.0E-5}). */
    static String format(double v) {
        String s = Double.toString(v);
        int e = s.indexOf('E');
        if (e < 0) {
            return s;
        }
        String mantissa = s.substring(0, e);
        if (mantissa.endsWith(".0")) {
            mantissa = mantissa.substring(0, mantissa.length() - 2);
        }
        int exponent = Integer.parseInt(s.substring(e + 1));
        int abs = Math.abs(exponent);
        return mantissa + "e" + (exponent < 0 ? "-" : "+") + (abs < 10 ? "0" : "") + abs;
    }
}
