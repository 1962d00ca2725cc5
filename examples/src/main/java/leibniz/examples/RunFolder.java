package leibniz.examples;

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

    /** Writes {@code value} as JSON to {@code name}. */
    Path writeJson(String name, Object value) throws IOException {
        return Files.writeString(file(name), Json.write(value), StandardCharsets.UTF_8);
    }

    /** Saves the parameters of {@code model} to {@code name} as safetensors, with {@code metadata}. */
    Path saveModel(String name, Module model, Map<String, String> metadata) throws IOException {
        Path f = file(name);
        ModelFile.save(model, f, metadata);
        return f;
    }
}
