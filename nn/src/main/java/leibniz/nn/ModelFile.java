package leibniz.nn;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import leibniz.autograd.Parameter;
import leibniz.core.DType;
import leibniz.core.Safetensors;
import leibniz.core.Tensor;

/**
 * Saves and loads the state of a model, its parameters and persistent buffers by path name
 * ({@code 0.weight}), as a safetensors file: PyTorch's {@code state_dict} of the same architecture, which
 * {@code model.load_state_dict(safetensors.torch.load_file(path), strict=True)} accepts, and which Leibniz
 * loads from a file {@code safetensors.torch.save_file(model.state_dict(), path)} wrote.
 *
 * <pre>{@code
 * ModelFile.save(model, Path.of("model.safetensors"));
 * ModelFile.load(model, Path.of("model.safetensors"));   // into a model of the same architecture
 * }</pre>
 *
 * <p>Saving is atomic (a crash leaves the old file or the new one, never half a file), reads the model as
 * one snapshot, so a file saved while another thread trains holds every tensor from the same step
 * ({@link Parameter#values}), and is reproducible: the tensors are written in the order of the safetensors
 * library (F64 before F32, then by name) and the metadata sorted by key, so the same state and metadata
 * give the same bytes whatever maps held them, and a state that PyTorch holds in the same types gives the
 * bytes of {@code save_file}. Loading is all or nothing: every name is checked first, and the model changes
 * only if the file holds exactly its tensors with their shapes. F32 files, as PyTorch writes them, load
 * converted to each parameter's type; PyTorch's integer {@code num_batches_tracked} (I64) loads into batch
 * norm's count, which Leibniz writes as F64 (it has no integer tensors) and PyTorch converts back on loading.
 */
public final class ModelFile {
    /** The safetensors library's order: wider types first, then names by their UTF-8 bytes. */
    private static final Comparator<Map.Entry<String, Tensor>> CANONICAL =
            Comparator.<Map.Entry<String, Tensor>>comparingInt(e -> e.getValue().dtype() == DType.F64 ? 0 : 1)
                    .thenComparing(Map.Entry::getKey, ModelFile::compareUtf8);

    private ModelFile() {
    }

    /** Writes every parameter and persistent buffer of {@code model} to {@code file}, replacing it atomically. */
    public static void save(Module model, Path file) throws IOException {
        save(model, file, Map.of());
    }

    /**
     * Writes every parameter and persistent buffer of {@code model} with free-form string {@code metadata}
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
        Map<String, Tensor> ordered = new LinkedHashMap<>();
        tensors.entrySet().stream().sorted(CANONICAL).forEachOrdered(e -> ordered.put(e.getKey(), e.getValue()));
        Map<String, String> sorted = new TreeMap<>(ModelFile::compareUtf8);
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            if (e.getKey() == null) {
                throw new IllegalArgumentException("save: a metadata key is null");
            }
            sorted.put(e.getKey(), e.getValue());
        }
        Safetensors.write(file, ordered, sorted);
    }

    /**
     * Sets every parameter and persistent buffer of {@code model} from {@code file} and returns the file's
     * metadata. Nothing changes unless the file holds exactly the model's names, each with the model's shape.
     *
     * @throws IOException if the file cannot be read or is corrupt (see {@link Safetensors#read})
     * @throws IllegalArgumentException if the file does not fit the model, for example
     *     {@code load: model.safetensors: missing tensor '0.bias'} or
     *     {@code load: model.safetensors: '0.weight' has shape [2, 3], the model expects [3, 2]}
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

    /** The parameters then the persistent buffers of {@code model}, by name; a name used by both is refused. */
    private static Map<String, Parameter> state(Module model, String op) {
        Map<String, Parameter> all = new LinkedHashMap<>(model.parameters());
        for (Map.Entry<String, Parameter> e : model.persistentBuffers().entrySet()) {
            if (all.putIfAbsent(e.getKey(), e.getValue()) != null) {
                throw new IllegalArgumentException(op + ": '" + e.getKey() + "' names both a parameter and a buffer");
            }
        }
        return all;
    }

    /** Strings in the order of their UTF-8 bytes (Rust's order of strings), which Java's differs from past U+FFFF. */
    private static int compareUtf8(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
