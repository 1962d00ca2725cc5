package leibniz.autograd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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
 * For a gradient node a last line names the forward node whose derivative it belongs to:
 * {@code in the derivative of sqrt[4] (built at Model.java:10)}.
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

    NonFiniteException(Node node, Tensor value, List<Node> in, List<Statistics> inputs, String cause,
            List<Parameter> parameters, Node derivativeOf) {
        super(report(node, value, in, inputs, cause, parameters, derivativeOf));
        this.node = node;
        this.inputs = List.copyOf(inputs);
        this.parameters = List.copyOf(parameters);
        this.derivativeOf = derivativeOf;
    }

    /** The node whose value brought the NaN or infinity in (the node you built, when it stands for one). */
    public Node node() {
        return node;
    }

    /** The statistics of each input's value, in order; none for a leaf. */
    public List<Statistics> inputs() {
        return inputs;
    }

    /** The parameters the node depends on, in the order a walk from the inputs meets them. */
    public List<Parameter> parameters() {
        return parameters;
    }

    /** For a node of a gradient, the forward node whose VJP built it. */
    public Optional<Node> derivativeOf() {
        return Optional.ofNullable(derivativeOf);
    }

    private static String report(Node node, Tensor value, List<Node> in, List<Statistics> inputs, String cause,
            List<Parameter> parameters, Node derivativeOf) {
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
        if (!parameters.isEmpty()) {
            List<String> names = new ArrayList<>();
            for (Parameter p : parameters) {
                names.add("'" + p.name() + "'");
            }
            out.append("\n  depends on parameter").append(names.size() == 1 ? " " : "s ")
                    .append(String.join(", ", names));
        }
        if (derivativeOf != null) {
            out.append("\n  in the derivative of ").append(Provenance.describe(derivativeOf));
        }
        return out.toString();
    }

    /** A number as {@link Double#toString} writes it, in at most 6 significant digits. */
    static String number(double v) {
        return Double.toString(Double.parseDouble(String.format(Locale.ROOT, "%.6g", v)));
    }
}
