package leibniz.autograd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import leibniz.core.Buffer;
import leibniz.core.Tensor;

/**
 * A graph prepared once to evaluate a fixed list of outputs many times, with new values fed to its
 * placeholders and the current values of its parameters; nothing is rebuilt between runs.
 *
 * <p>Preparing a program compiles a copy of the graph (the user's nodes are never changed): equal
 * subexpressions are merged, constant subgraphs computed once, identities such as {@code x·1} dropped,
 * unstable forms such as {@code log(softmax(x))} replaced by stable ones ({@code x − logsumexp(x)}), and
 * {@code pow(x, 2)} specialized to {@code x²}; each rule keeps values and gradients, in the domain it
 * states. {@link #explain()} lists the compiled program and the rewrites that fired; {@link Options}
 * turns compilation off, checks the compiled program against the graph as written for its first runs, or
 * turns on debug mode, which checks every value it computes ({@link Options#debug}).
 *
 * <p>Then the compiled graph is laid out to run: connected elementwise nodes become fused loops, Java
 * source generated for their structure and compiled once per JVM ({@link leibniz.core.Pointwise}), which
 * read each input once and write only the values a later step reads; a memory plan gives every
 * intermediate a buffer, reused by later values once nothing reads the old one and by the next run, so a
 * training step allocates almost nothing; constants are evaluated once. Fused or not, every value has
 * the bits the op computes alone, on any number of cores.
 *
 * <pre>{@code
 * Program p = Program.of(loss, grad);
 * List<Tensor> values = p.run(Map.of(x, batch, y, labels));
 * }</pre>
 *
 * <p><b>Threads.</b> A program is run by one thread at a time: a second concurrent (or nested) run is
 * refused with a sentence; build one program per thread instead, they share nothing but parameters. Each
 * run reads its parameters as one snapshot when it starts and commits its assignments all at once when
 * it ends (see {@link Parameter}); a run whose assigned parameters were changed by another thread in
 * the meantime is refused and changes nothing, instead of losing that update.
 *
 * <p><b>Ownership.</b> The tensors a run returns belong to the caller and never change: they live in new
 * storage (a value the plan keeps in a reused buffer is copied out), never in a buffer a later run
 * writes. A program writes an assigned value over its parameter's storage (an optimizer's update in
 * place) only when it wrote that storage itself in an earlier run and nothing has read it since: not
 * {@link Parameter#value()}, not another program, not an output of a run; otherwise the update gets new
 * storage. Those in-place loops run last, while the commit holds the parameters. A custom op's
 * {@code forward} may be handed tensors that view a reused buffer: it must not keep them after it returns
 * (copy what it keeps).
 */
public final class Program {
    private final Plan plan;
    private final Compiled compiled;
    private final List<Node> outputs;
    private final List<Assign> updates;
    /** The parameters read or assigned, snapshotted together at the start of each run. */
    private final Parameter[] state;
    /** For each update, the index of its target in {@link #state}. */
    private final int[] targetIndex;
    /** The graph as written, evaluated beside the compiled one while checked runs remain; else null. */
    private final Plan original;
    /** Checked runs left; read and written only by the thread that holds {@link #runner}. */
    private int checkedRuns;
    /**
     * For each assignment, the buffer whose view this program last committed as the parameter's value while
     * keeping it, which the next run may overwrite in place; null where it committed anything else.
     */
    private final Buffer[] committed;
    /** The time taken to lay out the plan: fusion, kernel generation and compilation, memory plan. */
    private final long planNanos;
    /** The debug mode's checks of every value, or {@link Plan.Watch#NONE}. */
    private final Plan.Watch watch;
    private final AtomicReference<Thread> runner = new AtomicReference<>();
    /** Whether this program runs the body of a loop, a conditional or a checkpointed call, for that op's program. */
    private final boolean body;

    /**
     * How a program is prepared. {@code compile}: rewrite the graph, fuse its elementwise nodes and plan its
     * memory (the default), or run it as written, one kernel per node and new storage for every value;
     * {@code checkedRuns}: for that many first runs, also evaluate the graph as written and compare every
     * value the compiled program computes with the one it stands for, after PyTensor's DebugMode, with
     * every buffer filled with NaN once its last reader has run; {@code fastMath}: also apply rewrites that
     * change some finite results (reassociation, {@code x·0 → 0}), as a C compiler's {@code -ffast-math};
     * {@code fuse}: run elementwise nodes as fused generated loops (the default) or one kernel per node.
     *
     * <pre>{@code
     * Program.of(List.of(loss), updates, Program.Options.defaults().checked(3));
     * }</pre>
     */
    public record Options(boolean compile, int checkedRuns, boolean fastMath, boolean debug, boolean fuse) {
        /** Checks that the number of checked runs is not negative. */
        public Options {
            if (checkedRuns < 0) {
                throw new IllegalArgumentException("program options: checked runs must be at least 0, got "
                        + checkedRuns);
            }
        }

        /**
         * Compiled, fused, unchecked, without fast math; in debug mode when the JVM runs with
         * {@code -Dleibniz.debug=true} ({@link Site#PROPERTY}).
         */
        public static Options defaults() {
            return new Options(true, 0, false, Site.RECORDING, true);
        }

        /** These options, with the graph run as written: no rewrites, no fusion, no memory plan. */
        public Options uncompiled() {
            return new Options(false, checkedRuns, fastMath, debug, fuse);
        }

        /** These options, with the first {@code runs} runs checked against the graph as written (0: none). */
        public Options checked(int runs) {
            return new Options(compile, runs, fastMath, debug, fuse);
        }

        /** These options, with rewrites that change some finite results allowed or not. */
        public Options fastMath(boolean on) {
            return new Options(compile, checkedRuns, on, debug, fuse);
        }

        /**
         * These options, in debug mode or not: every value a run computes is checked, and the first NaN or
         * infinity that an op brings in (its inputs had none) stops the run with a {@link NonFiniteException}
         * naming the op, where it was built, its inputs' statistics, the parameters it depends on and, for a
         * gradient, the forward op it differentiates; the first run of each op of your own (not Leibniz's)
         * checks its VJP against central differences on a sample of its actual inputs. A program in debug
         * mode runs one kernel per node, so that every value is seen.
         */
        public Options debug(boolean on) {
            return new Options(compile, checkedRuns, fastMath, on, fuse);
        }

        /** These options, with elementwise nodes fused into generated loops or run one kernel per node. */
        public Options fuse(boolean on) {
            return new Options(compile, checkedRuns, fastMath, debug, on);
        }
    }

    private Program(List<Node> outputs, List<Assign> updates, Options options, boolean planned, boolean body) {
        this.body = body;
        this.outputs = List.copyOf(outputs);
        this.updates = List.copyOf(updates);
        List<Node> roots = new ArrayList<>(this.outputs);
        for (Assign a : this.updates) {
            roots.add(a.value());
        }
        List<Node> asBuilt = roots;
        // A loop and its twin that also saves what the gradient reads run as one loop, compiled or not.
        roots = ScanTwins.mergeTwins(Topo.order(roots, false), roots);
        compiled = options.compile() ? Compiler.compile(roots, Compiler.rules(options)) : Compiled.identity(roots);
        Map<Parameter, Integer> index = new IdentityHashMap<>();
        List<Parameter> targets = new ArrayList<>();
        for (Assign a : this.updates) {
            targets.add(a.target());
        }
        boolean compile = options.compile();
        long start = System.nanoTime();
        // Debug mode watches every value, so it runs one kernel per node: a fused loop's locals are never seen.
        boolean fuse = compile && options.fuse() && !options.debug();
        // Bodies inherit the options: a loop's body is compiled, fused, checked and watched as the program is.
        plan = new Plan(compiled.roots(), index, this.outputs.size(), targets, fuse, compile && planned, options);
        boolean checked = compile && options.checkedRuns() > 0;
        // The graph as written runs its bodies as written too, and unwatched: checked mode accepts some NaN there.
        original = checked ? new Plan(roots, index, this.outputs.size(), targets, false, false,
                options.uncompiled().debug(false)) : null;
        checkedRuns = checked ? options.checkedRuns() : 0;
        committed = new Buffer[this.updates.size()];
        planNanos = System.nanoTime() - start;
        targetIndex = new int[this.updates.size()];
        for (int k = 0; k < targetIndex.length; k++) {
            targetIndex[k] = index.computeIfAbsent(this.updates.get(k).target(), t -> index.size());
        }
        state = new Parameter[index.size()];
        index.forEach((parameter, i) -> state[i] = parameter);
        watch = options.debug() ? new Inspector(compiled, asBuilt, body) : Plan.Watch.NONE;
    }

    /** A program computing {@code outputs}. */
    public static Program of(Node... outputs) {
        if (outputs == null) {
            throw new IllegalArgumentException("program: outputs are required");
        }
        return of(Arrays.asList(outputs));
    }

    /** A program computing {@code outputs}, in order. */
    public static Program of(List<Node> outputs) {
        return of(outputs, List.of());
    }

    /**
     * A program computing {@code outputs} that, after each run, sets every assigned parameter to its new
     * value. All values are computed from the parameters as they were before the run, so the order of
     * the assignments does not matter.
     */
    public static Program of(List<Node> outputs, List<Assign> updates) {
        return of(outputs, updates, Options.defaults());
    }

    /**
     * {@link #of(List, List)} prepared as {@code options} say:
     * {@code Program.of(outputs, List.of(), Program.Options.defaults().uncompiled())}.
     */
    public static Program of(List<Node> outputs, List<Assign> updates, Options options) {
        if (outputs == null || updates == null) {
            throw new IllegalArgumentException("program: " + (outputs == null ? "outputs are" : "updates are")
                    + " required; pass List.of() for none");
        }
        if (options == null) {
            throw new IllegalArgumentException("program: options are required; pass Program.Options.defaults()");
        }
        for (int i = 0; i < outputs.size(); i++) {
            if (outputs.get(i) == null) {
                throw new IllegalArgumentException("program: output " + i + " is null");
            }
        }
        for (int i = 0; i < updates.size(); i++) {
            if (updates.get(i) == null) {
                throw new IllegalArgumentException("program: update " + i + " is null");
            }
        }
        if (outputs.isEmpty() && updates.isEmpty()) {
            throw new IllegalArgumentException("program: needs at least one output or update");
        }
        Set<Parameter> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Assign a : updates) {
            if (!seen.add(a.target())) {
                throw new IllegalArgumentException("program: parameter '" + a.target().name() + "' is assigned twice");
            }
        }
        return new Program(outputs, updates, options, true, false);
    }

    /**
     * The program of a body ({@link Body}) prepared with the {@code options} of the program that runs its loop:
     * with a memory plan if {@code planned}, else every value in new storage, so that nothing is held once a run
     * returns (the body of a checkpointed call or of a branch, run once per call). Under checked options it
     * checks every run, as the loop's program runs it only during its own checked runs; in debug mode, the
     * values fed to its placeholders were checked where they were computed, outside or at an earlier step.
     */
    static Program body(List<Node> outputs, Options options, boolean planned) {
        return new Program(outputs, List.of(), options, planned, true);
    }

    /** The loosest domain of the rules that compiled this program and the bodies of its loops ({@link Checked}). */
    Rule.Domain loosest() {
        Rule.Domain d = Rule.Domain.EXACT;
        for (Rule r : compiled.rules().values()) {
            d = Checked.looser(d, r.domain());
        }
        for (Node n : plan.nodes) {
            if (n.op() instanceof Results.Multi m) {
                d = Checked.looser(d, Checked.loosest(m, plan.bodies));
            }
        }
        return d;
    }

    /** The assignments applied after each run. */
    public List<Assign> updates() {
        return updates;
    }

    /** The outputs, in the order {@link #run} returns their values. */
    public List<Node> outputs() {
        return outputs;
    }

    /** The placeholders the compiled program needs fed, in evaluation order. */
    public List<Node> placeholders() {
        return List.copyOf(plan.placeholders);
    }

    /** The number of nodes evaluated per run (constants included), after compilation. */
    public int size() {
        return plan.nodes.length;
    }

    /**
     * The compiled program as text, after PyTensor's {@code debugprint} and JAX's jaxpr: one line per
     * step ({@code %7 = mul(%3, %6)  [64, 10] F64}), the outputs and assignments, then the rewrites that
     * fired and how often, the node counts before and after, and the compile time.
     */
    public String explain() {
        return explain(false);
    }

    /**
     * {@link #explain()}, with the generated Java source of each fused loop under its members when
     * {@code sources} is true.
     */
    public String explain(boolean sources) {
        return Listing.of(plan, outputs.size(), updates, compiled, planNanos, sources);
    }

    /** The first line of {@link #explain()}: outputs, assignments and node counts. */
    @Override
    public String toString() {
        return Listing.summary(outputs.size(), updates.size(), compiled);
    }

    /**
     * The most bytes that this program's intermediate values hold at once during a run: the buffers of its
     * memory plan (held from run to run; the "memory" line of {@link #explain()}), plus the values in new
     * storage from the step that computes them to their last reader's, plus, while a loop, a conditional or
     * a checkpointed call runs, its bodies' peak. Outputs, assigned values and leaves do not count. What
     * checkpointing lowers.
     */
    public long peakBytes() {
        return Memory.peak(plan);
    }

    /** Evaluates a program that has no placeholders. */
    public List<Tensor> run() {
        return run(Map.of());
    }

    /**
     * Evaluates the outputs with {@code feeds} giving a value of the right shape for every placeholder,
     * converted to the placeholder's type if it has another. Feeds for placeholders this program does not
     * use are ignored.
     *
     * @throws IllegalStateException in a checked run, naming the first rewrite whose value differs from
     *     the value of the node it rewrote, and the first element that differs; in debug mode, naming an op of
     *     your own whose VJP disagrees with central differences
     * @throws NonFiniteException in debug mode, at the first NaN or infinity an op brings in
     */
    public List<Tensor> run(Map<Node, Tensor> feeds) {
        return run(feeds, null);
    }

    /**
     * {@link #run(Map)}, writing output k into {@code buffers[k]} where {@code buffers} and it are not null and the
     * compiled program computes the output into a buffer (unchecked runs only): the loop that runs a body at
     * every step gives it buffers it reuses, so the step's results take no new storage. The output is then that
     * buffer's view, which the caller owns.
     */
    List<Tensor> run(Map<Node, Tensor> feeds, Buffer[] buffers) {
        if (feeds == null) {
            throw new IllegalArgumentException("run: feeds are required; pass Map.of() when nothing is fed");
        }
        Thread me = Thread.currentThread();
        if (!runner.compareAndSet(null, me)) {
            Thread other = runner.get();
            String where = other == me ? "on this thread (a nested run)"
                    : "on thread '" + (other == null ? "?" : other.getName()) + "'";
            throw new IllegalStateException("run: this program is already running " + where
                    + "; a Program is run by one thread at a time, so build one per thread");
        }
        try {
            return evaluate(feeds, buffers);
        } finally {
            runner.set(null);
        }
    }

    private List<Tensor> evaluate(Map<Node, Tensor> feeds, Buffer[] buffers) {
        Tensor[] snapshot = new Tensor[state.length];
        Parameter.read(state, snapshot, this);
        boolean checking = checkedRuns > 0;
        Tensor[] values = plan.evaluate(feeds, snapshot, checking, watch, checking ? null : buffers);
        if (checking) {
            Buffer[] used = plan.tail(values, new Buffer[updates.size()]);
            if (!body) {
                checkedRuns--;
            }
            Checked.compare(compiled, plan, values, original, original.evaluate(feeds, snapshot, true));
            return finish(values, snapshot, held -> next(values, used));
        }
        return finish(values, snapshot, held -> {
            Buffer[] into = new Buffer[updates.size()];
            for (int k = 0; k < into.length; k++) {
                into[k] = held[k] && committed[k] != null
                        && snapshot[targetIndex[k]] == committed[k].view() ? committed[k] : null;
            }
            return next(values, plan.tail(values, into));
        });
    }

    /** The outputs for the caller, after the assignments are committed with the next values {@code update} gives. */
    private List<Tensor> finish(Tensor[] values, Tensor[] snapshot, Parameter.Update update) {
        List<Tensor> out = new ArrayList<>(outputs.size());
        for (int k = 0; k < outputs.size(); k++) {
            out.add(plan.root(values, k));
        }
        if (!updates.isEmpty()) {
            Parameter[] targets = new Parameter[updates.size()];
            Tensor[] seen = new Tensor[targets.length];
            for (int k = 0; k < targets.length; k++) {
                targets[k] = updates.get(k).target();
                seen[k] = snapshot[targetIndex[k]];
            }
            Parameter.commit(targets, seen, this, update);
        }
        return out;
    }

    /**
     * The assigned values: those the tail wrote into {@code used} buffers, which this program keeps (and
     * may overwrite in place next run), and the others as the plan computed them.
     */
    private Parameter.Next next(Tensor[] values, Buffer[] used) {
        int outs = outputs.size();
        Tensor[] next = new Tensor[updates.size()];
        boolean[] kept = new boolean[next.length];
        for (int k = 0; k < next.length; k++) {
            committed[k] = used[k];
            kept[k] = used[k] != null;
            next[k] = kept[k] ? used[k].view() : plan.root(values, outs + k);
        }
        return new Parameter.Next(next, kept);
    }
}
