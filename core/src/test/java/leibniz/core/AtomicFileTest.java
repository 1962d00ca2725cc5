package leibniz.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saving replaces a file completely or not at all, and leaves no temporary files behind. */
class AtomicFileTest {
    @TempDir
    Path dir;

    @Test
    void aFailureHalfwayLeavesTheOldFileIntactAndNoTemporaryFile() throws Exception {
        Path file = dir.resolve("model.safetensors");
        Safetensors.write(file, Map.of("w", Tensor.vector(1, 2, 3)), Map.of("epoch", "1"));
        byte[] before = Files.readAllBytes(file);

        IOException e = assertThrows(IOException.class, () -> AtomicFile.replace(file, out -> {
            out.write(ByteBuffer.wrap(new byte[] {1, 2, 3, 4}));
            throw new IOException("disk full");
        }));
        assertEquals(file + ": cannot save: disk full", e.getMessage());
        RuntimeException r = assertThrows(RuntimeException.class, () -> AtomicFile.replace(file, out -> {
            out.write(ByteBuffer.wrap(new byte[] {5, 6}));
            throw new IllegalStateException("bug");
        }));
        assertEquals("bug", r.getMessage());

        assertEquals(ByteBuffer.wrap(before), ByteBuffer.wrap(Files.readAllBytes(file)));
        assertEquals(List.of("model.safetensors"), listing());
        assertEquals(Tensor.vector(1, 2, 3), Safetensors.read(file).tensors().get("w"));
    }

    @Test
    void aSuccessfulWriteReplacesTheOldFileAndLeavesNoTemporaryFile() throws Exception {
        Path file = dir.resolve("model.safetensors");
        Safetensors.write(file, Map.of("w", Tensor.vector(1, 2, 3)), Map.of());
        Safetensors.write(file, Map.of("v", Tensor.scalar(4)), Map.of("k", "v"));
        Safetensors.Contents c = Safetensors.read(file);
        assertEquals(Map.of("v", Tensor.scalar(4)), c.tensors());
        assertEquals(Map.of("k", "v"), c.metadata());
        assertEquals(List.of("model.safetensors"), listing());
    }

    @Test
    void aFailedRenameLeavesNoTemporaryFile() throws Exception {
        // The target is a non-empty directory: everything succeeds but the final rename.
        Path target = Files.createDirectory(dir.resolve("model.safetensors"));
        Files.writeString(target.resolve("keep.txt"), "kept");
        assertThrows(IOException.class, () -> Safetensors.write(target, Map.of("w", Tensor.scalar(1)), Map.of()));
        assertEquals(List.of("model.safetensors"), listing());
        assertEquals("kept", Files.readString(target.resolve("keep.txt")));
    }

    @Test
    void aMissingDirectoryIsAnErrorNotAPartialFile() {
        Path file = dir.resolve("no/such/dir/model.safetensors");
        assertThrows(IOException.class, () -> Safetensors.write(file, Map.of("w", Tensor.scalar(1)), Map.of()));
        assertEquals(List.of(), listing());
    }

    private List<String> listing() {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
