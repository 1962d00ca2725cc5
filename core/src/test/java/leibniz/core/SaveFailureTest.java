package leibniz.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A save that cannot happen names the file the user asked for and the reason, never the hidden temporary
 * file it writes first; a read of a folder says a safetensors file was expected.
 */
class SaveFailureTest {
    @TempDir
    Path dir;

    private static final Map<String, Tensor> ONE = Map.of("w", Tensor.scalar(1));

    @Test
    void aMissingFolderIsNamedWithTheTarget() {
        Path file = dir.resolve("runs/today/model.safetensors");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> Safetensors.write(file, ONE, Map.of()));
        assertEquals(file + ": cannot save: the folder " + dir.resolve("runs/today") + " does not exist",
                e.getMessage());
        assertEquals(List.of(), listing(dir));
    }

    @Test
    void aFileWhereTheFolderShouldBeIsNamed() throws IOException {
        Path notAFolder = Files.writeString(dir.resolve("runs"), "x");
        Path file = notAFolder.resolve("model.safetensors");
        FileSystemException e = assertThrows(FileSystemException.class, () -> Safetensors.write(file, ONE, Map.of()));
        assertEquals(file + ": cannot save: " + notAFolder + " is a file, not a folder", e.getMessage());
    }

    @Test
    void aFolderInTheWayOfTheTargetIsNamed() throws IOException {
        Path file = Files.createDirectory(dir.resolve("model.safetensors"));
        Files.writeString(file.resolve("keep.txt"), "kept");
        FileSystemException e = assertThrows(FileSystemException.class, () -> Safetensors.write(file, ONE, Map.of()));
        assertEquals(file + ": cannot save: a folder of that name is in the way", e.getMessage());
        assertEquals(List.of("model.safetensors"), listing(dir));
    }

    @Test
    void aReadOnlyFolderIsNamedWithTheTarget() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("ro"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            // Root ignores permissions; denialFromTheFileSystemNamesTheTarget covers the message there.
            assumeFalse(Files.isWritable(folder), "the permissions of " + folder + " are not enforced for this user");
            Path file = folder.resolve("model.safetensors");
            AccessDeniedException e = assertThrows(AccessDeniedException.class,
                    () -> Safetensors.write(file, ONE, Map.of()));
            assertEquals(file + ": cannot save: no permission to create files in the folder " + folder,
                    e.getMessage());
        } finally {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void denialFromTheFileSystemNamesTheTarget() throws IOException {
        // What the JDK throws when the folder refuses the temporary file: its name, no reason.
        Path file = dir.resolve("model.safetensors");
        IOException denied = new AccessDeniedException(dir.resolve(".model.safetensors.7.0123456789abcdef.tmp")
                .toString());
        IOException e = AtomicFile.failure(AtomicFile.Stage.CREATE, file, denied);
        assertInstanceOf(AccessDeniedException.class, e);
        assertEquals(file + ": cannot save: no permission to create files in the folder " + dir, e.getMessage());
        assertEquals(denied, e.getCause());
        IOException readOnly = new FileSystemException(dir.resolve(".model.safetensors.7.0123456789abcdef.tmp")
                .toString(), null, "Read-only file system");
        assertEquals(file + ": cannot save: cannot create a file in the folder " + dir + ": Read-only file system",
                AtomicFile.failure(AtomicFile.Stage.CREATE, file, readOnly).getMessage());
        assertEquals(file + ": cannot save: no permission to replace it",
                AtomicFile.failure(AtomicFile.Stage.RENAME, file, new AccessDeniedException("x", "y", null))
                        .getMessage());
    }

    @Test
    void aFailureWhileWritingNamesTheTargetAndKeepsTheReason() throws IOException {
        Path file = dir.resolve("model.safetensors");
        IOException e = assertThrows(IOException.class, () -> AtomicFile.replace(file, out -> {
            throw new IOException("No space left on device");
        }));
        assertEquals(file + ": cannot save: No space left on device", e.getMessage());
        assertEquals(List.of(), listing(dir));
    }

    @Test
    void readingAFolderSaysAFileWasExpected() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("checkpoints"));
        FileSystemException e = assertThrows(FileSystemException.class, () -> Safetensors.read(folder));
        assertEquals(folder + ": is a folder; expected a safetensors file", e.getMessage());
    }

    static List<String> listing(Path folder) {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
