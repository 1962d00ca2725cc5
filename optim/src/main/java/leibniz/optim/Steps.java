package leibniz.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import leibniz.autograd.Assign;
import leibniz.autograd.Autograd;
import leibniz.autograd.Node;
import leibniz.autograd.Parameter;
import leibniz.autograd.Program;
import leibniz.core.DType;
import leibniz.core.Shape;
import leibniz.core.Tensor;

/**
 * The prepared programs of a trainer: one training step (forward, backward, clipping, optimizer and state
 * updates in one graph) and one evaluation pass per batch shape, each built the first time that shape is
 * seen. A short last batch or a batch-size schedule adds a program; nothing is rebuilt per step.
 *
 * <p>Data-parallel training splits the step in two ({@link SparkTrainer}): each worker runs a
 * {@linkplain #share share} program (the weighted loss and its gradients, changing nothing), and the driver
 * runs an {@linkplain #apply update} program fed with their sum, whose clipping and optimizer step are built
 * by the same code as the local step's.
 */
final class Steps {
    private final Objective objective;
    private final Map<String, Parameter> named;
    private final List<Parameter> parameters;
    private final Map<String, Parameter> buffers;
    private final Optimizer optimizer;
    private final UnaryOperator<List<Node>> clipping;
    private final TrainingChecks checks;
    private final Map<Key, Prepared> training = new HashMap<>();
    private final Map<Key, Prepared> evaluation = new HashMap<>();
    private final Map<Key, Shares> shares = new HashMap<>();
    private final Map<List<String>, Update> updates = new HashMap<>();

    /**
     * {@code named}: the trained parameters by path name, which also name the optimizer's slots;
     * {@code buffers}: the model's other state by name. The optimizer may be null where only
     * {@link #share} runs (a Spark executor), which runs no {@code checks} either.
     */
    Steps(Objective objective, Map<String, Parameter> named, Map<String, Parameter> buffers, Optimizer optimizer,
            UnaryOperator<List<Node>> clipping) {
        this(objective, named, buffers, optimizer, clipping, TrainingChecks.none());
    }

    /** {@code checks}: the trainer's lint, online gradient check and rerun of a step whose loss is not finite. */
    Steps(Objective objective, Map<String, Parameter> named, Map<String, Parameter> buffers, Optimizer optimizer,
            UnaryOperator<List<Node>> clipping, TrainingChecks checks) {
        this.objective = objective;
        this.named = Collections.unmodifiableMap(new LinkedHashMap<>(named));
        this.parameters = List.copyOf(named.values());
        this.buffers = Collections.unmodifiableMap(new LinkedHashMap<>(buffers));
        this.optimizer = optimizer;
        this.clipping = clipping;
        this.checks = checks;
    }

    /**
     * The loss and prediction of one batch; for a training step whose loss is not finite, what the step's
     * rerun in debug mode found ({@link TrainingChecks#rerun}).
     */
    record Result(double loss, Tensor prediction, Optional<RuntimeException> diagnosis) {
        Result(double loss, Tensor prediction) {
            this(loss, prediction, Optional.empty());
        }
    }

    private record Key(Shape x, Shape y) {
    }

    /** A prepared program, with the loss and gradient nodes of its graph for the trainer's checks. */
    private record Prepared(Node x, Node y, Program program, Node loss, List<Node> grads) {
        Map<Node, Tensor> feeds(Dataset batch) {
            return Map.of(x, batch.features(), y, batch.targets());
        }

        Result run(Dataset batch) {
            List<Tensor> out = program.run(feeds(batch));
            return new Result(out.get(0).item(), out.get(1));
        }
    }

    /**
     * Runs one training step on {@code batch} and returns its loss and prediction. A step whose loss is
     * not finite is undone: every parameter and slot it assigned gets its previous value back (tensors
     * are immutable, so keeping the previous values costs one reference each).
     */
    Result train(Dataset batch) {
        Prepared p = training.computeIfAbsent(key(batch), k -> prepare(k, true));
        checks.beforeStep(p.program(), p.loss(), p.grads(), parameters, p.feeds(batch));
        List<Assign> updates = p.program().updates();
        Tensor[] before = new Tensor[updates.size()];
        for (int i = 0; i < before.length; i++) {
            before[i] = updates.get(i).target().value();
        }
        Result r = p.run(batch);
        if (!Double.isFinite(r.loss())) {
            for (int i = 0; i < before.length; i++) {
                updates.get(i).target().set(before[i]);
            }
            return new Result(r.loss(), r.prediction(),
                    Optional.ofNullable(TrainingChecks.rerun(p.program(), p.feeds(batch))));
        }
        return r;
    }

    /** The loss and prediction of {@code batch} in evaluation mode, changing nothing. */
    Result evaluate(Dataset batch) {
        return evaluation.computeIfAbsent(key(batch), k -> prepare(k, false)).run(batch);
    }

    /** The number of programs built so far (training and evaluation). */
    int programCount() {
        return training.size() + evaluation.size() + shares.size() + updates.size();
    }

    /**
     * Asks the optimizer for one step on symbolic zero gradients, so that it creates the slots a checkpoint
     * restores into; the assignments are thrown away and nothing runs.
     */
    void createSlots() {
        List<Node> zeros = new ArrayList<>(parameters.size());
        for (Parameter p : parameters) {
            zeros.add(Node.zeros(p.shape(), p.dtype()));
        }
        optimizer.step(named, zeros);
    }

    /** F32 when every parameter is F32, otherwise F64. */
    private DType modelType() {
        for (Parameter p : parameters) {
            if (p.dtype() != DType.F32) {
                return DType.F64;
            }
        }
        return parameters.isEmpty() ? DType.F64 : DType.F32;
    }

    private static Key key(Dataset batch) {
        return new Key(batch.features().shape(), batch.targets().shape());
    }

    private Prepared prepare(Key k, boolean train) {
        Node x = placeholder("x", k.x());
        Node y = placeholder("y", k.y());
        Pass pass = pass(x, y, k, train);
        if (!train) {
            return new Prepared(x, y, Program.of(List.of(pass.loss(), pass.prediction())), pass.loss(), List.of());
        }
        List<Node> gradients = Autograd.gradients(pass.loss(), parameters);
        List<Assign> updates = new ArrayList<>(update(gradients));
        updates.addAll(pass.updates());
        return new Prepared(x, y, Program.of(List.of(pass.loss(), pass.prediction()), updates), pass.loss(),
                gradients);
    }

    /** Batches arrive as F64; an F32 model's placeholders convert them, so the whole step runs in F32. */
    private Node placeholder(String name, Shape shape) {
        return Node.placeholder(name, shape, modelType());
    }

    private Pass pass(Node x, Node y, Key k, boolean train) {
        Pass pass = objective.build(x, y, train);
        if (pass == null) {
            throw new IllegalArgumentException("Trainer: the objective built no pass for x " + k.x() + ", y " + k.y());
        }
        return pass;
    }

    /** The optimizer's assignments for {@code grads}, after the clipping: the same for a local and a split step. */
    private List<Assign> update(List<Node> grads) {
        if (clipping != null) {
            grads = clipping.apply(grads);
            if (grads == null || grads.size() != parameters.size()) {
                throw new IllegalArgumentException("Trainer: gradient clipping returned "
                        + (grads == null ? "nothing" : grads.size() + " gradients") + " for " + parameters.size()
                        + " parameters");
            }
        }
        return optimizer.step(named, grads);
    }

    /**
     * One worker's share of a batch: {@code weight · loss} (the weight is the share's fraction of the global
     * batch, so the weighted losses of all shares add up to the batch's mean loss), the prediction, the
     * gradient of the weighted loss for every parameter, and the value each buffer the training pass updates
     * would get (named as in {@code buffers}). Runs without assigning anything, so the result is a pure
     * function of the parameters, the buffers and the rows.
     */
    Share share(Dataset batch, double weight) {
        Key k = key(batch);
        Shares p = shares.computeIfAbsent(k, this::prepareShare);
        List<Tensor> out = p.program().run(Map.of(p.x(), batch.features(), p.y(), batch.targets(), p.weight(),
                Tensor.scalar(weight)));
        int n = parameters.size();
        return new Share(out.get(0).item(), out.get(1), out.subList(2, 2 + n), p.buffers(),
                out.subList(2 + n, out.size()));
    }

    /** See {@link #share}; {@code buffers} name the buffers whose updated values follow the gradients. */
    record Share(double loss, Tensor prediction, List<Tensor> gradients, List<String> buffers,
            List<Tensor> bufferValues) {
    }

    private record Shares(Node x, Node y, Node weight, Program program, List<String> buffers) {
    }

    private Shares prepareShare(Key k) {
        Node x = placeholder("x", k.x());
        Node y = placeholder("y", k.y());
        Node weight = placeholder("weight", Shape.of());
        Pass pass = pass(x, y, k, true);
        Node loss = pass.loss().mul(weight);
        List<Node> outputs = new ArrayList<>(List.of(loss, pass.prediction()));
        outputs.addAll(Autograd.gradients(loss, parameters));
        Map<Parameter, String> names = new IdentityHashMap<>();
        buffers.forEach((name, b) -> names.put(b, name));
        List<String> updated = new ArrayList<>();
        for (Assign a : pass.updates()) {
            String name = names.get(a.target());
            if (name == null) {
                throw new IllegalArgumentException("SparkTrainer: the objective's training pass updates '"
                        + a.target().name() + "', which is not among the model's buffers " + buffers.keySet()
                        + "; name it in the buffers so that the driver can combine the partitions' values");
            }
            updated.add(name);
            outputs.add(a.value());
        }
        return new Shares(x, y, weight, Program.of(outputs), List.copyOf(updated));
    }

    /**
     * Applies gradients computed elsewhere (summed over a cluster's partitions) and new values of the named
     * buffers: the clipping and optimizer step of {@link #train}, fed instead of differentiated. One program
     * per set of buffer names.
     */
    void apply(List<Tensor> gradients, List<String> bufferNames, List<Tensor> bufferValues) {
        Update u = updates.computeIfAbsent(List.copyOf(bufferNames), this::prepareUpdate);
        Map<Node, Tensor> feeds = new IdentityHashMap<>();
        for (int i = 0; i < gradients.size(); i++) {
            feeds.put(u.gradients().get(i), gradients.get(i));
        }
        for (int i = 0; i < bufferValues.size(); i++) {
            feeds.put(u.buffers().get(i), bufferValues.get(i));
        }
        u.program().run(feeds);
    }

    private record Update(List<Node> gradients, List<Node> buffers, Program program) {
    }

    private Update prepareUpdate(List<String> bufferNames) {
        List<Node> grads = new ArrayList<>(parameters.size());
        for (Parameter p : parameters) {
            grads.add(Node.placeholder("grad " + p.name(), p.shape(), p.dtype()));
        }
        List<Assign> assigns = new ArrayList<>(update(grads));
        List<Node> values = new ArrayList<>(bufferNames.size());
        for (String name : bufferNames) {
            Parameter b = buffers.get(name);
            Node v = Node.placeholder(name, b.shape(), b.dtype());
            values.add(v);
            assigns.add(new Assign(b, v));
        }
        return new Update(grads, values, Program.of(List.of(), assigns));
    }
}
