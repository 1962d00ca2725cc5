package leibniz.core;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a file all at once: the new content goes to a temporary file in the same directory,
 * which is flushed to disk and then renamed over the target. A reader, or the file system after a
 * crash, sees either the old file or the complete new one, never half of it; on failure the
 * temporary file is deleted and the old file is untouched. Temporary files that a crash left behind
 * are removed by the next save of the same target ({@link TemporaryFiles}).
 *
 * <p>A failure is an {@link IOException} that names the target as the caller gave it and the reason,
 * never the hidden temporary file: {@code out/model.safetensors: cannot save: the folder /home/me/out
 * does not exist}. It is a {@link NoSuchFileException} or an {@link AccessDeniedException} where the
 * file system said so, so callers can still tell those apart.
 */
final class AtomicFile {
    /** Writes the whole new content to a channel. */
    @FunctionalInterface
    interface Body {
        void writeTo(FileChannel out) throws IOException;
    }

    /** What a save was doing when it failed; the same exception means different things at each. */
    enum Stage {
        CREATE, WRITE, RENAME
    }

    private AtomicFile() {
    }

    /** Replaces {@code file} with what {@code body} writes, atomically where the file system can. */
    static void replace(Path file, Body body) throws IOException {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        TemporaryFiles.removeStale(target);
        Path tmp = TemporaryFiles.next(target);
        Stage stage = Stage.CREATE;
        try {
            // CREATE_NEW (not createTempFile) keeps the default permissions rather than owner-only ones.
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                stage = Stage.WRITE;
                TemporaryFiles.hold(out);
                body.writeTo(out);
                out.force(true);
            }
            stage = Stage.RENAME;
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            deleteQuietly(stage, tmp, e);
            throw failure(stage, file, e);
        } catch (RuntimeException | Error e) {
            deleteQuietly(stage, tmp, e);
            throw e;
        }
        syncDirectory(dir);
    }

    /**
     * The exception to report for {@code e}, raised at {@code stage} of saving {@code file}: the target and
     * a reason a person can act on, with {@code e} as the cause.
     */
    static IOException failure(Stage stage, Path file, IOException e) {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        FileSystemException out;
        if (stage == Stage.CREATE && !Files.isDirectory(dir)) {
            out = Files.exists(dir)
                    ? new FileSystemException(file.toString(), null, "cannot save: " + dir + " is a file, not a folder")
                    : new NoSuchFileException(file.toString(), null, "cannot save: the folder " + dir + " does not exist");
        } else if (stage == Stage.RENAME && Files.isDirectory(target)) {
            out = new FileSystemException(file.toString(), null, "cannot save: a folder of that name is in the way");
        } else if (e instanceof AccessDeniedException) {
            out = new AccessDeniedException(file.toString(), null, stage == Stage.CREATE
                    ? "cannot save: no permission to create files in the folder " + dir
                    : "cannot save: no permission to " + (stage == Stage.RENAME ? "replace it" : "write it"));
        } else {
            String reason = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
            out = new FileSystemException(file.toString(), null, stage == Stage.CREATE
                    ? "cannot save: cannot create a file in the folder " + dir + ": " + reason
                    : "cannot save: " + reason);
        }
        out.initCause(e);
        return out;
    }

    /** Deletes the temporary file once it is ours: a failed CREATE_NEW may have met someone else's. */
    private static void deleteQuietly(Stage stage, Path tmp, Throwable failure) {
        if (stage == Stage.CREATE) {
            return;
        }
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException cleanup) {
            failure.addSuppressed(cleanup);
        }
    }

    /** Makes the rename itself durable; best effort, since some platforms cannot open a directory. */
    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException notSupported) {
            // The file is complete and renamed; only its survival of a power cut right now is uncertain.
        }
    }
}
