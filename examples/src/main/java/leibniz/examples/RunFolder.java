package leibniz.examples;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import leibniz.nn.ModelFile;
import leibniz.nn.Module;

/**
 * The output folder of one run, created (and checked to be writable) before any training starts, so that
 * a bad {@code --out} fails at once instead of after a minute of work.
 */
final class RunFolder {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .addModule(new SimpleModule()
                    .addSerializer(Double.class, new FiniteOrNull())
                    .addSerializer(Double.TYPE, new FiniteOrNull())
                    .addSerializer(double[].class, new FiniteArray()))
            .build();

    private final Path dir;

    private RunFolder(Path dir) {
        this.dir = dir;
    }

    /** Creates {@code dir} if needed and checks that a file can be written in it. */
    static RunFolder create(Path dir) {
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new UsageException("cannot write to the output folder " + dir + ": " + reason(e));
        }
        return new RunFolder(dir);
    }

    private static String reason(Exception e) {
        if (e instanceof FileAlreadyExistsException) {
            return "a file with that name is in the way";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        String why = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
        return why == null || why.isEmpty() ? e.getClass().getSimpleName()
                : Character.toLowerCase(why.charAt(0)) + why.substring(1);
    }

    /** The folder. */
    Path dir() {
        return dir;
    }

    /** The path of {@code name} in the folder. */
    Path file(String name) {
        return dir.resolve(name);
    }

    /** Writes {@code value} (maps, lists, numbers, strings, booleans) as indented JSON to {@code name}. */
    Path writeJson(String name, Object value) throws IOException {
        return Files.writeString(file(name), json(value), StandardCharsets.UTF_8);
    }

    /** {@code value} as indented JSON ending in a newline; NaN and infinities, which JSON lacks, become null. */
    static String json(Object value) throws IOException {
        return JSON.writeValueAsString(value) + "\n";
    }

    /** Saves the parameters of {@code model} to {@code name} as safetensors, with {@code metadata}. */
    Path saveModel(String name, Module model, Map<String, String> metadata) throws IOException {
        Path f = file(name);
        ModelFile.save(model, f, metadata);
        return f;
    }

    /** A double as a JSON number, or null where JSON has no number for it (NaN, infinities). */
    private static final class FiniteOrNull extends StdSerializer<Double> {
        FiniteOrNull() {
            super(Double.class);
        }

        @Override
        public void serialize(Double v, JsonGenerator g, SerializerProvider p) throws IOException {
            number(v, g);
        }

        static void number(double v, JsonGenerator g) throws IOException {
            if (Double.isFinite(v)) {
                g.writeNumber(v);
            } else {
                g.writeNull();
            }
        }
    }

    /** An array of doubles, each as {@link FiniteOrNull} writes it. */
    private static final class FiniteArray extends StdSerializer<double[]> {
        FiniteArray() {
            super(double[].class);
        }

        @Override
        public void serialize(double[] values, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeStartArray(values, values.length);
            for (double v : values) {
                FiniteOrNull.number(v, g);
            }
            g.writeEndArray();
        }
    }
}
