package leibniz.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
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
 */
final class Steps {
    private final Objective objective;
    private final Map<String, Parameter> named;
    private final List<Parameter> parameters;
    private final Optimizer optimizer;
    private final UnaryOperator<List<Node>> clipping;
    private final TrainingChecks checks;
    private final Map<Key, Prepared> training = new HashMap<>();
    private final Map<Key, Prepared> evaluation = new HashMap<>();

    /** {@code named}: the trained parameters by path name, which also name the optimizer's slots. */
    Steps(Objective objective, Map<String, Parameter> named, Optimizer optimizer, UnaryOperator<List<Node>> clipping,
            TrainingChecks checks) {
        this.objective = objective;
        this.named = Collections.unmodifiableMap(new LinkedHashMap<>(named));
        this.parameters = List.copyOf(named.values());
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
        return training.size() + evaluation.size();
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
        // Batches arrive as F64; an F32 model's placeholders convert them, so the whole step runs in F32.
        DType type = modelType();
        Node x = Node.placeholder("x", k.x(), type);
        Node y = Node.placeholder("y", k.y(), type);
        Pass pass = objective.build(x, y, train);
        if (pass == null) {
            throw new IllegalArgumentException("Trainer: the objective built no pass for x " + k.x() + ", y " + k.y());
        }
        if (!train) {
            return new Prepared(x, y, Program.of(List.of(pass.loss(), pass.prediction())), pass.loss(), List.of());
        }
        List<Node> gradients = Autograd.gradients(pass.loss(), parameters);
        List<Node> grads = gradients;
        if (clipping != null) {
            grads = clipping.apply(grads);
            if (grads == null || grads.size() != parameters.size()) {
                throw new IllegalArgumentException("Trainer: gradient clipping returned "
                        + (grads == null ? "nothing" : grads.size() + " gradients") + " for " + parameters.size()
                        + " parameters");
            }
        }
        List<Assign> updates = new ArrayList<>(optimizer.step(named, grads));
        updates.addAll(pass.updates());
        return new Prepared(x, y, Program.of(List.of(pass.loss(), pass.prediction()), updates), pass.loss(),
                gradients);
    }
}
