package leibniz.autograd;

import java.util.List;
import java.util.Locale;
import leibniz.core.Shape;
import leibniz.core.Tensor;

/**
 * Reductions over all elements or over one axis. Every VJP first spreads {@code g} back over the
 * reduced axis ({@link Reduce#spread}), then applies the formula of its kind.
 */
final class ReductionOps {
    private ReductionOps() {
    }

    /** The reductions; ARGMAX and ARGMIN carry no gradient. */
    enum Kind { SUM, MEAN, MAX, MIN, LOGSUMEXP, VARIANCE, ARGMAX, ARGMIN }

    /**
     * A reduction of {@code kind} over one axis ({@code all == false}) or every element.
     * <pre>
     * sum:        dx = spread(g)
     * mean:       dx = spread(g) / n
     * max, min:   dx = spread(g) ⊙ m / spread(Σ m),  m = [x = spread(out)]   (ties share the gradient)
     * logsumexp:  dx = spread(g) ⊙ e^(x − spread(out))
     * variance:   dx = spread(g) ⊙ 2 (x − mean x) / n
     * </pre>
     */
    record Reduce(Kind kind, int axis, boolean keepDims, boolean all) implements BuiltIn {
        static Reduce all(Kind kind) {
            return new Reduce(kind, 0, false, true);
        }

        static Reduce along(Kind kind, int axis, boolean keepDims) {
            return new Reduce(kind, axis, keepDims, false);
        }

        public String name() {
            return kind.name().toLowerCase(Locale.ROOT);
        }

        public Shape shape(Shape... in) {
            // Same rules and sentences as the core kernels, but raised when the node is built.
            if (all) {
                if (in[0].size() == 0 && extremum() != null) {
                    throw new IllegalArgumentException(name() + ": empty tensor " + in[0] + " has no " + extremum());
                }
                return Shape.scalar();
            }
            int a = in[0].axis(axis, name());
            if (in[0].dim(a) == 0 && extremum() != null) {
                throw new IllegalArgumentException(name() + ": axis " + a + " of " + in[0] + " is empty and has no "
                        + extremum());
            }
            return keepDims ? in[0].withDim(a, 1) : in[0].without(a);
        }

        public Tensor forward(Tensor... in) {
            Tensor x = in[0];
            if (all) {
                return switch (kind) {
                    case SUM -> x.sum();
                    case MEAN -> x.mean();
                    case MAX -> x.max();
                    case MIN -> x.min();
                    case LOGSUMEXP -> x.logsumexp();
                    case VARIANCE -> x.variance();
                    case ARGMAX -> x.argmax();
                    case ARGMIN -> x.argmin();
                };
            }
            return switch (kind) {
                case SUM -> x.sum(axis, keepDims);
                case MEAN -> x.mean(axis, keepDims);
                case MAX -> x.max(axis, keepDims);
                case MIN -> x.min(axis, keepDims);
                case LOGSUMEXP -> x.logsumexp(axis, keepDims);
                case VARIANCE -> x.variance(axis, keepDims);
                case ARGMAX -> x.argmax(axis, keepDims);
                case ARGMIN -> x.argmin(axis, keepDims);
            };
        }

        public List<Node> vjp(Node out, Node g) {
            Node x = out.input(0);
            double n = all ? x.shape().size() : x.shape().dim(axis);
            Node dx = switch (kind) {
                case SUM -> spread(g, x.shape());
                case MEAN -> spread(g, x.shape()).div(n);
                case MAX, MIN -> {
                    Node mask = x.eq(spread(out, x.shape()));
                    Node count = all ? mask.sum() : mask.sum(axis, keepDims);
                    yield spread(g.div(count), x.shape()).mul(mask);
                }
                case LOGSUMEXP -> spread(g, x.shape()).mul(x.sub(spread(out, x.shape())).exp());
                case VARIANCE -> {
                    Node centered = all ? x.sub(x.mean()) : x.sub(x.mean(axis, true));
                    yield spread(g, x.shape()).mul(centered).mul(2 / n);
                }
                case ARGMAX, ARGMIN -> Node.zeros(x.shape());
            };
            return List.of(dx);
        }

        /** The word for what an empty input lacks, or null for reductions defined on empty input. */
        private String extremum() {
            return switch (kind) {
                case MAX, ARGMAX -> "maximum";
                case MIN, ARGMIN -> "minimum";
                default -> null;
            };
        }

        /** A node of the reduced shape repeated back over the reduced axis, to the input's shape. */
        Node spread(Node reduced, Shape input) {
            Node r = all || keepDims ? reduced : reduced.unsqueeze(input.axis(axis, name()));
            return r.broadcastTo(input);
        }

        @Override
        public boolean differentiable() {
            return kind != Kind.ARGMAX && kind != Kind.ARGMIN;
        }
    }
}
