package leibniz.autograd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import leibniz.core.Arguments;
import leibniz.core.Tensor;

/**
 * Warnings about a loss graph before it trains, each with a stable id, a sentence and the fix: mistakes
 * that run without an error and train badly or not at all. The checks that read the graph alone:
 * <ul>
 * <li>{@code probabilities-as-logits}: a softmax or sigmoid fed to a loss that applies its own;</li>
 * <li>{@code broadcast-trap}: {@code [N]} against {@code [N, 1]} making {@code [N, N]}, which the loss then
 *     averages as if nothing happened;</li>
 * <li>{@code unused-parameter}: a parameter the loss never reads;</li>
 * <li>{@code blocked-parameter}: a parameter that reaches the loss only through ops that pass no gradient
 *     (detach, argmax, step, sign, comparisons);</li>
 * </ul>
 * and those that read the first batch ({@link #check(Node, Collection, Map)}):
 * <ul>
 * <li>{@code not-probabilities}: a loss on probabilities (or log-probabilities) given other values;</li>
 * <li>{@code labels-out-of-range}: class labels outside {@code [0, classes)};</li>
 * <li>{@code dead-relu}: a ReLU that is 0 for the whole batch in most of its units;</li>
 * <li>{@code activation-scale}: activations whose spread grows or shrinks a hundredfold through the layers.</li>
 * </ul>
 * Losses say what they expect of their inputs with {@link #expect}; {@code nn}'s losses do. The
 * {@code Trainer} runs {@code Lint.of()} on its first batch and prints the warnings.
 *
 * <pre>{@code
 * List<Lint.Warning> ws = Lint.of().silence(Lint.Check.DEAD_RELU).check(loss, params, Map.of(x, xb, y, yb));
 * }</pre>
 */
public final class Lint {
    /** What a loss expects an input to be. */
    public enum Role {
        /** Unnormalized scores, to which the loss applies its own softmax or sigmoid. */
        LOGITS("logits"),
        /** Values in [0, 1]. */
        PROBABILITIES("probabilities"),
        /** Logarithms of probabilities: values at most 0. */
        LOG_PROBABILITIES("log-probabilities"),
        /** Whole numbers in {@code [0, classes)}. */
        LABELS("labels");

        private final String noun;

        Role(String noun) {
            this.noun = noun;
        }

        /** {@code log-probabilities}. */
        public String noun() {
            return noun;
        }
    }

    /** The checks, each with a stable id. */
    public enum Check {
        /** A softmax or sigmoid fed to a loss that takes logits. */
        PROBABILITIES_AS_LOGITS,
        /** A loss on probabilities or log-probabilities given values outside their range. */
        NOT_PROBABILITIES,
        /** Broadcasting that makes a value larger than each operand, hidden by the loss's reduction. */
        BROADCAST_TRAP,
        /** A parameter the loss does not read. */
        UNUSED_PARAMETER,
        /** A parameter that reaches the loss only through ops without a gradient. */
        BLOCKED_PARAMETER,
        /** Class labels outside {@code [0, classes)}. */
        LABELS_OUT_OF_RANGE,
        /** A ReLU inactive for the whole batch in most of its units. */
        DEAD_RELU,
        /** Activations that grow or shrink a hundredfold through the layers. */
        ACTIVATION_SCALE;

        /** The id, as warnings print it: {@code dead-relu}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** One warning: the check, what is wrong and how to fix it. */
    public record Warning(Check check, String message, String fix) {
        /** Checks that no part is null. */
        public Warning {
            Arguments.notNull(check, "warning", "check");
            Arguments.notNull(message, "warning", "message");
            Arguments.notNull(fix, "warning", "fix");
        }

        /** {@code [dead-relu] relu[64, 256] is 0 ... Fix: ...}. */
        @Override
        public String toString() {
            return "[" + check.id() + "] " + message + ". Fix: " + fix + ".";
        }
    }

    private final Set<Check> silenced;

    private Lint(Set<Check> silenced) {
        this.silenced = silenced;
    }

    /** Every check. */
    public static Lint of() {
        return new Lint(EnumSet.noneOf(Check.class));
    }

    /** These checks without {@code checks}: {@code Lint.of().silence(Lint.Check.DEAD_RELU)}. */
    public Lint silence(Check... checks) {
        Arguments.noNulls(checks, "lint", "checks");
        Set<Check> s = EnumSet.noneOf(Check.class);
        s.addAll(silenced);
        s.addAll(Arrays.asList(checks));
        return new Lint(s);
    }

    /** The checks silenced. */
    public Set<Check> silenced() {
        return Set.copyOf(silenced);
    }

    /**
     * {@code x}, marked as what the loss {@code owner} expects it to be (not {@link Role#LABELS}, which has
     * {@link #expectLabels}): {@code Lint.expect(logits, Lint.Role.LOGITS, "crossEntropy")}. The mark is
     * the identity, with the identity's gradient, and a compiled program drops it.
     */
    public static Node expect(Node x, Role role, String owner) {
        Arguments.notNull(x, "expect", "x");
        Arguments.notNull(role, "expect", "role");
        Arguments.notNull(owner, "expect", "owner");
        if (role == Role.LABELS) {
            throw new IllegalArgumentException("expect: labels need their number of classes: use expectLabels");
        }
        return Node.apply(new Expectation(role, owner, 0), x);
    }

    /** {@code labels}, marked as class indices in {@code [0, classes)} for the loss {@code owner}. */
    public static Node expectLabels(Node labels, int classes, String owner) {
        Arguments.notNull(labels, "expectLabels", "labels");
        Arguments.notNull(owner, "expectLabels", "owner");
        if (classes < 1) {
            throw new IllegalArgumentException("expectLabels: classes must be positive, got " + classes);
        }
        return Node.apply(new Expectation(Role.LABELS, owner, classes), labels);
    }

    /** The warnings the graph of {@code loss} gives on its own, without data. */
    public List<Warning> check(Node loss, Collection<Parameter> parameters) {
        return check(loss, parameters, Map.of());
    }

    /**
     * The warnings about {@code loss} and the {@code parameters} to train, with the checks of values run
     * on {@code feeds} (a first batch) when they feed every placeholder the loss reads.
     */
    public List<Warning> check(Node loss, Collection<Parameter> parameters, Map<Node, Tensor> feeds) {
        Arguments.notNull(loss, "lint", "loss");
        Arguments.noNulls(parameters, "lint", "parameters");
        Arguments.notNull(feeds, "lint", "feeds");
        LintRules rules = new LintRules(loss);
        List<Warning> all = new ArrayList<>(rules.structure(List.copyOf(parameters)));
        if (rules.fedBy(feeds)) {
            all.addAll(rules.values(feeds));
        }
        all.removeIf(w -> silenced.contains(w.check()));
        return all;
    }
}
