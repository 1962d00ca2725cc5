package leibniz.optim;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import leibniz.autograd.Parameter;
import leibniz.core.Safetensors;
import leibniz.core.Tensor;

/**
 * Saves and restores a training run: the model's parameters, its buffers (persistent state not trained
 * by gradients: batch norm's running statistics, dropout's step counter), the optimizer's state
 * (learning rate, step count, slots) and string metadata (epoch, schedule position, seed), in one
 * safetensors file with the names prefixed {@code model.}, {@code buffer.} and {@code optim.}.
 *
 * <pre>{@code
 * Checkpoint.save(path, model.parameters(), model.buffers(), adam.state(), Map.of("epoch", "7"));
 * Map<String, String> meta = Checkpoint.load(path, model.parameters(), model.buffers(), adam.state());
 * int epoch = Integer.parseInt(meta.get("epoch")) + 1;
 * }</pre>
 *
 * <p>Saving is atomic; loading is all or nothing: the file must hold exactly the given names with
 * their shapes, or nothing changes. Optimizers create their slots when they build their step, so
 * load after building the training step, not before.
 *
 * <p>Saving reads every tensor as one snapshot ({@link Parameter#values}), so a checkpoint saved while
 * another thread trains holds every tensor from the same step.
 */
public final class Checkpoint {
    private static final String MODEL = "model.";
    private static final String BUFFER = "buffer.";
    private static final String OPTIM = "optim.";

    private Checkpoint() {
    }

    /** Writes the parameters, the optimizer state and {@code metadata} to {@code file}, replacing it atomically. */
    public static void save(Path file, Map<String, Parameter> parameters, Map<String, Parameter> optimizerState,
            Map<String, String> metadata) throws IOException {
        save(file, parameters, Map.of(), optimizerState, metadata);
    }

    /**
     * Writes the parameters, the buffers, the optimizer state and {@code metadata} to {@code file},
     * replacing it atomically.
     */
    public static void save(Path file, Map<String, Parameter> parameters, Map<String, Parameter> buffers,
            Map<String, Parameter> optimizerState, Map<String, String> metadata) throws IOException {
        if (file == null || metadata == null) {
            throw new IllegalArgumentException("checkpoint save: file and metadata are required");
        }
        // One snapshot of every value, as ModelFile.save reads a model: a single step, whatever trains meanwhile.
        Map<String, Parameter> all = named(parameters, buffers, optimizerState, "checkpoint save");
        List<Tensor> values = Parameter.values(all.values());
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        int i = 0;
        for (String name : all.keySet()) {
            tensors.put(name, values.get(i++));
        }
        Safetensors.write(file, tensors, metadata);
    }

    /**
     * Sets the parameters and the optimizer state from {@code file} and returns its metadata; the file
     * must hold no buffers. See {@link #load(Path, Map, Map, Map)}.
     */
    public static Map<String, String> load(Path file, Map<String, Parameter> parameters,
            Map<String, Parameter> optimizerState) throws IOException {
        return load(file, parameters, Map.of(), optimizerState);
    }

    /**
     * Sets the parameters, the buffers and the optimizer state from {@code file} and returns its metadata.
     * Nothing changes unless the file holds exactly the given names (prefixed {@code model.},
     * {@code buffer.} and {@code optim.}), each with the given shape.
     *
     * @throws IOException if the file cannot be read or is corrupt (see {@link Safetensors#read})
     * @throws IllegalArgumentException if the file does not fit, for example
     *     {@code checkpoint load: ckpt.safetensors: missing tensor 'optim.adam.m.w'}, or is not a checkpoint at
     *     all (no tensor name has a checkpoint's prefix, as in a model file)
     */
    public static Map<String, String> load(Path file, Map<String, Parameter> parameters,
            Map<String, Parameter> buffers, Map<String, Parameter> optimizerState) throws IOException {
        if (file == null) {
            throw new IllegalArgumentException("checkpoint load: a file is required");
        }
        Map<String, Parameter> expected = named(parameters, buffers, optimizerState, "checkpoint load");
        Safetensors.Contents contents = Safetensors.read(file);
        refuseModelFile(file, contents.tensors().keySet());
        Parameter.setAll(expected, contents.tensors(), "checkpoint load: " + file.getFileName() + ": ",
                "the training state");
        return contents.metadata();
    }

    /**
     * Says in one sentence that a file of tensors none of whose names carries a checkpoint's prefix is no
     * checkpoint (most likely a model file), instead of listing every tensor a checkpoint would hold.
     */
    private static void refuseModelFile(Path file, Collection<String> names) {
        if (names.isEmpty() || names.stream().anyMatch(n -> n.startsWith(MODEL) || n.startsWith(BUFFER)
                || n.startsWith(OPTIM))) {
            return;
        }
        StringJoiner shown = new StringJoiner(", ");
        names.stream().limit(3).forEach(n -> shown.add("'" + n + "'"));
        String more = names.size() > 3 ? " and " + (names.size() - 3) + " more" : "";
        throw new IllegalArgumentException("checkpoint load: " + file.getFileName() + " is not a checkpoint: its "
                + names.size() + (names.size() == 1 ? " tensor (" : " tensors (") + shown + more + ") lack the '"
                + MODEL + "' and '" + OPTIM + "' prefixes of a checkpoint, as a model file's do (load those with "
                + "ModelFile.load)");
    }

    private static Map<String, Parameter> named(Map<String, Parameter> parameters, Map<String, Parameter> buffers,
            Map<String, Parameter> optimizerState, String op) {
        if (parameters == null || buffers == null || optimizerState == null) {
            throw new IllegalArgumentException(op + ": parameters, buffers and optimizer state are required "
                    + "(maybe empty)");
        }
        Map<String, Parameter> all = new LinkedHashMap<>();
        parameters.forEach((name, p) -> all.put(MODEL + name, p));
        buffers.forEach((name, p) -> all.put(BUFFER + name, p));
        optimizerState.forEach((name, p) -> all.put(OPTIM + name, p));
        for (Map.Entry<String, Parameter> e : all.entrySet()) {
            if (e.getValue() == null) {
                throw new IllegalArgumentException(op + ": '" + e.getKey() + "' has no parameter");
            }
        }
        return all;
    }
}
