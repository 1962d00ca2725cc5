package leibniz.optim;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
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
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : named(parameters, buffers, optimizerState, "checkpoint save")
                .entrySet()) {
            tensors.put(e.getKey(), e.getValue().value());
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
     *     {@code checkpoint load: ckpt.safetensors: missing tensor 'optim.adam.m.w'}
     */
    public static Map<String, String> load(Path file, Map<String, Parameter> parameters,
            Map<String, Parameter> buffers, Map<String, Parameter> optimizerState) throws IOException {
        if (file == null) {
            throw new IllegalArgumentException("checkpoint load: a file is required");
        }
        Map<String, Parameter> expected = named(parameters, buffers, optimizerState, "checkpoint load");
        Safetensors.Contents contents = Safetensors.read(file);
        Parameter.setAll(expected, contents.tensors(), "checkpoint load: " + file.getFileName() + ": ",
                "the training state");
        return contents.metadata();
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
