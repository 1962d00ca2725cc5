package leibniz.optim;

import java.io.IOException;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import leibniz.autograd.Parameter;
import leibniz.core.Tensor;

/**
 * Everything a trainer's checkpoint carries, and the all-or-nothing restore: the parameters, the buffers,
 * the optimizer state and the run's position with the schedules' state ({@link RunState}) as metadata.
 * What the model's randomness depends on (dropout's step counter) is among the buffers, so nothing that
 * shapes the next step is left out.
 */
final class TrainerCheckpoint {
    private final Map<String, Parameter> parameters;
    private final Map<String, Parameter> buffers;
    private final Optimizer optimizer;
    private final Steps steps;
    private final RunState run;
    private final Optional<LearningRateSchedule> rateSchedule;
    private final Optional<BatchSizeSchedule> sizeSchedule;

    TrainerCheckpoint(Map<String, Parameter> parameters, Map<String, Parameter> buffers, Optimizer optimizer,
            Steps steps, RunState run, Optional<LearningRateSchedule> rateSchedule,
            Optional<BatchSizeSchedule> sizeSchedule) {
        // A tensor saved under two names would be restored twice, from values that may differ.
        buffers.forEach((name, p) -> {
            if (p == null || parameters.containsValue(p)) {
                throw new IllegalArgumentException("Trainer: buffer '" + name + "' "
                        + (p == null ? "has no parameter" : "is also a trained parameter"));
            }
        });
        this.parameters = parameters;
        this.buffers = buffers;
        this.optimizer = optimizer;
        this.steps = steps;
        this.run = run;
        this.rateSchedule = rateSchedule;
        this.sizeSchedule = sizeSchedule;
    }

    /** Writes the checkpoint; see {@link Trainer#checkpoint(Path)}. */
    void save(Path path) throws IOException {
        steps.createSlots();
        Checkpoint.save(path, parameters, buffers, optimizer.state(), run.metadata(rateSchedule, sizeSchedule));
    }

    /** Restores a checkpoint, or changes nothing if it does not fit; see {@link Trainer#resume(Path)}. */
    void restore(Path path) throws IOException {
        steps.createSlots();
        // Checkpoint.load is all or nothing for the tensors; keep the old values (immutable, so references
        // suffice) to stay all or nothing when the metadata turns out not to be a trainer's.
        Map<Parameter, Tensor> before = new IdentityHashMap<>();
        parameters.values().forEach(p -> before.put(p, p.value()));
        buffers.values().forEach(p -> before.put(p, p.value()));
        optimizer.state().values().forEach(p -> before.put(p, p.value()));
        Map<String, String> m = Checkpoint.load(path, parameters, buffers, optimizer.state());
        try {
            run.restore(path.getFileName().toString(), m, rateSchedule, sizeSchedule);
        } catch (RuntimeException e) {
            before.forEach(Parameter::set);
            throw e;
        }
    }
}
