package leibniz.autograd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Function;
import leibniz.core.Buffer;
import leibniz.core.DType;
import leibniz.core.Shape;
import leibniz.core.Tensor;

/**
 * A closed graph that an op holds as an attribute: the body of a loop, a branch of a conditional, a
 * checkpointed function. Its inputs are placeholders standing in for the op's operands, the explicit ones
 * first, then the outer nodes it captured; its outputs are built from those and from constants only, so
 * the op's node names every value the body reads as an input, and gradients reach them.
 *
 * <p>A body is traced once from a Java function; the outer nodes the function reads are found by that
 * trace and become inputs (loop-invariant work is hoisted out with them). It runs on prepared
 * {@link Program}s kept in pools, one per set of options of the programs that run it (a body inherits its
 * program's options), so it is prepared once per set and several threads may run it at a time.
 */
final class Body {
    private final List<Node> inputs;
    private final List<Node> outputs;
    /** The body this one repeats with more outputs (a loop that also saves what its gradient reads), or null. */
    private final Body origin;
    /** Prepared programs of this body, by the options they were prepared with and whether they plan memory. */
    private final Map<Prepared, Deque<Program>> programs = new ConcurrentHashMap<>();
    /** The batched forms of this body made so far, so that a loop and its twin batch to a loop and its twin. */
    private final Map<String, Batched> batchings = new ConcurrentHashMap<>();
    /** The JVP graphs of this body made so far, so that the JVPs of a loop and its twin are twins too. */
    private final Map<String, Jvp> jvps = new ConcurrentHashMap<>();

    private Body(List<Node> inputs, List<Node> outputs, Body origin) {
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        this.origin = origin;
    }

    /** A body and the outer nodes it captured, which the op that holds it takes as its last inputs. */
    record Closure(Body body, List<Node> captured) {
    }

    /** A body's VJP graph: the cotangent stand-ins (null where an output gets none) and the gradient of each input. */
    record Vjp(List<Node> cotangents, List<Node> grads) {
    }

    /** A body's JVP graph: the tangent stand-ins (null where an input has none) and the tangent of each output. */
    record Jvp(List<Node> tangents, List<Node> outputs) {
    }

    /** A body rebuilt for a batch, and which of its outputs carry the batch axis (first). */
    record Batched(Body body, boolean[] batched) {
    }

    /**
     * Traces {@code f} over the stand-ins {@code args} (placeholders made by {@link #standIn}); refuses,
     * naming {@code what}, a function that returns null.
     */
    static Closure trace(String what, List<Node> args, Function<List<Node>, List<Node>> f) {
        List<Node> outputs = f.apply(List.copyOf(args));
        if (outputs == null) {
            throw new IllegalArgumentException(what + ": the function returned null instead of a list of nodes");
        }
        for (int i = 0; i < outputs.size(); i++) {
            if (outputs.get(i) == null) {
                throw new IllegalArgumentException(what + ": the function returned null as result " + i);
            }
        }
        return close(args, outputs, Map.of());
    }

    /**
     * The body with inputs {@code args} and the given outputs, capturing every other node the outputs read
     * that is neither a constant nor built from {@code args}. Nodes listed in {@code outer} (stand-ins of
     * another body) are captured as the outer nodes they stand for; subgraphs over them alone are hoisted
     * out of the body, rebuilt over those outer nodes.
     */
    static Closure close(List<Node> args, List<Node> outputs, Map<Node, Node> outer) {
        Set<Node> argSet = identitySet(args);
        Set<Node> varying = identitySet(args);
        Set<Node> overOuter = identitySet(outer.keySet());
        List<Node> order = Topo.order(outputs, n -> !argSet.contains(n) && !outer.containsKey(n));
        for (Node n : order) {
            for (Node in : n.inputs()) {
                if (varying.contains(in)) {
                    varying.add(n);
                } else if (overOuter.contains(in)) {
                    overOuter.add(n);
                }
            }
        }
        Map<Node, Node> replace = new IdentityHashMap<>();
        Map<Node, Node> standInOf = new IdentityHashMap<>();
        Map<Node, Node> captured = new LinkedHashMap<>();
        List<Node> toCapture = new ArrayList<>();
        for (Node n : order) {
            if (varying.contains(n) && !argSet.contains(n)) {
                toCapture.addAll(n.inputs());
            }
        }
        toCapture.addAll(outputs);
        for (Node n : toCapture) {
            if (varying.contains(n) || n.isConstant() || replace.containsKey(n)) {
                continue;
            }
            Node from = overOuter.contains(n) ? substitute(List.of(n), outer).get(0) : n;
            Node standIn = standInOf.computeIfAbsent(from, k -> standIn("captured " + describe(k), k));
            captured.put(from, standIn);
            replace.put(n, standIn);
        }
        List<Node> inputs = new ArrayList<>(args);
        inputs.addAll(captured.values());
        Body body = new Body(inputs, substitute(outputs, replace), null);
        return new Closure(body, List.copyOf(captured.keySet()));
    }

    /** The copy of {@code roots} with each node of {@code replace} swapped for its value; nothing else changes. */
    static List<Node> substitute(List<Node> roots, Map<Node, Node> replace) {
        Map<Node, Node> copy = new IdentityHashMap<>(replace);
        for (Node n : Topo.order(roots, n -> !replace.containsKey(n))) {
            if (copy.containsKey(n)) {
                continue;
            }
            Node[] in = null;
            for (int i = 0; i < n.arity(); i++) {
                Node mapped = copy.get(n.input(i));
                if (mapped != null) {
                    if (in == null) {
                        in = n.inputs().toArray(new Node[0]);
                    }
                    in[i] = mapped;
                }
            }
            if (in != null) {
                copy.put(n, Node.copy(n, in));
            }
        }
        List<Node> out = new ArrayList<>(roots.size());
        for (Node r : roots) {
            out.add(copy.getOrDefault(r, r));
        }
        return out;
    }

    /** True where a tangent (or gradient) is not the symbolic zero. */
    static boolean[] moving(List<Node> tangents) {
        boolean[] m = new boolean[tangents.size()];
        for (int i = 0; i < m.length; i++) {
            m[i] = !tangents.get(i).isZero();
        }
        return m;
    }

    /**
     * A gradient or tangent as a value that a body can return and a loop can carry: {@code d} itself, or for the
     * symbolic zero, a constant of zeros of the shape and type of {@code like}.
     */
    static Node materialized(Node d, Node like) {
        return d.isZero() ? Node.constant(Tensor.zeros(like.shape(), like.dtype())) : d;
    }

    /** A placeholder of the shape, type and dynamic axis of {@code like}. */
    static Node standIn(String label, Node like) {
        return Node.apply(new Leaves.Placeholder(label, like.shape(), like.dtype(), like.dynamicAxis()));
    }

    /** A placeholder of the given shape and type, standing in for a value a body receives. */
    static Node standIn(String label, Shape shape, DType dtype) {
        return Node.placeholder(label, shape, dtype);
    }

    private static String describe(Node n) {
        if (n.op() instanceof Leaves.Read r) {
            return r.parameter().name();
        }
        if (n.op() instanceof Leaves.Placeholder p) {
            return p.label();
        }
        return n.op().name();
    }

    private static Set<Node> identitySet(java.util.Collection<Node> nodes) {
        Set<Node> set = Collections.newSetFromMap(new IdentityHashMap<>());
        set.addAll(nodes);
        return set;
    }

    /** This body with {@code more} outputs, built from its own stand-ins, after its own. */
    Body extended(List<Node> more) {
        List<Node> all = new ArrayList<>(outputs);
        all.addAll(more);
        return new Body(inputs, all, this);
    }

    /**
     * The VJP graph of this body: gradients of every input, seeded with a new cotangent stand-in (labelled
     * {@code what}) at each output marked in {@code withCotangent} and the symbolic zero at the others.
     */
    Vjp vjp(String what, boolean[] withCotangent) {
        List<Node> cotangents = new ArrayList<>(outputs.size());
        List<Node> seeds = new ArrayList<>(outputs.size());
        for (int k = 0; k < outputs.size(); k++) {
            Node out = outputs.get(k);
            Node ct = withCotangent[k] ? standIn(what + " cotangent " + k, out) : null;
            cotangents.add(ct);
            seeds.add(ct != null ? ct : Node.zeros(out.shape(), out.dtype()));
        }
        // Unmarked: a body's program compiles the body as written, and a marker would keep its forward graph.
        List<Node> grads = ReverseMode.derive(Results.Tuple.of(outputs), inputs, Results.Tuple.of(seeds));
        return new Vjp(Collections.unmodifiableList(cotangents), grads);
    }

    /**
     * The JVP graph of this body: the tangent of every output when each input marked in {@code withTangent} moves
     * along a new tangent stand-in (labelled {@code what}), the symbolic zero where an output does not move.
     */
    Jvp jvp(String what, boolean[] withTangent) {
        String key = Arrays.toString(withTangent);
        Jvp done = jvps.get(key);
        if (done == null) {
            Jvp made = jvpNow(what, withTangent);
            done = jvps.putIfAbsent(key, made);
            return done != null ? done : made;
        }
        return done;
    }

    /** The JVP graph; a body that repeats another with more outputs shares that one's stand-ins and tangents. */
    private Jvp jvpNow(String what, boolean[] withTangent) {
        int from = origin == null ? 0 : origin.outputs.size();
        Jvp base = origin == null ? null : origin.jvp(what, withTangent);
        List<Node> tangents = new ArrayList<>(inputs.size());
        List<Node> xs = new ArrayList<>();
        List<Node> ts = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Node t = base != null ? base.tangents().get(i) : withTangent[i] ? standIn(what + " tangent " + i,
                    inputs.get(i)) : null;
            tangents.add(t);
            if (t != null) {
                xs.add(inputs.get(i));
                ts.add(t);
            }
        }
        List<Node> out = new ArrayList<>(base != null ? base.outputs() : List.of());
        out.addAll(ForwardMode.jvp(outputs.subList(from, outputs.size()), xs, ts));
        return new Jvp(Collections.unmodifiableList(tangents), Collections.unmodifiableList(out));
    }

    /**
     * This body for a batch of {@code size}: each input marked in {@code batched} takes a stand-in with the batch
     * axis first, the others stay shared, and each output is rebuilt by the ops' batching rules
     * ({@link Batching}); an output marked in {@code lift} that does not depend on the batch is repeated over it.
     * A body that repeats another with more outputs batches to the batch of that one with more outputs.
     */
    Batched batched(boolean[] batched, int size, boolean[] lift) {
        String key = Arrays.toString(batched) + size + Arrays.toString(lift);
        Batched done = batchings.get(key);
        if (done == null) {
            Batched made = batchNow(batched, size, lift);
            done = batchings.putIfAbsent(key, made);
            return done != null ? done : made;
        }
        return done;
    }

    private Batched batchNow(boolean[] batched, int size, boolean[] lift) {
        int from = origin == null ? 0 : origin.outputs.size();
        Batched base = origin == null ? null : origin.batched(batched, size, Arrays.copyOf(lift, from));
        Map<Node, Node> standIns = new IdentityHashMap<>();
        List<Node> in = new ArrayList<>(inputs);
        for (int i = 0; i < inputs.size(); i++) {
            if (batched[i]) {
                Node x = inputs.get(i);
                Node b = base != null ? base.body().inputs.get(i) : Node.apply(new Leaves.Placeholder("batch of "
                        + describe(x), Batching.shape(size, x.shape()), x.dtype(), x.dynamicAxis() < 0 ? -1
                        : x.dynamicAxis() + 1));
                standIns.put(x, b);
                in.set(i, b);
            }
        }
        Batching.Result r = Batching.of(outputs.subList(from, outputs.size()), standIns, size);
        List<Node> out = new ArrayList<>();
        boolean[] flags = new boolean[outputs.size()];
        if (base != null) {
            System.arraycopy(base.batched(), 0, flags, 0, from);
        }
        for (int j = from; j < outputs.size(); j++) {
            boolean b = r.batched()[j - from];
            out.add(Batching.lift(r.outputs().get(j - from), b || !lift[j], size));
            flags[j] = b || lift[j];
        }
        return new Batched(base != null ? base.body().extended(out) : new Body(in, out, null), flags);
    }

    /**
     * The carries (the first {@code carries} of {@code marked}, a loop's inputs) that come out marked once the
     * marks flow through the loop's step: marks spread by {@code step}, from input marks to output marks, until
     * no carry gains one (a carry marked at the start stays marked). JAX's fixed point for a loop's batched or
     * tangent carries.
     */
    static boolean[] fixedPoint(boolean[] marked, int carries, Function<boolean[], boolean[]> step) {
        boolean[] m = marked.clone();
        boolean changed = true;
        while (changed) {
            changed = false;
            boolean[] out = step.apply(m);
            for (int i = 0; i < carries; i++) {
                if (out[i] && !m[i]) {
                    m[i] = true;
                    changed = true;
                }
            }
        }
        return m;
    }

    /** The stand-ins of the inputs: explicit ones, then captured ones. */
    List<Node> inputs() {
        return inputs;
    }

    /** The outputs. */
    List<Node> outputs() {
        return outputs;
    }

    /** How a program of a body is prepared: the options of the program that runs the loop, and a memory plan or not. */
    private record Prepared(Program.Options options, boolean planned) {
    }

    /**
     * The bodies that one evaluation of a loop, conditional or checkpointed call runs: on programs prepared with
     * the options of the program that runs it (compiled or not, fused or not, checked, fast math, debug mode),
     * counting the runs of each body, so that debug mode can say at which step a value went wrong. Used by the
     * one thread that evaluates the op.
     */
    static final class Calls {
        private final Program.Options options;
        private final Map<Body, Integer> runs = new IdentityHashMap<>();
        private Body last;

        Calls(Program.Options options) {
            this.options = options;
        }

        /** How often {@code body} has started to run in this evaluation. */
        int runs(Body body) {
            return runs.getOrDefault(body, 0);
        }

        /** The body that started to run last, or null. */
        Body last() {
            return last;
        }
    }

    /**
     * The outputs' values for the inputs' values {@code in}, in order, on a program prepared with the options
     * of {@code calls}, with a memory plan if {@code planned} (its buffers held from run to run, as a loop that
     * runs the body at every step wants) or with every value in new storage, which nothing holds once the body
     * has run.
     */
    Tensor[] run(Calls calls, boolean planned, Tensor... in) {
        return run(calls, planned, null, in);
    }

    /**
     * {@link #run(Calls, boolean, Tensor...)} with a memory plan, writing output k into {@code into[k]} where the
     * program computes it into a buffer (see {@link Program#run(Map, Buffer[])}): a loop's step, whose results
     * the loop consumes before the buffers are given again.
     */
    Tensor[] run(Calls calls, Buffer[] into, Tensor... in) {
        return run(calls, true, into, in);
    }

    private Tensor[] run(Calls calls, boolean planned, Buffer[] into, Tensor[] in) {
        calls.runs.merge(this, 1, Integer::sum);
        calls.last = this;
        Deque<Program> pool = pool(calls.options, planned);
        Program p = pool.poll();
        if (p == null) {
            p = Program.body(outputs, calls.options, planned);
        }
        try {
            Map<Node, Tensor> feeds = new HashMap<>(2 * in.length);
            for (int i = 0; i < in.length; i++) {
                feeds.put(inputs.get(i), in[i]);
            }
            return p.run(feeds, into).toArray(new Tensor[0]);
        } finally {
            pool.push(p);
        }
    }

    /**
     * A prepared program for this body under {@code options}, planned or not as {@link #run} says, taken from its
     * pool (or made) and given back.
     */
    Program program(Program.Options options, boolean planned) {
        Deque<Program> pool = pool(options, planned);
        Program p = pool.poll();
        Program out = p != null ? p : Program.body(outputs, options, planned);
        pool.push(out);
        return out;
    }

    private Deque<Program> pool(Program.Options options, boolean planned) {
        return programs.computeIfAbsent(new Prepared(options, planned), k -> new ConcurrentLinkedDeque<>());
    }

    /** The body this one repeats with more outputs, followed back to the first; this body if none. */
    Body first() {
        Body b = this;
        while (b.origin != null) {
            b = b.origin;
        }
        return b;
    }
}
