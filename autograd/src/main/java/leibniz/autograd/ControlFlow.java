package leibniz.autograd;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import leibniz.core.Arguments;
import leibniz.core.DType;
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

        /**
         * This body with each step checkpointed ({@link Autograd#checkpoint}): a scan of it saves only the
         * carries for the gradient, and the backward pass recomputes each step's other values from them.
         */
        default ScanBody checkpointed() {
            return (carry, x) -> {
                int k = carry.size();
                List<Node> in = new ArrayList<>(carry);
                in.addAll(x);
                List<Node> out = Autograd.checkpoint(a -> flat(apply(a.subList(0, k), a.subList(k, a.size())), k), in);
                return new Step(out.subList(0, k), out.subList(k, out.size()));
            };
        }
    }

    /** What a scan body returns for one step: the next carries and this step's outputs. */
    public record Step(List<Node> carry, List<Node> outputs) {
        /** Copies the lists; refuses nulls. */
        public Step {
            carry = List.copyOf(Arguments.noNulls(carry, "step", "carry"));
            outputs = List.copyOf(Arguments.noNulls(outputs, "step", "outputs"));
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
        Arguments.notNull(body, "scan", "body");
        Arguments.noNulls(init, "scan", "init");
        Arguments.noNulls(xs, "scan", "xs");
        if (xs.isEmpty()) {
            throw new IllegalArgumentException("scan: needs at least one sequence; pass a length to scan without any");
        }
        List<Integer> axes = new ArrayList<>();
        int length = -1;
        boolean dynamic = xs.get(0).dynamicAxis() >= 0;
        for (int i = 0; i < xs.size(); i++) {
            Node x = xs.get(i);
            String seq = "scan: sequence " + i + " " + Dynamic.show(x);
            int a = x.shape().axis(axis, seq);
            int n = x.shape().dim(a);
            if (x.dynamicAxis() >= 0 && x.dynamicAxis() != a) {
                throw new IllegalArgumentException(seq + " has its dynamic axis at " + x.dynamicAxis()
                        + ", not along the scanned axis " + a);
            }
            if ((x.dynamicAxis() >= 0) != dynamic) {
                throw new IllegalArgumentException(seq + (dynamic ? " has " + n + " steps" : " has a dynamic length")
                        + ", sequence 0 " + Dynamic.show(xs.get(0)) + (dynamic ? " a dynamic length" : " has " + length));
            }
            if (!dynamic && n == 0) {
                throw new IllegalArgumentException(seq + " has no steps along axis " + a);
            }
            if (!dynamic && length >= 0 && n != length) {
                throw new IllegalArgumentException(seq + " has " + n + " steps along axis " + a + ", sequence 0 "
                        + xs.get(0).shape() + " has " + length);
            }
            length = n;
            axes.add(a);
        }
        return loop(body, init, xs, axes, axis, length, dynamic, reverse);
    }

    /** The loop {@code length} times over the carries alone: {@code (c, y_t) = body(c, [])}, outputs stacked along axis 0. */
    public static Scanned scan(ScanBody body, List<Node> init, int length) {
        Arguments.notNull(body, "scan", "body");
        Arguments.noNulls(init, "scan", "init");
        if (length < 1) {
            throw new IllegalArgumentException("scan: needs at least 1 step, got " + length);
        }
        return loop(body, init, List.of(), List.of(), 0, length, false, false);
    }

    private static Scanned loop(ScanBody body, List<Node> init, List<Node> xs, List<Integer> xsAxes, int axis,
            int length, boolean dynamic, boolean reverse) {
        staticCarries("scan", init);
        int k = init.size();
        List<Node> args = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            args.add(Body.standIn("scan carry " + i, init.get(i)));
        }
        for (int i = 0; i < xs.size(); i++) {
            Node x = xs.get(i);
            args.add(Body.standIn("scan step " + i, x.shape().without(xsAxes.get(i)), x.dtype()));
        }
        Body.Closure c = Body.trace("scan", args, a -> flat(body.apply(a.subList(0, k), a.subList(k, a.size())), k));
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
        ScanOp op = ScanOp.of(c.body(), k, xsAxes, ysAxes, dynamic ? 0 : length, dynamic, reverse);
        List<Node> picks = Results.picks(Node.apply(op, in.toArray(new Node[0])));
        return new Scanned(picks.subList(0, k), picks.subList(k, picks.size()));
    }

    /**
     * The loop {@code c = init; while (cond(c) ≠ 0) c = body(c)}: the carries once the condition, a single
     * value, is 0. As JAX's {@code while_loop}, it has no reverse-mode gradient: a gradient that would flow
     * through the loop is refused by {@link Autograd#grad} with a sentence (its steps are not saved, their
     * number being known only when it runs); a loop with a fixed number of steps is a {@link #scan}. Forward
     * mode ({@link Autograd#jvp}) and {@link Transforms#vmap} go through it. It runs until the condition
     * fails, however long that takes.
     */
    public static List<Node> whileLoop(Function<List<Node>, Node> cond, UnaryOperator<List<Node>> body,
            List<Node> init) {
        Arguments.notNull(cond, "whileLoop", "cond");
        Arguments.notNull(body, "whileLoop", "body");
        List<Node> start = List.copyOf(Arguments.noNulls(init, "whileLoop", "init"));
        if (start.isEmpty()) {
            throw new IllegalArgumentException("whileLoop: needs at least one carry");
        }
        staticCarries("whileLoop", start);
        Body.Closure test = Body.trace("whileLoop: the condition", standIns("whileLoop carry", start), c -> {
            Node p = cond.apply(c);
            return p == null ? null : List.of(p);
        });
        Shape p = test.body().outputs().get(0).shape();
        if (p.size() != 1) {
            throw new IllegalArgumentException("whileLoop: the condition must be a single value, got " + p);
        }
        Body.Closure step = Body.trace("whileLoop: the body", standIns("whileLoop carry", start), body);
        List<Node> next = step.body().outputs();
        if (next.size() != start.size()) {
            throw new IllegalArgumentException("whileLoop: the body returned " + next.size() + " carries, the loop has "
                    + start.size());
        }
        for (int i = 0; i < start.size(); i++) {
            checkCarry("whileLoop", i, start.get(i), next.get(i));
        }
        List<Node> in = new ArrayList<>(start);
        in.addAll(test.captured());
        in.addAll(step.captured());
        WhileLoopOp op = new WhileLoopOp(test.body(), step.body(), start.size(), shapes(start), types(start));
        return Results.picks(Node.apply(op, in.toArray(new Node[0])));
    }

    /**
     * {@code pred ≠ 0 ? onTrue(operands) : onFalse(operands)}, where {@code pred} is a single value and both
     * branches return results of the same shapes and types. Both are traced; only the branch taken runs, and
     * the gradient flows through it (the predicate gets none).
     */
    public static List<Node> cond(Node pred, UnaryOperator<List<Node>> onTrue, UnaryOperator<List<Node>> onFalse,
            List<Node> operands) {
        Arguments.notNull(pred, "cond", "pred");
        Arguments.notNull(onTrue, "cond", "onTrue");
        Arguments.notNull(onFalse, "cond", "onFalse");
        List<Node> ops = List.copyOf(Arguments.noNulls(operands, "cond", "operands"));
        if (pred.shape().size() != 1) {
            throw new IllegalArgumentException("cond: the predicate must be a single value, got " + pred.shape());
        }
        Body.Closure t = Body.trace("cond: the true branch", standIns("cond operand", ops), onTrue);
        Body.Closure f = Body.trace("cond: the false branch", standIns("cond operand", ops), onFalse);
        List<Node> a = t.body().outputs();
        List<Node> b = f.body().outputs();
        if (a.size() != b.size()) {
            throw new IllegalArgumentException("cond: the branches return different numbers of results: " + a.size()
                    + " (true) and " + b.size() + " (false)");
        }
        if (a.isEmpty()) {
            throw new IllegalArgumentException("cond: the branches return no result");
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).shape().equals(b.get(i).shape()) || a.get(i).dtype() != b.get(i).dtype()) {
                boolean shape = !a.get(i).shape().equals(b.get(i).shape());
                throw new IllegalArgumentException("cond: result " + i + " is " + (shape ? a.get(i).shape()
                        : a.get(i).dtype()) + " in the true branch and " + (shape ? b.get(i).shape() : b.get(i).dtype())
                        + " in the false branch");
            }
        }
        List<Node> in = new ArrayList<>();
        in.add(pred);
        in.addAll(ops);
        in.addAll(t.captured());
        in.addAll(f.captured());
        for (Node x : in) {
            if (x.dynamicAxis() >= 0) {
                throw new IllegalArgumentException("cond: " + x + " has a dynamic axis; a conditional takes static shapes");
            }
        }
        return Results.picks(Node.apply(CondOp.of(t.body(), f.body(), ops.size()), in.toArray(new Node[0])));
    }

    /** One stand-in per node, labelled {@code label i}. */
    private static List<Node> standIns(String label, List<Node> like) {
        List<Node> out = new ArrayList<>(like.size());
        for (int i = 0; i < like.size(); i++) {
            out.add(Body.standIn(label + " " + i, like.get(i)));
        }
        return out;
    }

    private static List<Shape> shapes(List<Node> nodes) {
        List<Shape> out = new ArrayList<>();
        for (Node n : nodes) {
            out.add(n.shape());
        }
        return List.copyOf(out);
    }

    private static List<DType> types(List<Node> nodes) {
        List<DType> out = new ArrayList<>();
        for (Node n : nodes) {
            out.add(n.dtype());
        }
        return List.copyOf(out);
    }

    /** A step's carries then outputs, after checking that the body returned a step with {@code k} carries. */
    private static List<Node> flat(Step step, int k) {
        if (step == null) {
            throw new IllegalArgumentException("scan: the body returned null instead of a step");
        }
        if (step.carry().size() != k) {
            throw new IllegalArgumentException("scan: the body returned " + step.carry().size() + " carries, the loop has "
                    + k);
        }
        List<Node> out = new ArrayList<>(step.carry());
        out.addAll(step.outputs());
        return out;
    }

    /** Refuses, naming the loop, a carry with a dynamic axis: a carry keeps one shape from step to step. */
    private static void staticCarries(String loop, List<Node> init) {
        for (int i = 0; i < init.size(); i++) {
            if (init.get(i).dynamicAxis() >= 0) {
                throw new IllegalArgumentException(loop + ": carry " + i + " " + Dynamic.show(init.get(i))
                        + " has a dynamic axis; a carry keeps one shape from step to step");
            }
        }
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
}
