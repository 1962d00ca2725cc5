package leibniz.core;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Replaces a file all at once: the new content goes to a temporary file in the same directory,
 * which is flushed to disk and then renamed over the target. A reader, or the file system after a
 * crash, sees either the old file or the complete new one, never half of it; on failure the
 * temporary file is deleted and the old file is untouched.
 */
final class AtomicFile {
    /** Writes the whole new content to a channel. */
    @FunctionalInterface
    interface Body {
        void writeTo(FileChannel out) throws IOException;
    }

    private AtomicFile() {
    }

    /** Replaces {@code file} with what {@code body} writes, atomically where the file system can. */
    static void replace(Path file, Body body) throws IOException {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        // Same directory, so the rename never crosses file systems; a dot-name so that it is
        // hidden from listings while it exists. CREATE_NEW (not createTempFile) keeps the
        // default permissions rather than owner-only ones.
        Path tmp = dir.resolve("." + target.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                body.writeTo(out);
                out.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException | Error e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        syncDirectory(dir);
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
