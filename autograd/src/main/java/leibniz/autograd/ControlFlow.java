package leibniz.autograd;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import leibniz.core.Shape;

/**
 * Loops and conditionals as graph ops, after JAX's {@code lax.scan}, {@code lax.while_loop} and
 * {@code lax.cond}: each is one node whose bodies are small graphs traced once from a Java function, so the
 * graph and its gradient graph have the same size whatever the number of steps. Outer nodes a body reads
 * (parameters, placeholders, other nodes) are found by the trace and become inputs of the loop, so
 * gradients reach them.
 *
 * <pre>{@code
 * // h_t = tanh(x_t W + h_{t−1} U) over the time axis of x [B, T, I]; hs [B, T, H]
 * ControlFlow.Scanned run = ControlFlow.scan((h, x) -> {
 *     Node next = x.get(0).matmul(w).add(h.get(0).matmul(u)).tanh();
 *     return new ControlFlow.Step(List.of(next), List.of(next));
 * }, List.of(h0), List.of(x), 1);
 * Node hs = run.outputs().get(0);
 * }</pre>
 */
public final class ControlFlow {
    private ControlFlow() {
    }

    /** The body of a scan: one step from the carries and this step's slice of each sequence. */
    @FunctionalInterface
    public interface ScanBody {
        /** The next carries (each of its carry's shape and type) and this step's outputs. */
        Step apply(List<Node> carry, List<Node> x);
    }

    /** What a scan body returns for one step: the next carries and this step's outputs. */
    public record Step(List<Node> carry, List<Node> outputs) {
        /** Copies the lists; refuses nulls. */
        public Step {
            carry = nonNull("scan: the body's carry", carry);
            outputs = nonNull("scan: the body's outputs", outputs);
        }
    }

    /** What a scan returns: the carries after the last step and each output stacked over the steps. */
    public record Scanned(List<Node> carry, List<Node> outputs) {
        /** Copies the lists. */
        public Scanned {
            carry = List.copyOf(carry);
            outputs = List.copyOf(outputs);
        }
    }

    /** {@link #scan(ScanBody, List, List, int, boolean)} along axis 0, forwards. */
    public static Scanned scan(ScanBody body, List<Node> init, List<Node> xs) {
        return scan(body, init, xs, 0, false);
    }

    /** {@link #scan(ScanBody, List, List, int, boolean)} forwards. */
    public static Scanned scan(ScanBody body, List<Node> init, List<Node> xs, int axis) {
        return scan(body, init, xs, axis, false);
    }

    /**
     * The loop {@code for t: (c, y_t) = body(c, xs[t])} from carries {@code init} over the sequences
     * {@code xs}, sliced along {@code axis} (negative counts from the end), from the last step to the first
     * if {@code reverse}: the final carries and each output stacked along {@code axis}. The sequences must
     * have the same length, at least 1; a body whose carry changes shape or type is refused here.
     */
    public static Scanned scan(ScanBody body, List<Node> init, List<Node> xs, int axis, boolean reverse) {
        nonNull("scan: the sequences", xs);
        if (xs.isEmpty()) {
            throw new IllegalArgumentException("scan: needs at least one sequence; pass a length to scan without any");
        }
        List<Integer> axes = new ArrayList<>();
        int length = -1;
        for (int i = 0; i < xs.size(); i++) {
            Shape s = xs.get(i).shape();
            int a = s.axis(axis, "scan: sequence " + i + " " + s);
            int n = s.dim(a);
            if (n == 0) {
                throw new IllegalArgumentException("scan: sequence " + i + " " + s + " has no steps along axis " + a);
            }
            if (length >= 0 && n != length) {
                throw new IllegalArgumentException("scan: sequence " + i + " " + s + " has " + n + " steps along axis "
                        + a + ", sequence 0 " + xs.get(0).shape() + " has " + length);
            }
            length = n;
            axes.add(a);
        }
        return loop(body, init, xs, axes, axis, length, reverse);
    }

    /** The loop {@code length} times over the carries alone: {@code (c, y_t) = body(c, [])}, outputs stacked along axis 0. */
    public static Scanned scan(ScanBody body, List<Node> init, int length) {
        if (length < 1) {
            throw new IllegalArgumentException("scan: needs at least 1 step, got " + length);
        }
        return loop(body, init, List.of(), List.of(), 0, length, false);
    }

    private static Scanned loop(ScanBody body, List<Node> init, List<Node> xs, List<Integer> xsAxes, int axis,
            int length, boolean reverse) {
        if (body == null) {
            throw new IllegalArgumentException("scan: a body is required");
        }
        nonNull("scan: the initial carry", init);
        int k = init.size();
        List<Node> args = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            args.add(Body.standIn("scan carry " + i, init.get(i)));
        }
        for (int i = 0; i < xs.size(); i++) {
            Node x = xs.get(i);
            args.add(Body.standIn("scan step " + i, x.shape().without(xsAxes.get(i)), x.dtype()));
        }
        Body.Closure c = Body.trace("scan", args, a -> {
            Step step = body.apply(a.subList(0, k), a.subList(k, a.size()));
            if (step == null) {
                throw new IllegalArgumentException("scan: the body returned null instead of a step");
            }
            if (step.carry().size() != k) {
                throw new IllegalArgumentException("scan: the body returned " + step.carry().size() + " carries for "
                        + k);
            }
            List<Node> out = new ArrayList<>(step.carry());
            out.addAll(step.outputs());
            return out;
        });
        List<Node> outputs = c.body().outputs();
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("scan: the body returns no carry and no output");
        }
        for (int i = 0; i < k; i++) {
            checkCarry("scan", i, init.get(i), outputs.get(i));
        }
        List<Integer> ysAxes = new ArrayList<>();
        for (int j = k; j < outputs.size(); j++) {
            Shape y = outputs.get(j).shape();
            int r = y.rank() + 1;
            if (axis < -r || axis >= r) {
                throw new IllegalArgumentException("scan: output " + (j - k) + " " + y + " cannot be stacked along axis "
                        + axis);
            }
            ysAxes.add(axis < 0 ? axis + r : axis);
        }
        List<Node> in = new ArrayList<>(init);
        in.addAll(xs);
        in.addAll(c.captured());
        ScanOp op = ScanOp.of(c.body(), k, xsAxes, ysAxes, length, false, reverse);
        List<Node> picks = Results.picks(Node.apply(op, in.toArray(new Node[0])));
        return new Scanned(picks.subList(0, k), picks.subList(k, picks.size()));
    }

    /** Refuses, naming the loop, a carry whose shape or type the body changes. */
    static void checkCarry(String loop, int i, Node before, Node after) {
        if (!after.shape().equals(before.shape())) {
            throw new IllegalArgumentException(loop + ": carry " + i + " enters the body as " + before.shape()
                    + " and leaves it as " + after.shape());
        }
        if (after.dtype() != before.dtype()) {
            throw new IllegalArgumentException(loop + ": carry " + i + " enters the body as " + before.dtype()
                    + " and leaves it as " + after.dtype());
        }
    }

    private static List<Node> nonNull(String what, List<Node> nodes) {
        if (nodes == null) {
            throw new IllegalArgumentException(what + " is required; pass List.of() for none");
        }
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i) == null) {
                throw new IllegalArgumentException(what + ": node " + i + " is null");
            }
        }
        return List.copyOf(nodes);
    }
}
