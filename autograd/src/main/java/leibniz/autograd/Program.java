package leibniz.autograd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
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
 * The compiled nodes run in topological order with their inputs as slot numbers; constants are evaluated
 * once; each intermediate value is released as soon as its last consumer has run.
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
 * the meantime is refused and changes nothing, instead of losing that update. The tensors a run returns
 * belong to the caller and never change.
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
    /** The debug mode's checks of every value, or {@link Plan.Watch#NONE}. */
    private final Plan.Watch watch;
    private final AtomicReference<Thread> runner = new AtomicReference<>();

    /**
     * How a program is prepared. {@code compile}: rewrite the graph (the default) or run it as written;
     * {@code checkedRuns}: for that many first runs, also evaluate the graph as written and compare every
     * value the compiled program computes with the one it stands for, after PyTensor's DebugMode;
     * {@code fastMath}: also apply rewrites that change some finite results (reassociation,
     * {@code x·0 → 0}), as a C compiler's {@code -ffast-math}.
     *
     * <pre>{@code
     * Program.of(List.of(loss), updates, Program.Options.defaults().checked(3));
     * }</pre>
     */
    public record Options(boolean compile, int checkedRuns, boolean fastMath, boolean debug) {
        /** Checks that the number of checked runs is not negative. */
        public Options {
            if (checkedRuns < 0) {
                throw new IllegalArgumentException("program options: checked runs must be at least 0, got "
                        + checkedRuns);
            }
        }

        /**
         * Compiled, unchecked, without fast math; in debug mode when the JVM runs with
         * {@code -Dleibniz.debug=true} ({@link Site#PROPERTY}).
         */
        public static Options defaults() {
            return new Options(true, 0, false, Site.RECORDING);
        }

        /** These options, with the graph run as written: no rewrites at all. */
        public Options uncompiled() {
            return new Options(false, checkedRuns, fastMath, debug);
        }

        /** These options, with the first {@code runs} runs checked against the graph as written (0: none). */
        public Options checked(int runs) {
            return new Options(compile, runs, fastMath, debug);
        }

        /** These options, with rewrites that change some finite results allowed or not. */
        public Options fastMath(boolean on) {
            return new Options(compile, checkedRuns, on, debug);
        }

        /**
         * These options, in debug mode or not: every value a run computes is checked, and the first NaN or
         * infinity that an op brings in (its inputs had none) stops the run with a {@link NonFiniteException}
         * naming the op, where it was built, its inputs' statistics, the parameters it depends on and, for a
         * gradient, the forward op it differentiates; the first run of each op of your own (not Leibniz's)
         * checks its VJP against central differences on a sample of its actual inputs.
         */
        public Options debug(boolean on) {
            return new Options(compile, checkedRuns, fastMath, on);
        }
    }

    private Program(List<Node> outputs, List<Assign> updates, Options options) {
        this.outputs = List.copyOf(outputs);
        this.updates = List.copyOf(updates);
        List<Node> roots = new ArrayList<>(this.outputs);
        for (Assign a : this.updates) {
            roots.add(a.value());
        }
        // A loop and its twin that also saves what the gradient reads run as one loop, compiled or not.
        roots = ScanTwins.mergeTwins(Topo.order(roots, false), roots);
        compiled = options.compile() ? Compiler.compile(roots, Compiler.rules(options)) : Compiled.identity(roots);
        Map<Parameter, Integer> index = new IdentityHashMap<>();
        plan = new Plan(compiled.roots(), index);
        boolean checked = options.compile() && options.checkedRuns() > 0;
        original = checked ? new Plan(roots, index) : null;
        checkedRuns = checked ? options.checkedRuns() : 0;
        targetIndex = new int[this.updates.size()];
        for (int k = 0; k < targetIndex.length; k++) {
            targetIndex[k] = index.computeIfAbsent(this.updates.get(k).target(), t -> index.size());
        }
        state = new Parameter[index.size()];
        index.forEach((parameter, i) -> state[i] = parameter);
        watch = options.debug() ? new Inspector(compiled, roots) : Plan.Watch.NONE;
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
        return new Program(outputs, updates, options);
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
        return Listing.of(plan, outputs.size(), updates, compiled);
    }

    /** The first line of {@link #explain()}: outputs, assignments and node counts. */
    @Override
    public String toString() {
        return Listing.summary(outputs.size(), updates.size(), compiled);
    }

    /**
     * The most bytes that intermediate values occupy at once during a run, from the schedule and the shapes:
     * every value an op computes, from its step to its last reader's, outputs and leaves aside; a loop, a
     * conditional or a checkpointed call adds its body's peak while it runs. What checkpointing lowers.
     */
    public long peakBytes() {
        return Memory.peak(plan.nodes, plan.releases, plan.rootSlots);
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
            return evaluate(feeds);
        } finally {
            runner.set(null);
        }
    }

    private List<Tensor> evaluate(Map<Node, Tensor> feeds) {
        Tensor[] snapshot = new Tensor[state.length];
        Parameter.read(state, snapshot);
        boolean checking = checkedRuns > 0;
        Tensor[] values = plan.evaluate(feeds, snapshot, checking, watch);
        if (checking) {
            checkedRuns--;
            Checked.compare(compiled, plan, values, original, original.evaluate(feeds, snapshot, true));
        }
        List<Tensor> out = new ArrayList<>(outputs.size());
        for (int k = 0; k < outputs.size(); k++) {
            out.add(values[plan.rootSlots[k]]);
        }
        if (!updates.isEmpty()) {
            Parameter[] targets = new Parameter[updates.size()];
            Tensor[] seen = new Tensor[targets.length];
            Tensor[] next = new Tensor[targets.length];
            for (int k = 0; k < targets.length; k++) {
                targets[k] = updates.get(k).target();
                seen[k] = snapshot[targetIndex[k]];
                next[k] = values[plan.rootSlots[outputs.size() + k]];
            }
            Parameter.commit(targets, seen, next);
        }
        return out;
    }
}
