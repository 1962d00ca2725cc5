package leibniz.autograd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import leibniz.core.Tensor;

/**
 * The root cause of a NaN or an infinity, found by a program in debug mode ({@link Program.Options#debug}):
 * the first node whose value has a NaN that none of its inputs had, or an infinity where its inputs were
 * all finite (or a placeholder fed, or a parameter holding, such values). Infinities that come from an
 * infinite input (a mask of −∞ before a softmax) are not causes, and are let through.
 *
 * <pre>
 * NaN in log[4] (built at Model.java:12): 1 of 4 elements, first at [2]
 *   input 0, sub[4]: min -0.5, max 2.0, no NaN, no infinity
 *   depends on parameters 'w', 'b'
 * </pre>
 * For a gradient node a line names the forward node whose derivative it belongs to:
 * {@code in the derivative of sqrt[4] (built at Model.java:10)}. For a node inside the body of a loop, a
 * conditional or a checkpointed call, the last lines say where, innermost first:
 * {@code in step 3 of 50 of scan (LSTM.create at Model.java:20)}.
 */
public final class NonFiniteException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    /** The NaN and infinity counts, and the range of the finite elements, of one value. */
    public record Statistics(int size, int nan, int infinite, double min, double max) {
        /** The statistics of {@code t}; min and max are NaN when no element is finite. */
        public static Statistics of(Tensor t) {
            int nan = 0;
            int inf = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double v : t.toArray()) {
                if (Double.isNaN(v)) {
                    nan++;
                } else if (Double.isInfinite(v)) {
                    inf++;
                } else {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
            boolean none = nan + inf == t.size();
            return new Statistics(t.size(), nan, inf, none ? Double.NaN : min, none ? Double.NaN : max);
        }

        /** {@code min -0.5, max 2.0, no NaN, 3 infinite}. */
        @Override
        public String toString() {
            String range = Double.isNaN(min) ? "no finite element" : "min " + number(min) + ", max " + number(max);
            return range + ", " + (nan == 0 ? "no NaN" : nan + " NaN") + ", "
                    + (infinite == 0 ? "no infinity" : infinite + " infinite");
        }
    }

    private final transient Node node;
    private final transient List<Statistics> inputs;
    private final transient List<Parameter> parameters;
    private final transient Node derivativeOf;
    private final transient List<Node> loops;
    /** The lines that describe the value and its inputs, which a loop around the node keeps as they are. */
    private final String head;
    /** The line naming the forward node whose VJP built the node, or empty. */
    private final String derivative;
    /** One line per loop, conditional or checkpointed call around the node, innermost first. */
    private final List<String> path;

    NonFiniteException(Node node, Tensor value, List<Node> in, List<Statistics> inputs, String cause,
            List<Parameter> parameters, Node derivativeOf) {
        this(node, head(node, value, in, inputs, cause), inputs, parameters, derivativeOf,
                derivativeOf == null ? "" : "in the derivative of " + Provenance.describe(derivativeOf), List.of(),
                List.of());
    }

    private NonFiniteException(Node node, String head, List<Statistics> inputs, List<Parameter> parameters,
            Node derivativeOf, String derivative, List<Node> loops, List<String> path) {
        super(report(head, parameters, derivative, path));
        this.node = node;
        this.head = head;
        this.inputs = List.copyOf(inputs);
        this.parameters = List.copyOf(parameters);
        this.derivativeOf = derivativeOf;
        this.derivative = derivative;
        this.loops = List.copyOf(loops);
        this.path = List.copyOf(path);
    }

    /**
     * This report, raised inside a body of {@code loop}, with the line {@code where} (which step of which loop)
     * and the parameters the loop reads; {@code forward}, if not null, the forward node whose VJP built the loop.
     */
    NonFiniteException within(Node loop, String where, List<Parameter> read, Node forward) {
        Set<Parameter> all = new LinkedHashSet<>(parameters);
        all.addAll(read);
        List<Node> outer = new ArrayList<>(loops);
        outer.add(loop);
        List<String> lines = new ArrayList<>(path);
        lines.add(where);
        NonFiniteException e = new NonFiniteException(node, head, inputs, new ArrayList<>(all),
                derivativeOf != null ? derivativeOf : forward, derivative, outer, lines);
        e.setStackTrace(getStackTrace());
        return e;
    }

    /** The node whose value brought the NaN or infinity in (the node you built, when it stands for one). */
    public Node node() {
        return node;
    }

    /** The statistics of each input's value, in order; none for a leaf. */
    public List<Statistics> inputs() {
        return inputs;
    }

    /**
     * The parameters the node depends on, in the order a walk from the inputs meets them; inside a loop, those
     * the loop reads.
     */
    public List<Parameter> parameters() {
        return parameters;
    }

    /** For a node of a gradient (or of a loop built by a gradient), the forward node whose VJP built it. */
    public Optional<Node> derivativeOf() {
        return Optional.ofNullable(derivativeOf);
    }

    /**
     * The loops, conditionals and checkpointed calls whose bodies hold the node, innermost first; empty for a node
     * outside every body.
     */
    public List<Node> loops() {
        return loops;
    }

    private static String head(Node node, Tensor value, List<Node> in, List<Statistics> inputs, String cause) {
        Statistics s = Statistics.of(value);
        String kind = s.nan() > 0 ? "NaN" : "infinity";
        int count = s.nan() > 0 ? s.nan() : s.infinite();
        double[] v = value.toArray();
        int first = 0;
        while (s.nan() > 0 ? !Double.isNaN(v[first]) : Double.isFinite(v[first])) {
            first++;
        }
        StringBuilder out = new StringBuilder(kind).append(" in ").append(Provenance.describe(node)).append(": ")
                .append(count).append(" of ").append(s.size()).append(count == 1 && s.size() == 1 ? " element"
                        : " elements").append(", first at ").append(Arrays.toString(Checked.index(first, value)));
        if (!cause.isEmpty()) {
            out.append("\n  ").append(cause);
        }
        for (int i = 0; i < inputs.size(); i++) {
            out.append("\n  input ").append(i).append(", ").append(Provenance.label(in.get(i))).append(": ")
                    .append(inputs.get(i));
        }
        return out.toString();
    }

    private static String report(String head, List<Parameter> parameters, String derivative, List<String> path) {
        StringBuilder out = new StringBuilder(head);
        if (!parameters.isEmpty()) {
            List<String> names = new ArrayList<>();
            for (Parameter p : parameters) {
                names.add("'" + p.name() + "'");
            }
            out.append("\n  depends on parameter").append(names.size() == 1 ? " " : "s ")
                    .append(String.join(", ", names));
        }
        if (!derivative.isEmpty()) {
            out.append("\n  ").append(derivative);
        }
        for (String where : path) {
            out.append("\n  ").append(where);
        }
        return out.toString();
    }

    /** A number as {@link Double#toString} writes it, in at most 6 significant digits. */
    static String number(double v) {
        return Double.toString(Double.parseDouble(String.format(Locale.ROOT, "%.6g", v)));
    }
}
