package leibniz.autograd;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import leibniz.core.Arguments;

/**
 * Vectorizing map: a function written for one example turned into the same function of a batch, as JAX's
 * {@code vmap} and PyTorch's {@code torch.func.vmap}. The result is one graph whose ops work on the extra
 * axis, not a loop over the batch: the function is traced once on stand-ins for one example, and each op of
 * the trace is rebuilt by its batching rule ({@link Op#batch}).
 *
 * <pre>{@code
 * // one example x [784] against shared weights w [784, 10]; xs [64, 784] -> [64, 10]
 * Function<List<Node>, List<Node>> logits = xs -> List.of(xs.get(0).matmul(xs.get(1)));
 * Node batch = Transforms.vmap(logits, Arrays.asList(0, Transforms.UNBATCHED), List.of(0))
 *         .apply(List.of(images, w)).get(0);
 * }</pre>
 *
 * <p>{@code inAxes[i]} is the axis of input i that runs over the batch (negative counts from the end), or
 * {@link #UNBATCHED} (or null) for an input every example shares, such as a parameter; {@code outAxes[k]}
 * is where output k gets the batch axis. An output that does not depend on the batch is repeated along it,
 * or returned as it is when its {@code outAxes} entry is UNBATCHED. Transforms compose: vmap of a function
 * that takes gradients ({@link Autograd#grad}) gives per-example gradients ({@link PerSample}), vmap of a
 * vmap maps over two axes, and the gradient of a vmapped graph is an ordinary gradient. An input may keep a
 * dynamic axis ({@link Node#ANY}) as long as the batch runs along another.
 *
 * <p>Loops batch as JAX's do: a {@link ControlFlow#scan} is one scan of its batched body, a carry that no
 * example changes staying shared; a {@link ControlFlow#cond} whose predicate the batch shares stays a cond
 * of the batched branches, and one with a predicate per example runs both branches and selects each
 * example's results; a {@link ControlFlow#whileLoop} whose condition differs by example runs until every
 * example is done, an example that is done keeping its carries.
 *
 * <p>Random draws ({@link Node#bernoulli}, so dropout) whose counter is shared draw one mask for the whole
 * batch, applied to every example, as JAX draws one value for an unbatched key; a batched counter draws
 * each example's mask from its own counter. A custom op without a batching rule runs once per example,
 * and the vmap logs a warning naming it.
 */
public final class Transforms {
    /** The {@code inAxes} or {@code outAxes} entry of a value that is not batched; {@code null} means the same. */
    public static final Integer UNBATCHED = Integer.MIN_VALUE;

    private Transforms() {
    }

    /** {@code f} mapped over axis 0 of every input, each output batched along axis 0. */
    public static Function<List<Node>, List<Node>> vmap(Function<List<Node>, List<Node>> f) {
        Arguments.notNull(f, "vmap", "f");
        return inputs -> map(f, Collections.nCopies(Arguments.notNull(inputs, "vmap", "inputs").size(), 0), null,
                inputs);
    }

    /** {@code f} mapped over {@code inAxes} of its inputs, each output batched along axis 0. */
    public static Function<List<Node>, List<Node>> vmap(Function<List<Node>, List<Node>> f, List<Integer> inAxes) {
        Arguments.notNull(f, "vmap", "f");
        List<Integer> in = copy(Arguments.notNull(inAxes, "vmap", "inAxes"));
        return inputs -> map(f, in, null, inputs);
    }

    /** {@code f} mapped over {@code inAxes} of its inputs, output k batched along {@code outAxes[k]}. */
    public static Function<List<Node>, List<Node>> vmap(Function<List<Node>, List<Node>> f, List<Integer> inAxes,
            List<Integer> outAxes) {
        Arguments.notNull(f, "vmap", "f");
        List<Integer> in = copy(Arguments.notNull(inAxes, "vmap", "inAxes"));
        List<Integer> out = copy(Arguments.notNull(outAxes, "vmap", "outAxes"));
        return inputs -> map(f, in, out, inputs);
    }

    private static List<Node> map(Function<List<Node>, List<Node>> f, List<Integer> inAxes, List<Integer> outAxes,
            List<Node> inputs) {
        Arguments.noNulls(inputs, "vmap", "inputs");
        if (inAxes.size() != inputs.size()) {
            throw new IllegalArgumentException("vmap: " + inputs.size() + " inputs but " + inAxes.size() + " inAxes");
        }
        List<Node> standIns = new ArrayList<>(inputs.size());
        Map<Node, Node> batched = new IdentityHashMap<>();
        int size = -1;
        int first = -1;
        for (int i = 0; i < inputs.size(); i++) {
            Node x = inputs.get(i);
            if (unbatched(inAxes.get(i))) {
                standIns.add(x);
                continue;
            }
            int a = inAxes.get(i);
            if (a < -x.rank() || a >= x.rank()) {
                throw new IllegalArgumentException("vmap: inAxes[" + i + "] = " + a + " is out of range for input " + i
                        + " of shape " + x.shape());
            }
            a = a < 0 ? a + x.rank() : a;
            int dynamic = x.dynamicAxis();
            if (dynamic == a) {
                throw new IllegalArgumentException("vmap: input " + i + " " + Dynamic.show(x) + " cannot be batched "
                        + "along axis " + a + ", its dynamic axis: the batch size is known when the graph is built");
            }
            if (size >= 0 && x.shape().dim(a) != size) {
                Node f0 = inputs.get(first);
                throw new IllegalArgumentException("vmap: input " + i + " " + x.shape() + " has batch size "
                        + x.shape().dim(a) + " along axis " + a + ", but input " + first + " " + f0.shape() + " has "
                        + size + " along axis " + normalized(inAxes.get(first), f0));
            }
            size = x.shape().dim(a);
            first = first < 0 ? i : first;
            // An example keeps the input's dynamic axis (a sequence of any length), one lower past the batch axis.
            Node standIn = Node.apply(new Leaves.Placeholder("vmap example of input " + i, x.shape().without(a),
                    x.dtype(), dynamic < a ? dynamic : dynamic - 1));
            standIns.add(standIn);
            batched.put(standIn, move(x, a, 0));
        }
        if (size < 0) {
            throw new IllegalArgumentException("vmap: no input is batched: every inAxes entry is UNBATCHED");
        }
        List<Node> outputs = f.apply(Collections.unmodifiableList(standIns));
        if (outputs == null) {
            throw new IllegalArgumentException("vmap: the function returned null instead of a list of outputs");
        }
        Arguments.noNulls(outputs, "vmap", "outputs of the function");
        List<Integer> axes = outAxes == null ? Collections.nCopies(outputs.size(), 0) : outAxes;
        if (axes.size() != outputs.size()) {
            throw new IllegalArgumentException("vmap: the function returned " + outputs.size() + " outputs but outAxes "
                    + "names " + axes.size());
        }
        Batching.Result r = Batching.of(outputs, batched, size);
        List<Node> result = new ArrayList<>(outputs.size());
        for (int k = 0; k < outputs.size(); k++) {
            result.add(placed(r.outputs().get(k), r.batched()[k], axes.get(k), k, size));
        }
        return result;
    }

    /** Output k with its batch axis at {@code axis}; an output that does not depend on the batch is repeated. */
    private static Node placed(Node y, boolean batched, Integer axis, int k, int size) {
        if (unbatched(axis)) {
            if (batched) {
                throw new IllegalArgumentException("vmap: output " + k + " depends on the batch, so its outAxes entry "
                        + "cannot be UNBATCHED");
            }
            return y;
        }
        Node b = batched ? y : y.broadcastTo(Batching.shape(size, y.shape()));
        int a = axis;
        if (a < -b.rank() || a >= b.rank()) {
            throw new IllegalArgumentException("vmap: outAxes[" + k + "] = " + a + " is out of range for output " + k
                    + " of shape " + b.shape().without(0) + " with its batch axis (rank " + b.rank() + ")");
        }
        return move(b, 0, a < 0 ? a + b.rank() : a);
    }

    /** {@code x} with axis {@code from} moved to position {@code to}, the others in order. */
    static Node move(Node x, int from, int to) {
        if (from == to) {
            return x;
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < x.rank(); i++) {
            if (i != from) {
                order.add(i);
            }
        }
        order.add(to, from);
        return x.permute(order.stream().mapToInt(Integer::intValue).toArray());
    }

    private static boolean unbatched(Integer axis) {
        return axis == null || axis.equals(UNBATCHED);
    }

    private static int normalized(int axis, Node x) {
        return axis < 0 ? axis + x.rank() : axis;
    }

    private static List<Integer> copy(List<Integer> axes) {
        return Collections.unmodifiableList(new ArrayList<>(axes));
    }
}
