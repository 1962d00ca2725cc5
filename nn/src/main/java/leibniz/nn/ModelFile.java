package leibniz.nn;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import leibniz.autograd.Parameter;
import leibniz.core.Safetensors;
import leibniz.core.Tensor;

/**
 * Saves and loads the state of a model, its parameters and buffers by path name
 * ({@code layers.0.weight}), as a safetensors file that PyTorch and the Hugging Face tools read.
 *
 * <pre>{@code
 * ModelFile.save(model, Path.of("model.safetensors"));
 * ModelFile.load(model, Path.of("model.safetensors"));   // into a model of the same architecture
 * }</pre>
 *
 * <p>Saving is atomic (a crash leaves the old file or the new one, never half a file) and reads the
 * model as one snapshot, so a file saved while another thread trains holds every tensor from the same
 * step ({@link Parameter#values}). Loading is all
 * or nothing: every name is checked first, and the model changes only if the file holds exactly its
 * tensors with their shapes. F32 files, as PyTorch writes them, load widened to float64.
 */
public final class ModelFile {
    private ModelFile() {
    }

    /** Writes every parameter and buffer of {@code model} to {@code file}, replacing it atomically. */
    public static void save(Module model, Path file) throws IOException {
        save(model, file, Map.of());
    }

    /**
     * Writes every parameter and buffer of {@code model} with free-form string {@code metadata}
     * (architecture, training run) to {@code file}, replacing it atomically.
     */
    public static void save(Module model, Path file, Map<String, String> metadata) throws IOException {
        if (model == null || file == null || metadata == null) {
            throw new IllegalArgumentException("save: model, file and metadata are required");
        }
        // One snapshot of every value: a model saved while another thread trains holds a single step.
        Map<String, Parameter> state = state(model, "save");
        List<Tensor> values = Parameter.values(state.values());
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        int i = 0;
        for (String name : state.keySet()) {
            tensors.put(name, values.get(i++));
        }
        Safetensors.write(file, tensors, metadata);
    }

    /**
     * Sets every parameter and buffer of {@code model} from {@code file} and returns the file's metadata.
     * Nothing changes unless the file holds exactly the model's names, each with the model's shape.
     *
     * @throws IOException if the file cannot be read or is corrupt (see {@link Safetensors#read})
     * @throws IllegalArgumentException if the file does not fit the model, for example
     *     {@code load: model.safetensors: missing tensor 'layers.0.bias'} or
     *     {@code load: model.safetensors: 'layers.0.weight' has shape [3, 2], the model expects [2, 3]}
     */
    public static Map<String, String> load(Module model, Path file) throws IOException {
        if (model == null || file == null) {
            throw new IllegalArgumentException("load: model and file are required");
        }
        Map<String, Parameter> expected = state(model, "load");
        Safetensors.Contents contents = Safetensors.read(file);
        Parameter.setAll(expected, contents.tensors(), "load: " + file.getFileName() + ": ", "the model");
        return contents.metadata();
    }

    /** The parameters then the buffers of {@code model}, by name; a name used by both is refused. */
    private static Map<String, Parameter> state(Module model, String op) {
        Map<String, Parameter> all = new LinkedHashMap<>(model.parameters());
        for (Map.Entry<String, Parameter> e : model.buffers().entrySet()) {
            if (all.putIfAbsent(e.getKey(), e.getValue()) != null) {
                throw new IllegalArgumentException(op + ": '" + e.getKey() + "' names both a parameter and a buffer");
            }
        }
        return all;
    }
}
