package leibniz.autograd;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import leibniz.core.Arguments;
import leibniz.core.DType;
import leibniz.core.Shape;
import leibniz.core.Tensor;

/**
 * A named holder of the current value of a weight or of an optimizer slot (momentum, moments, a
 * step count): the state that persists between runs of a graph.
 *
 * <p>A graph reads it through {@link #node()}, the same leaf until the type changes, so gradients can be
 * taken with respect to it. Its shape is fixed at creation and its element type changes only through
 * {@link #convert(DType)}; {@link #set(Tensor)} swaps in a new value of that shape and type, typically
 * the result of an optimizer step.
 *
 * <pre>{@code
 * Parameter w = Parameter.of("w", Tensor.normal(0, 0, 0.1, 784, 10));
 * Node logits = x.matmul(w.node());
 * }</pre>
 *
 * <p><b>Threads.</b> Values are immutable tensors, so any thread may read a parameter at any time. A
 * {@link Program} reads all its parameters as one snapshot when a run starts and commits all its
 * assignments at once when it ends; {@link #values(Collection)} reads a snapshot the same way, so a
 * model saved while another thread trains holds every parameter from the same step. A run whose
 * parameters another run (or {@link #set}) changed in the meantime is refused rather than losing that
 * update: the parameters a program assigns are updated by one thread at a time.
 *
 * <p><b>Ownership.</b> {@link #value()} returns an immutable tensor that never changes. A program's update
 * may overwrite the storage of the current value in place, but only storage it wrote itself and that
 * nobody has seen since: once a value is handed out ({@link #value()}, {@link #values}, read by another
 * program, returned by a run) or set from outside, the next update gets new storage. So a training loop
 * that does not read its weights between steps updates them in place, and one that does costs one
 * allocation per weight per step, never a changed tensor.
 */
public final class Parameter {
    /**
     * Orders snapshots against commits. Static because parameters are shared freely between programs and
     * models, so no object owns them all; it guards no state of its own and is held only while tensors
     * are swapped, and while a commit's elementwise loops overwrite values nobody else holds.
     */
    private static final ReadWriteLock STATE = new ReentrantReadWriteLock();

    private final String name;
    private final Shape shape;
    private volatile Node node;
    private volatile Tensor value;
    /**
     * The program that wrote the current value into storage nobody else holds and may overwrite it in place
     * with the next one; null once the value has been handed out (or came from outside).
     */
    private volatile Object keeper;

    private Parameter(String name, Tensor value) {
        this.name = name;
        this.shape = value.shape();
        this.value = value;
        this.node = Node.apply(new Leaves.Read(this));
    }

    /** A parameter named {@code name} holding {@code initial}. */
    public static Parameter of(String name, Tensor initial) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("parameter: a name is required");
        }
        if (initial == null) {
            throw new IllegalArgumentException("parameter '" + name + "': an initial value is required");
        }
        return new Parameter(name, initial);
    }

    /** The name, e.g. {@code layers.0.weight}. */
    public String name() {
        return name;
    }

    /** The fixed shape. */
    public Shape shape() {
        return shape;
    }

    /** The element type of the current value. */
    public DType dtype() {
        return value.dtype();
    }

    /**
     * The current value. It never changes: a program that updates this parameter in place gets new storage
     * for its next update once the value has been handed out here.
     */
    public Tensor value() {
        Tensor v = value;
        if (keeper == null) {
            return v; // nobody may overwrite v any more: handed out before, or set from outside
        }
        STATE.writeLock().lock();
        try {
            keeper = null;
            return value;
        } finally {
            STATE.writeLock().unlock();
        }
    }

    /** Replaces the current value with one of the same shape and type. */
    public void set(Tensor next) {
        check(next);
        STATE.writeLock().lock();
        try {
            value = next;
            keeper = null;
        } finally {
            STATE.writeLock().unlock();
        }
    }

    private void check(Tensor next) {
        if (next == null) {
            throw new IllegalArgumentException("parameter '" + name + "': cannot set a null value (next is null)");
        }
        if (!next.shape().equals(shape)) {
            throw new IllegalArgumentException("parameter '" + name + "': cannot set a value of shape " + next.shape()
                    + " into shape " + shape);
        }
        if (next.dtype() != value.dtype()) {
            throw new IllegalArgumentException("parameter '" + name + "': cannot set an " + next.dtype()
                    + " value into an " + value.dtype() + " parameter; convert it with to(" + value.dtype() + ")");
        }
    }

    /**
     * The current values of {@code parameters}, in order, read as one snapshot: no {@link Program} commits
     * its assignments halfway through it. {@code ModelFile.save} reads a model this way, so a file saved
     * while another thread trains holds every parameter from the same step.
     */
    public static List<Tensor> values(Collection<Parameter> parameters) {
        if (parameters == null) {
            throw new IllegalArgumentException("values: parameters are required");
        }
        List<Tensor> out = new ArrayList<>(parameters.size());
        STATE.readLock().lock();
        try {
            for (Parameter p : parameters) {
                if (p == null) {
                    throw new IllegalArgumentException("values: parameter " + out.size() + " is null");
                }
                out.add(p.value);
                p.keeper = null;
            }
        } finally {
            STATE.readLock().unlock();
        }
        return out;
    }

    /**
     * The current values of {@code parameters} as one snapshot, into {@code into}; see {@link #values}. A
     * value kept by another program than {@code reader} is handed out: that program gets new storage for
     * its next update.
     */
    static void read(Parameter[] parameters, Tensor[] into, Object reader) {
        STATE.readLock().lock();
        try {
            for (int i = 0; i < parameters.length; i++) {
                Parameter p = parameters[i];
                into[i] = p.value;
                if (p.keeper != null && p.keeper != reader) {
                    p.keeper = null;
                }
            }
        } finally {
            STATE.readLock().unlock();
        }
    }

    /** What a program commits: the next value of each target, and whether it keeps that value's storage. */
    record Next(Tensor[] values, boolean[] kept) {
    }

    /** Computes the next values once the commit holds the parameters; see {@link #commit}. */
    interface Update {
        /**
         * The next values; {@code held[i]} says whether target i's current value is the writer's to overwrite
         * in place (it kept it, and nothing read it since).
         */
        Next compute(boolean[] held);
    }

    /**
     * Sets each target to its next value, all at once, provided each still holds the value the run read
     * ({@code seen}); otherwise sets nothing and refuses, naming the first parameter that changed. The next
     * values are computed by {@code update} while no other thread can read or write any parameter, so that
     * it may overwrite the current values that {@code writer} keeps: those short elementwise loops are the
     * only computation done under the lock. Values it says are kept stay {@code writer}'s until read by
     * another program or handed out.
     */
    static void commit(Parameter[] targets, Tensor[] seen, Object writer, Update update) {
        STATE.writeLock().lock();
        try {
            boolean[] held = new boolean[targets.length];
            for (int i = 0; i < targets.length; i++) {
                if (targets[i].value != seen[i]) {
                    throw new IllegalStateException("run: parameter '" + targets[i].name + "' was changed by another"
                            + " thread while this run computed its update, which would be lost; a Program and the"
                            + " Parameters it assigns are used by one thread at a time");
                }
                held[i] = targets[i].keeper == writer;
            }
            Next next = update.compute(held);
            for (int i = 0; i < targets.length; i++) {
                targets[i].value = next.values()[i];
                targets[i].keeper = next.kept()[i] ? writer : null;
            }
        } finally {
            STATE.writeLock().unlock();
        }
    }

    /**
     * Converts the value to {@code dtype} in place. The parameter gets a new {@link #node()} of that type:
     * build graphs after converting, since a {@link Program} built on the old node refuses to run.
     */
    public void convert(DType dtype) {
        if (dtype == null) {
            throw new IllegalArgumentException("parameter '" + name + "': a dtype is required");
        }
        STATE.writeLock().lock();
        try {
            if (dtype != value.dtype()) {
                value = value.to(dtype);
                keeper = null;
                node = Node.apply(new Leaves.Read(this));
            }
        } finally {
            STATE.writeLock().unlock();
        }
    }

    /**
     * Sets every parameter of {@code targets} to the value of the same name in {@code values}, all or
     * nothing: nothing changes unless {@code values} holds exactly the names of {@code targets}, each with
     * its target's shape; values are converted to each target's type. Loaders of saved state share it:
     * errors start with {@code where} and call the one expecting a shape {@code owner}, so {@code setAll(params, tensors, "load: m.safetensors: ", "the model")}
     * refuses with {@code load: m.safetensors: missing tensors 'a', 'b'}, {@code ...: unexpected tensor 'c'}
     * or {@code ...: 'w' has shape [3, 2], the model expects [2, 3]}.
     */
    public static void setAll(Map<String, Parameter> targets, Map<String, Tensor> values, String where,
            String owner) {
        Arguments.notNull(targets, "setAll", "targets");
        Arguments.notNull(values, "setAll", "values");
        Arguments.notNull(where, "setAll", "where");
        Arguments.notNull(owner, "setAll", "owner");
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : targets.entrySet()) {
            if (e.getValue() == null) {
                throw new IllegalArgumentException(where + "'" + e.getKey() + "' has no parameter");
            }
            if (values.get(e.getKey()) == null) {
                missing.add(e.getKey());
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(where + names("missing tensor", missing));
        }
        List<String> unexpected = new ArrayList<>(values.keySet());
        unexpected.removeAll(targets.keySet());
        if (!unexpected.isEmpty()) {
            throw new IllegalArgumentException(where + names("unexpected tensor", unexpected));
        }
        for (Map.Entry<String, Parameter> e : targets.entrySet()) {
            Shape found = values.get(e.getKey()).shape();
            if (!found.equals(e.getValue().shape)) {
                throw new IllegalArgumentException(where + "'" + e.getKey() + "' has shape " + found + ", " + owner
                        + " expects " + e.getValue().shape);
            }
        }
        // Only now, with every check passed, does anything change, all at once for snapshot readers.
        List<Tensor> converted = new ArrayList<>(targets.size());
        for (Map.Entry<String, Parameter> e : targets.entrySet()) {
            converted.add(values.get(e.getKey()).to(e.getValue().dtype()));
        }
        STATE.writeLock().lock();
        try {
            int i = 0;
            for (Parameter p : targets.values()) {
                p.value = converted.get(i++);
                p.keeper = null;
            }
        } finally {
            STATE.writeLock().unlock();
        }
    }

    /** {@code missing tensor 'a'} or {@code missing tensors 'a', 'b'}. */
    private static String names(String what, List<String> names) {
        StringBuilder b = new StringBuilder(what).append(names.size() > 1 ? "s " : " ");
        for (int i = 0; i < names.size(); i++) {
            b.append(i == 0 ? "'" : ", '").append(names.get(i)).append('\'');
        }
        return b.toString();
    }

    /** The graph leaf that reads this parameter. */
    public Node node() {
        return node;
    }

    @Override
    public String toString() {
        return "Parameter '" + name + "' " + shape + (value.dtype() == DType.F64 ? "" : " " + value.dtype());
    }
}
